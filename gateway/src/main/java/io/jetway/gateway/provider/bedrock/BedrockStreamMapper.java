package io.jetway.gateway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.FramedChunkSource;
import io.jetway.gateway.provider.bedrock.eventstream.EventStreamMessage;
import io.jetway.gateway.provider.common.ChunkWriter;
import io.jetway.gateway.provider.common.FinishReasons;
import io.jetway.gateway.provider.common.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ConverseStream events → {@code chat.completion.chunk}s. Stateful: one per request.
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html)
 *
 * <ul>
 *   <li>{@code :event-type} names the event: {@code messageStart} → the role chunk;
 *       {@code contentBlockStart} with {@code toolUse} → a tool call's first chunk (id, name);
 *       {@code contentBlockDelta} → text, tool-call argument fragments, or reasoning (only when
 *       strict OpenAI compliance is off); {@code contentBlockStop} → nothing;
 *       {@code messageStop} → the finish chunk; {@code metadata} → the usage chunk (when the
 *       caller asked with {@code stream_options.include_usage}) and the end of the stream;</li>
 *   <li>{@code :message-type: exception} ({@code :exception-type} throttlingException,
 *       modelStreamErrorException, validationException …) → a {@link GatewayException} with the
 *       type's status, which ends the client's stream with an error event;</li>
 *   <li>an end before both {@code messageStop} and {@code metadata} → {@link #truncated()}.</li>
 * </ul>
 * The forced JSON tool of {@code response_format} streams as content, as in the non-stream answer.
 */
final class BedrockStreamMapper implements FramedChunkSource.Mapper<EventStreamMessage> {

    private final ChunkWriter writer;
    private final boolean extras;
    private final boolean includeUsage;
    private final String forcedTool;
    /** Bedrock content block index → OpenAI tool call index; the forced JSON tool's block maps to -1. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();

    private int nextToolIndex;
    private boolean started;
    private boolean stopped;
    private boolean realToolCalls;

    /**
     * The stream of a request prepared with {@code plan}; its facts go to {@code facts}.
     *
     * @param forcedTool the tool forced for {@code response_format} (its input streams as content), or null
     */
    BedrockStreamMapper(AnswerPlan plan, String forcedTool, CallFacts.Recorder facts) {
        this.writer = new ChunkWriter(plan.completionId(), plan.created(), plan.model(), facts);
        this.extras = !plan.strict();
        this.includeUsage = plan.includeUsage();
        this.forcedTool = forcedTool;
    }

    /**
     * Maps one message, appending client payloads to {@code out}.
     *
     * @return true when the stream is complete (message stop and metadata both received)
     * @throws GatewayException for exception events and malformed events
     */
    @Override
    public boolean onFrame(EventStreamMessage message, List<String> out) {
        String messageType = message.stringHeader(":message-type");
        if ("exception".equals(messageType)) {
            throw BedrockErrorMapper.fromStreamException(message.stringHeader(":exception-type"), message.payload());
        }
        if ("error".equals(messageType)) {
            String code = message.stringHeader(":error-code");
            String text = message.stringHeader(":error-message");
            throw new GatewayException(
                    502,
                    GatewayException.UPSTREAM,
                    "bedrock ended the stream with an error" + (code == null ? "" : " " + code)
                            + (text == null ? "." : ": " + text),
                    null,
                    code);
        }
        String eventType = message.stringHeader(":event-type");
        if (eventType == null) {
            return false; // not an event (no type to act on): nothing to map
        }
        switch (eventType) {
            case "messageStart" -> start(out);
            case "contentBlockStart" -> blockStart(payload(message), out);
            case "contentBlockDelta" -> delta(payload(message), out);
            case "contentBlockStop" -> {
                // nothing to send: OpenAI has no block boundaries
            }
            case "messageStop" -> {
                start(out);
                FinishReasons.Reason reason = BedrockResponseMapper.finishReason(
                        payload(message).path("stopReason").asText(null));
                if (reason == FinishReasons.Reason.TOOL_CALLS && !realToolCalls && forcedTool != null) {
                    reason = FinishReasons.Reason.STOP; // the forced JSON tool's input was the content
                }
                out.add(writer.finish(0, reason));
                stopped = true;
            }
            case "metadata" -> {
                Usage usage = BedrockResponseMapper.usage(payload(message).path("usage"));
                if (includeUsage) {
                    out.add(writer.usage(usage, !extras));
                } else {
                    writer.reported(usage);
                }
                return stopped;
            }
            default -> {
                // A new event type: ignored deliberately, the events above carry the answer.
            }
        }
        return false;
    }

    /** The error when the stream ended before {@code messageStop} and {@code metadata}. */
    @Override
    public GatewayException truncated() {
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                "bedrock ended the stream before " + (stopped ? "its metadata event" : "its messageStop event")
                        + ": the answer is incomplete.",
                null,
                "stream_truncated");
    }

    private void start(List<String> out) {
        if (!started) {
            started = true;
            out.add(writer.role(0));
        }
    }

    private void blockStart(JsonNode event, List<String> out) {
        JsonNode toolUse = event.path("start").path("toolUse");
        if (toolUse.isMissingNode()) {
            return; // other block starts (image, toolResult) have no Chat Completions form
        }
        start(out);
        int block = event.path("contentBlockIndex").asInt();
        String name = toolUse.path("name").asText();
        if (name.equals(forcedTool)) {
            toolBlocks.put(block, -1);
            return;
        }
        int index = nextToolIndex++;
        toolBlocks.put(block, index);
        realToolCalls = true;
        out.add(writer.toolCallStart(0, index, toolUse.path("toolUseId").asText(), name));
    }

    private void delta(JsonNode event, List<String> out) {
        JsonNode delta = event.path("delta");
        int block = event.path("contentBlockIndex").asInt();
        start(out);
        if (delta.has("text")) {
            String text = delta.get("text").asText();
            if (!text.isEmpty()) {
                out.add(writer.content(0, text));
            }
        } else if (delta.has("toolUse")) {
            Integer index = toolBlocks.get(block);
            if (index == null) {
                throw GatewayException.badGateway("bedrock streamed tool input for content block " + block
                        + " without starting a tool use there.");
            }
            String fragment = delta.get("toolUse").path("input").asText("");
            if (fragment.isEmpty()) {
                return;
            }
            out.add(index < 0 ? writer.content(0, fragment) : writer.toolCallArguments(0, index, fragment));
        } else if (delta.has("reasoningContent")) {
            if (!extras) {
                return; // strict OpenAI compliance: thinking never appears
            }
            JsonNode reasoning = delta.get("reasoningContent");
            if (reasoning.has("text")) {
                out.add(writer.reasoning(0, block, reasoning.get("text").asText(), null));
            } else if (reasoning.has("signature")) {
                out.add(writer.reasoning(
                        0, block, null, reasoning.get("signature").asText()));
            }
            // redactedContent has no delta form in ChunkWriter's shape; it is not streamed.
        }
        // Other deltas (citation, image, toolResult) have no Chat Completions form.
    }

    private static JsonNode payload(EventStreamMessage message) {
        try {
            JsonNode node = Json.MAPPER.readTree(message.payload());
            if (node == null || !node.isObject()) {
                throw GatewayException.badGateway("bedrock sent a stream event whose payload is not a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw GatewayException.badGateway("bedrock sent a stream event whose payload is not JSON: "
                    + new String(
                            message.payload(), 0, Math.min(message.payload().length, 200), StandardCharsets.UTF_8));
        }
    }
}
