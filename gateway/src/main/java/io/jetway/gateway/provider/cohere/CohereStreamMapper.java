package io.jetway.gateway.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.StreamMapper;
import io.jetway.gateway.provider.common.ChunkWriter;
import io.jetway.gateway.provider.common.FinishReasons.Reason;
import io.jetway.gateway.provider.common.Usage;
import io.jetway.gateway.provider.core.JsonObjects;
import io.jetway.sse.SseEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cohere Chat v2 stream ({@code StreamedChatResponseV2}, https://docs.cohere.com/reference/chat-stream,
 * https://docs.cohere.com/v2/docs/streaming) → OpenAI {@code chat.completion.chunk}s. Stateful:
 * one instance per request.
 *
 * <p>Each SSE event's JSON names its type in {@code type} (the {@code event:} field repeats it
 * and is used only when {@code type} is missing):
 * <ul>
 *   <li>{@code message-start} → the role chunk, with Cohere's id as the completion id;</li>
 *   <li>{@code content-start} / {@code content-delta} → text deltas; thinking deltas only with
 *       strict OpenAI compliance off, as reasoning with the block's Cohere content index;</li>
 *   <li>{@code tool-plan-delta} → reasoning (strict off), in a block after the content blocks;</li>
 *   <li>{@code tool-call-start} → the tool call's first delta (id, name), {@code tool-call-delta}
 *       → argument fragments, by OpenAI tool index (in order of start);</li>
 *   <li>{@code message-end} (the documented terminal event) → the finish chunk, then the usage
 *       chunk when the caller set {@code stream_options.include_usage}; an {@code error} in it,
 *       or finish reason {@code ERROR}/{@code TIMEOUT}, is an error instead;</li>
 *   <li>{@code content-end}, {@code tool-call-end}, {@code citation-*}, {@code debug} and types
 *       newer than this mapper carry nothing for Chat Completions and are skipped.</li>
 * </ul>
 * An end of the upstream stream (or a {@code [DONE]}) before {@code message-end} is a truncation.
 */
public final class CohereStreamMapper implements StreamMapper {

    private final AnswerPlan plan;
    private final CallFacts.Recorder facts;
    /** Cohere's tool-call index → OpenAI tool index. */
    private final Map<Integer, Integer> toolIndexes = new HashMap<>();

    private ChunkWriter writer;
    private int lastToolIndex = -1;
    /** The first content block index no Cohere content block has used. */
    private int nextBlock;

    private int toolPlanBlock = -1;

    /** The stream of a request prepared with {@code plan}; its facts go to {@code facts}. */
    public CohereStreamMapper(AnswerPlan plan, CallFacts.Recorder facts) {
        this.plan = plan;
        this.facts = facts;
    }

    @Override
    public boolean onEvent(SseEvent event, List<String> out) {
        if (event.isDone()) {
            throw truncated();
        }
        if (event.data().isBlank()) {
            return false;
        }
        JsonNode e = JsonObjects.event(event.data(), CohereStreamMapper::malformed);
        String type = CohereResponseMapper.textOrNull(e.get("type"));
        if (type == null) {
            type = event.event();
        }
        if (type == null || "error".equals(type)) {
            throw streamError(e);
        }
        switch (type) {
            case "message-start" -> start(CohereResponseMapper.textOrNull(e.get("id")), out);
            case "content-start", "content-delta" -> content(e, out);
            case "tool-plan-delta" -> toolPlan(e, out);
            case "tool-call-start" -> toolCallStart(e, out);
            case "tool-call-delta" -> toolCallDelta(e, out);
            case "message-end" -> {
                end(e, out);
                return true;
            }
            default -> {
                // content-end, tool-call-end, citation-start/-end, debug, and types newer than this
                // mapper: nothing to tell a Chat Completions client.
            }
        }
        return false;
    }

