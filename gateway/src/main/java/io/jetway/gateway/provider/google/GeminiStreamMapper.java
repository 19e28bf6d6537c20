package io.jetway.gateway.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.StreamMapper;
import io.jetway.gateway.provider.common.ChunkWriter;
import io.jetway.gateway.provider.common.FinishReasons;
import io.jetway.gateway.provider.common.Usage;
import io.jetway.sse.SseEvent;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gemini's {@code :streamGenerateContent?alt=sse} stream → {@code chat.completion.chunk}s. Each
 * {@code data:} is a whole {@code GenerateContentResponse} holding the next piece of each
 * candidate (https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent).
 * Stateful: one instance per request.
 *
 * <p>Gemini sends no end marker: a candidate is done when a chunk carries its
 * {@code finishReason}, and the stream then simply ends. So no event is terminal here; at the end
 * of input ({@link #onEnd}) the stream was complete only if every candidate seen had finished,
 * otherwise (including an empty stream) it is reported as truncated. {@code usageMetadata}
 * is cumulative, so the last one seen is the answer's; it is sent (when the caller asked with
 * {@code stream_options.include_usage}) as OpenAI's usage chunk at the end.
 *
 * <p>Chunk content follows {@link GeminiResponseMapper}: the same ids, tool call ids, finish
 * reasons and usage, so the accumulated stream equals the non-stream answer. Each function call
 * arrives whole in one chunk and is sent as a tool call start plus its full arguments.
 */
public final class GeminiStreamMapper implements StreamMapper {

    private final String providerId;
    private final AnswerPlan plan;
    private final CallFacts.Recorder facts;
    private final Map<Integer, Candidate> candidates = new HashMap<>(2);
    private ChunkWriter writer;
    private Usage usage;

    private static final class Candidate {
        int toolCalls;
        boolean finished;
    }

    /** The stream of a request prepared with {@code plan}; its facts go to {@code facts}. */
    public GeminiStreamMapper(String providerId, AnswerPlan plan, CallFacts.Recorder facts) {
        this.providerId = providerId;
        this.plan = plan;
        this.facts = facts;
    }

    @Override
    public boolean onEvent(SseEvent event, List<String> out) {
        String data = event.data();
        if (data.isBlank() || event.isDone()) {
            // Gemini sends no [DONE]; one added by a proxy in between changes nothing.
            return false;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(data);
        } catch (IOException e) {
            throw new GatewayException(
                    502,
                    GatewayException.UPSTREAM,
                    "The provider " + providerId + " sent a stream event that is not JSON.",
                    null,
                    "bad_upstream_event");
        }
        if (root == null || !root.isObject() && !root.isArray()) {
            throw new GatewayException(
                    502,
                    GatewayException.UPSTREAM,
                    "The provider " + providerId + " sent a stream event that is not a JSON object.",
                    null,
                    "bad_upstream_event");
        }
        if (GeminiErrorMapper.isError(root)) {
            throw GeminiErrorMapper.fromStreamPayload(providerId, root);
        }
        JsonNode list = root.path("candidates");
        if (list.isEmpty() && root.path("promptFeedback").hasNonNull("blockReason")) {
            throw GeminiErrorMapper.promptBlocked(providerId, root.get("promptFeedback"));
        }
        if (writer == null) {
            writer =
                    new ChunkWriter(plan.completionId(), plan.created(), GeminiResponseMapper.model(plan, root), facts);
        }
        for (int p = 0; p < list.size(); p++) {
            candidate(list.get(p), p, out);
        }
        JsonNode meta = root.get("usageMetadata");
        if (meta != null && meta.isObject()) {
            usage = GeminiResponseMapper.usage(meta);
        }
        return false;
    }

    private void candidate(JsonNode c, int position, List<String> out) {
        int index = GeminiResponseMapper.index(c, position);
        Candidate state = candidates.get(index);
        if (state == null) {
            state = new Candidate();
            candidates.put(index, state);
            out.add(writer.role(index));
        }
        for (JsonNode part : c.path("content").path("parts")) {
            JsonNode fc = part.get("functionCall");
            if (fc != null && fc.isObject()) {
                String id = GeminiToolCallIds.withSignature(
                        GeminiToolCallIds.generate(plan.traceId(), plan.receivedAt(), index, state.toolCalls),
                        part.path("thoughtSignature").asText(null));
                out.add(writer.toolCallStart(
                        index, state.toolCalls, id, fc.path("name").asText()));
                out.add(writer.toolCallArguments(index, state.toolCalls, GeminiResponseMapper.arguments(fc)));
                state.toolCalls++;
            } else if (part.path("text").isTextual()) {
                String text = part.get("text").asText();
                if (part.path("thought").asBoolean(false)) {
                    String signature = part.path("thoughtSignature").asText(null);
                    if (!plan.strict() && (!text.isEmpty() || signature != null)) {
                        out.add(writer.reasoning(index, 0, text.isEmpty() ? null : text, signature));
                    }
                } else if (!text.isEmpty()) {
                    out.add(writer.content(index, text));
                }
            }
        }
        String finish = c.path("finishReason").asText(null);
        if (finish != null && !finish.isEmpty() && !state.finished) {
            state.finished = true;
            FinishReasons.Reason reason = state.toolCalls > 0
                    ? FinishReasons.Reason.TOOL_CALLS
                    : GeminiFinishReason.fromWire(finish).toOpenAi();
            out.add(writer.finish(index, reason));
        }
    }

    @Override
    public void onEnd(List<String> out) {
        if (candidates.isEmpty()) {
            throw truncated();
        }
        for (Candidate c : candidates.values()) {
            if (!c.finished) {
                throw truncated();
            }
        }
        if (plan.includeUsage() && usage != null) {
            out.add(writer.usage(usage, plan.strict()));
        } else {
            writer.reported(usage);
        }
    }

    @Override
    public GatewayException truncated() {
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                "The provider " + providerId + " ended the stream before its finishReason: the answer is incomplete.",
                null,
                "stream_truncated");
    }
}
