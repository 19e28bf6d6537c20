package io.jetway.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.StreamMapper;
import io.jetway.gateway.provider.common.ChunkWriter;
import io.jetway.gateway.provider.common.Usage;
import io.jetway.sse.SseEvent;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's Messages stream (https://docs.claude.com/en/docs/build-with-claude/streaming) →
 * OpenAI {@code chat.completion.chunk}s. Stateful: one per request.
 * <ul>
 *   <li>{@code message_start}: the role chunk; the stream's id and model are the message's.</li>
 *   <li>{@code text_delta} → content. {@code tool_use} blocks → tool calls numbered 0, 1 … in
 *       order of appearance (Anthropic's block index counts text and thinking blocks too), the
 *       first delta with id, type and name, then {@code input_json_delta} fragments as arguments;
 *       a tool call whose input streamed no fragment gets {@code "{}"} so that accumulated
 *       arguments are valid JSON. The JSON tool of a response_format streams as content.</li>
 *   <li>{@code thinking_delta} / {@code signature_delta} / redacted blocks → reasoning deltas with
 *       strict OpenAI compliance off (Anthropic's block index as the {@code content_blocks}
 *       index), nothing with it on.</li>
 *   <li>{@code message_delta} carries the stop reason and the output token count;
 *       {@code message_stop} ends the stream: the finish chunk, then the usage chunk
 *       ({@code choices: []}) when {@code stream_options.include_usage} asked for it.</li>
 *   <li>{@code ping} and event types this mapper does not know are skipped (Anthropic may add
 *       event types); an {@code error} event becomes a {@link GatewayException}, and a stream that
 *       ends without {@code message_stop} is {@link #truncated()}.</li>
 * </ul>
 */
public final class AnthropicStreamMapper implements StreamMapper {

    private enum Kind {
        TEXT,
        THINKING,
        REDACTED,
        TOOL,
        JSON_TOOL,
        OTHER
    }

    /** One open content block, by Anthropic's index. */
    private static final class Block {
        final Kind kind;
        final int toolIndex;
        boolean argumentsSent;

        Block(Kind kind, int toolIndex) {
            this.kind = kind;
            this.toolIndex = toolIndex;
        }
    }

    private final CallFacts.Recorder facts;
    private final long created;
    private final String fallbackModel;
    private final boolean strict;
    private final boolean includeUsage;
    private final AnthropicRequestMapper.JsonOutput json;
    private final Map<Integer, Block> blocks = new HashMap<>();
    private ChunkWriter writer;
    private int toolCalls;
    private String stopReason;
    private final AnthropicStreamUsage usage = new AnthropicStreamUsage();

    /**
     * @param created       the request time, Unix seconds
     * @param fallbackModel the requested model, if the stream names none
     * @param strict        strict OpenAI compliance (no thinking in the stream)
     * @param includeUsage  {@code stream_options.include_usage}
     * @param json          how a response_format is carried out
     */
    public AnthropicStreamMapper(
            long created,
            String fallbackModel,
            boolean strict,
            boolean includeUsage,
            AnthropicRequestMapper.JsonOutput json) {
        this(created, fallbackModel, strict, includeUsage, json, new CallFacts.Recorder());
    }

    /** @param facts where the stream's id, model, finish reason and usage are recorded */
    public AnthropicStreamMapper(
            long created,
            String fallbackModel,
            boolean strict,
            boolean includeUsage,
            AnthropicRequestMapper.JsonOutput json,
            CallFacts.Recorder facts) {
        this.facts = facts;
        this.created = created;
        this.fallbackModel = fallbackModel == null ? "" : fallbackModel;
        this.strict = strict;
        this.includeUsage = includeUsage;
        this.json = json;
    }

    @Override
    public boolean onEvent(SseEvent event, List<String> out) {
        if ("content_block_delta".equals(event.event())) {
            AnthropicDelta delta = AnthropicDelta.parse(event.data());
            if (delta != null) {
                blockDelta(delta, out);
                return false;
            }
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(event.data());
        } catch (IOException e) {
            throw AnthropicResponseMapper.invalid("a stream event is not JSON");
        }
        if (n == null || !n.isObject()) {
            throw AnthropicResponseMapper.invalid("a stream event is not a JSON object");
        }
        String type = n.path("type").asText(event.event() == null ? "" : event.event());
        switch (type) {
            case "ping" -> {
                // keep-alive
            }
            case "error" -> throw AnthropicErrorMapper.fromStreamEvent(event.data());
            case "message_start" -> messageStart(n.path("message"), out);
            case "content_block_start" -> blockStart(n.path("index").asInt(), n.path("content_block"), out);
            case "content_block_delta" -> blockDelta(AnthropicDelta.of(n), out);
            case "content_block_stop" -> blockStop(n.path("index").asInt(), out);
            case "message_delta" -> {
                JsonNode reason = n.path("delta").path("stop_reason");
                if (reason.isTextual()) {
                    stopReason = reason.asText();
                }
                usage.report(n.path("usage"));
            }
            case "message_stop" -> {
                started();
                out.add(writer.finish(0, AnthropicResponseMapper.finishReason(stopReason, toolCalls > 0)));
                Usage total = usage.total();
                if (includeUsage) {
                    out.add(writer.usage(total, strict));
                } else {
                    writer.reported(total);
                }
                return true;
            }
            default -> {
                // An event type added after this mapper was written: nothing to translate.
            }
        }
        return false;
    }

    @Override
    public GatewayException truncated() {
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                "The provider anthropic ended the stream before " + "its message_stop event: the answer is incomplete.",
                null,
                "stream_truncated");
    }

    private void messageStart(JsonNode message, List<String> out) {
        if (writer != null) {
            throw AnthropicResponseMapper.invalid("the stream sent a second message_start");
        }
        JsonNode model = message.path("model");
        writer = new ChunkWriter(
                message.path("id").asText(""), created, model.isTextual() ? model.asText() : fallbackModel, facts);
        usage.report(message.path("usage"));
        out.add(writer.role(0));
    }

    private void blockStart(int index, JsonNode block, List<String> out) {
        started();
        switch (block.path("type").asText("")) {
            case "text" -> {
                blocks.put(index, new Block(Kind.TEXT, -1));
                text(block.path("text").asText(""), out);
            }
            case "thinking" -> {
                blocks.put(index, new Block(Kind.THINKING, -1));
                String thinking = block.path("thinking").asText("");
                if (!strict && !thinking.isEmpty()) {
                    out.add(writer.reasoning(0, index, thinking, null));
                }
            }
            case "redacted_thinking" -> {
                blocks.put(index, new Block(Kind.REDACTED, -1));
                if (!strict) {
                    out.add(writer.redactedThinking(0, index, block.path("data").asText("")));
                }
            }
            case "tool_use" -> {
                String name = block.path("name").asText("");
                JsonNode input = block.path("input");
                boolean hasInput = input.isObject() && !input.isEmpty();
                if (json.isJsonTool(name)) {
                    Block b = new Block(Kind.JSON_TOOL, -1);
                    blocks.put(index, b);
                    if (hasInput) {
                        out.add(writer.content(0, AnthropicResponseMapper.inputJson(input)));
                        b.argumentsSent = true;
                    }
                } else {
                    Block b = new Block(Kind.TOOL, toolCalls++);
                    blocks.put(index, b);
                    out.add(writer.toolCallStart(
                            0, b.toolIndex, block.path("id").asText(""), name));
                    if (hasInput) {
                        out.add(writer.toolCallArguments(0, b.toolIndex, AnthropicResponseMapper.inputJson(input)));
                        b.argumentsSent = true;
                    }
                }
            }
            default -> blocks.put(index, new Block(Kind.OTHER, -1));
        }
    }

    private void blockDelta(AnthropicDelta delta, List<String> out) {
        started();
        int index = delta.index();
        Block block = blocks.get(index);
        if (block == null) {
            throw AnthropicResponseMapper.invalid(
                    "a content_block_delta came for block " + index + ", which was never started");
        }
        switch (delta.type()) {
            case "text_delta" -> text(delta.text(), out);
            case "input_json_delta" -> {
                String fragment = delta.partial();
                if (fragment.isEmpty()) {
                    return;
                }
                if (block.kind == Kind.JSON_TOOL) {
                    out.add(writer.content(0, fragment));
                    block.argumentsSent = true;
                } else if (block.kind == Kind.TOOL) {
                    out.add(writer.toolCallArguments(0, block.toolIndex, fragment));
                    block.argumentsSent = true;
                }
            }
            case "thinking_delta" -> {
                String thinking = delta.thinking();
                if (!strict && !thinking.isEmpty()) {
                    out.add(writer.reasoning(0, index, thinking, null));
                }
            }
            case "signature_delta" -> {
                if (!strict) {
                    out.add(writer.reasoning(0, index, null, delta.signature()));
                }
            }
            default -> {
                // citations_delta and future delta types: Chat Completions has no place for them.
            }
        }
    }

    private void blockStop(int index, List<String> out) {
        Block block = blocks.get(index);
        if (block == null || block.argumentsSent) {
            return;
        }
        if (block.kind == Kind.TOOL) {
            out.add(writer.toolCallArguments(0, block.toolIndex, "{}"));
        } else if (block.kind == Kind.JSON_TOOL) {
            out.add(writer.content(0, "{}"));
        }
    }

    private void text(String text, List<String> out) {
        // With a forced JSON tool the content is the tool's input; Anthropic writes no text then.
        if (!text.isEmpty() && json.kind() != AnthropicRequestMapper.JsonOutput.Kind.TOOL) {
            out.add(writer.content(0, text));
        }
    }

    private void started() {
        if (writer == null) {
            throw AnthropicResponseMapper.invalid("the stream did not begin with message_start");
        }
    }
}
