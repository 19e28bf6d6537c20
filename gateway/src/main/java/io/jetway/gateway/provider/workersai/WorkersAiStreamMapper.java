package io.jetway.gateway.provider.workersai;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.StreamMapper;
import io.jetway.gateway.provider.common.ChunkWriter;
import io.jetway.gateway.provider.common.Usage;
import io.jetway.gateway.provider.core.JsonObjects;
import io.jetway.sse.SseEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The run API's SSE stream → OpenAI {@code chat.completion.chunk}s. Stateful: one instance per request.
 *
 * <p>Each event is {@code data: {"response": "<text>", …}}, the stream ends with {@code data: [DONE]}
 * (https://developers.cloudflare.com/workers-ai/features/streaming/). An event may also carry the
 * output's {@code usage} (the last one before {@code [DONE]}), {@code tool_calls} (whole
 * {@code {name, arguments}} calls, or OpenAI-shaped deltas by {@code index} whose later parts carry
 * argument fragments and whose empty closing part is skipped, as Cloudflare's AI SDK provider reads
 * them: cloudflare/ai {@code packages/workers-ai-provider/src/streaming.ts}) and a
 * {@code finish_reason}. On {@code [DONE]}: the finish chunk (as {@link WorkersAiResponseMapper#finishReason}
 * decides), then the usage chunk when the caller set {@code stream_options.include_usage}. An upstream
 * end before {@code [DONE]} is a truncation; an event with {@code errors} is the error it reports.
 */
public final class WorkersAiStreamMapper implements StreamMapper {

    private final AnswerPlan plan;
    private final long maxTokens;
    private final CallFacts.Recorder facts;
    /** Workers AI's tool call index → OpenAI tool index (in order of first sight). */
    private final Map<Integer, Integer> toolIndexes = new HashMap<>();

    private ChunkWriter writer;
    private Usage usage;
    private JsonNode finishReason;

    /**
     * The stream of a request prepared with {@code plan} and generated under {@code maxTokens}; its
     * facts go to {@code facts}.
     */
    public WorkersAiStreamMapper(AnswerPlan plan, long maxTokens, CallFacts.Recorder facts) {
        this.plan = plan;
        this.maxTokens = maxTokens;
        this.facts = facts;
    }

    @Override
    public boolean onEvent(SseEvent event, List<String> out) {
        if (event.isDone()) {
            start(out);
            out.add(writer.finish(
                    0, WorkersAiResponseMapper.finishReason(finishReason, !toolIndexes.isEmpty(), usage, maxTokens)));
            if (plan.includeUsage() && usage != null) {
                out.add(writer.usage(usage, plan.strict()));
            } else {
                writer.reported(usage);
            }
            return true;
        }
        if (event.data().isBlank()) {
            return false;
        }
        JsonNode e = JsonObjects.event(event.data(), WorkersAiStreamMapper::malformed);
        if (e.has("errors") && e.path("errors").size() > 0) {
            throw streamError(e);
        }
        start(out);
        String text = e.has("response") ? WorkersAiResponseMapper.text(e.get("response")) : "";
        if (!text.isEmpty()) {
            out.add(writer.content(0, text));
        }
        JsonNode calls = e.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            toolCall(calls.get(i), out);
        }
        Usage reported = WorkersAiResponseMapper.usage(e.get("usage"));
        if (reported != null) {
            usage = reported;
        }
        if (e.hasNonNull("finish_reason")) {
            finishReason = e.get("finish_reason");
        }
        return false;
    }

    @Override
    public GatewayException truncated() {
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                "The provider workers-ai ended the stream before its final [DONE]: the answer is incomplete.",
                null,
                "stream_truncated");
    }

    private void start(List<String> out) {
        if (writer == null) {
            writer = new ChunkWriter(plan.completionId(), plan.created(), plan.model(), facts);
            out.add(writer.role(0));
        }
    }

    private void toolCall(JsonNode c, List<String> out) {
        JsonNode fn = c.path("function");
        JsonNode name = fn.isObject() ? fn.get("name") : c.get("name");
        JsonNode args = fn.isObject() ? fn.get("arguments") : c.get("arguments");
        boolean hasName = name != null && name.isTextual() && !name.asText().isEmpty();
        boolean hasArgs = args != null
                && !args.isNull()
                && !(args.isTextual() && args.asText().isEmpty());
        if (!hasName && !hasArgs && !c.hasNonNull("id")) {
            return; // the closing part of a streamed call: nothing left to say
        }
        // A call without an index is a whole call of its own (a negative key no indexed call uses).
        int key = c.path("index").isInt() ? c.get("index").asInt() : -1 - toolIndexes.size();
        Integer index = toolIndexes.get(key);
        if (index == null) {
            index = toolIndexes.size();
            toolIndexes.put(key, index);
            WorkersAiResponseMapper.ToolCall call = WorkersAiResponseMapper.ToolCall.of(c, plan, index);
            out.add(writer.toolCallStart(0, index, call.id(), call.name()));
        }
        if (hasArgs || key < 0) {
            // A whole call without arguments reads as {} (as the whole answer writes it).
            out.add(writer.toolCallArguments(0, index, WorkersAiResponseMapper.ToolCall.arguments(args)));
        }
    }

    private static GatewayException streamError(JsonNode e) {
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                "The provider workers-ai reported an error in the stream: " + WorkersAiErrorMapper.message(e),
                null,
                "provider_stream_error");
    }

    private static GatewayException malformed(String what) {
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                "The provider workers-ai sent " + what + ".",
                null,
                "invalid_provider_stream");
    }
}