    @Override
    public GatewayException truncated() {
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                "The provider cohere ended the stream before "
                        + "its final message-end event: the answer is incomplete.",
                null,
                "stream_truncated");
    }

    private void start(String id, List<String> out) {
        if (writer == null) {
            writer = new ChunkWriter(
                    id != null && !id.isEmpty() ? id : plan.completionId(), plan.created(), plan.model(), facts);
            out.add(writer.role(0));
        }
    }

    private void content(JsonNode e, List<String> out) {
        start(null, out);
        int index = e.path("index").asInt(0);
        nextBlock = Math.max(nextBlock, index + 1);
        JsonNode c = e.path("delta").path("message").path("content");
        String text = CohereResponseMapper.textOrNull(c.get("text"));
        if (text != null && !text.isEmpty()) {
            out.add(writer.content(0, text));
        }
        String thinking = CohereResponseMapper.textOrNull(c.get("thinking"));
        if (!plan.strict() && thinking != null && !thinking.isEmpty()) {
            out.add(writer.reasoning(0, index, thinking, null));
        }
    }

    private void toolPlan(JsonNode e, List<String> out) {
        start(null, out);
        String toolPlan =
                CohereResponseMapper.textOrNull(e.path("delta").path("message").get("tool_plan"));
        if (!plan.strict() && toolPlan != null && !toolPlan.isEmpty()) {
            if (toolPlanBlock < 0) {
                toolPlanBlock = nextBlock++;
            }
            out.add(writer.reasoning(0, toolPlanBlock, toolPlan, null));
        }
    }

    private void toolCallStart(JsonNode e, List<String> out) {
        start(null, out);
        int index = toolIndexes.size();
        toolIndexes.put(e.path("index").asInt(index), index);
        lastToolIndex = index;
        JsonNode tc = e.path("delta").path("message").path("tool_calls");
        JsonNode fn = tc.path("function");
        out.add(writer.toolCallStart(
                0,
                index,
                CohereResponseMapper.toolCallId(tc.get("id"), plan, index),
                fn.path("name").asText()));
        String args = CohereResponseMapper.textOrNull(fn.get("arguments"));
        if (args != null && !args.isEmpty()) {
            out.add(writer.toolCallArguments(0, index, args));
        }
    }

    private void toolCallDelta(JsonNode e, List<String> out) {
        Integer index =
                e.has("index") ? toolIndexes.get(e.path("index").asInt()) : lastToolIndex >= 0 ? lastToolIndex : null;
        if (index == null) {
            throw malformed("a tool-call-delta event for a tool call that never started");
        }
        String args = CohereResponseMapper.textOrNull(e.path("delta")
                .path("message")
                .path("tool_calls")
                .path("function")
                .get("arguments"));
        if (args != null && !args.isEmpty()) {
            out.add(writer.toolCallArguments(0, index, args));
        }
    }

    private void end(JsonNode e, List<String> out) {
        JsonNode delta = e.path("delta");
        String error = CohereResponseMapper.textOrNull(delta.get("error"));
        if (error != null && !error.isBlank()) {
            throw CohereFinishReason.generationError(error);
        }
        Reason reason = CohereFinishReason.parse(CohereResponseMapper.textOrNull(delta.get("finish_reason")))
                .toOpenAi(!toolIndexes.isEmpty());
        start(null, out);
        out.add(writer.finish(0, reason));
        Usage usage = CohereResponseMapper.usage(delta.get("usage"));
        if (plan.includeUsage() && usage != null) {
            out.add(writer.usage(usage, plan.strict()));
        } else {
            writer.reported(usage);
        }
        CohereResponseMapper.billed(delta.get("usage"), facts);
    }

    /** An error Cohere sent inside the stream ({@code {"message": …}} like its error bodies). */
    private static GatewayException streamError(JsonNode e) {
        String message = CohereResponseMapper.textOrNull(e.get("message"));
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                message != null && !message.isBlank()
                        ? "The provider cohere reported an error in the stream: " + message
                        : "The provider cohere sent a stream event without a type: " + snippet(e.toString()),
                null,
                "provider_stream_error");
    }

    private static GatewayException malformed(String what) {
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                "The provider cohere sent " + what + ".",
                null,
                "invalid_provider_stream");
    }

    private static String snippet(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
