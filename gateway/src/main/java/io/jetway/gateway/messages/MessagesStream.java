package io.jetway.gateway.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.anthropic.MessagesRelay;
import io.jetway.gateway.provider.core.StopReasons;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A translated chat stream ({@code chat.completion.chunk}s, as the gateway's chat translation
 * writes them) as Anthropic's event sequence
 * (https://docs.claude.com/en/docs/build-with-claude/streaming), chunk by chunk, nothing held back:
 * <ul>
 *   <li>the first chunk opens the message: {@code message_start} (id and model from the chunk,
 *       empty content, usage zero until the end);</li>
 *   <li>reasoning deltas ({@code reasoning_content}, and Portkey's {@code content_blocks} with
 *       their signatures) → a {@code thinking} block with {@code thinking_delta} /
 *       {@code signature_delta}; content → a {@code text} block with {@code text_delta}; each new
 *       tool call (a delta with an id) → a {@code tool_use} block, its argument fragments as
 *       {@code input_json_delta}. A block of another kind (or another tool call) closes the open one
 *       ({@code content_block_stop}): blocks are numbered 0, 1 … in order;</li>
 *   <li>the end of the chat stream closes the open block and sends {@code message_delta} (the
 *       finish reason as {@code stop_reason}, {@link StopReasons}; the usage chunk's counts,
 *       {@link MessagesUsage}) and {@code message_stop}.</li>
 * </ul>
 * A chat stream that fails throws as it did, and the server ends the stream with Anthropic's
 * {@code error} event. One per request; not thread-safe.
 */
public final class MessagesStream implements ChunkSource {

    private enum Kind {
        THINKING,
        TEXT,
        TOOL
    }

    private final ChunkSource chat;
    private final ArrayDeque<String> pending = new ArrayDeque<>(4);
    /** The tool_use block of each of the chat stream's tool call indexes. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();

    private boolean started;
    private boolean ended;
    private Kind open;
    private int openIndex = -1;
    private int blocks;
    private String finishReason;
    private boolean toolCalls;
    private JsonNode usage;
    private String fallbackId;
    private String fallbackModel;

    /**
     * @param chat          the chat stream; owned by this source
     * @param fallbackId    the message id if the stream names none
     * @param fallbackModel the model called, if the stream names none
     */
    public MessagesStream(ChunkSource chat, String fallbackId, String fallbackModel) {
        this.chat = chat;
        this.fallbackId = fallbackId;
        this.fallbackModel = fallbackModel;
    }

    @Override
    public String next() {
        while (pending.isEmpty()) {
            if (ended) {
                return null;
            }
            String chunk = chat.next();
            if (chunk == null) {
                end();
            } else {
                onChunk(chunk);
            }
        }
        return pending.poll();
    }

    @Override
    public boolean ready() {
        return !pending.isEmpty() || ended || chat.ready();
    }

    @Override
    public void cancel() {
        chat.cancel();
    }

    @Override
    public void close() {
        chat.close();
    }

    private void onChunk(String payload) {
        JsonNode chunk;
        try {
            chunk = Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new GatewayException(
                    502,
                    GatewayException.UPSTREAM,
                    "The provider's stream sent a chunk that is " + "not JSON; the message is incomplete.",
                    null,
                    "invalid_upstream_response");
        }
        start(chunk);
        JsonNode u = chunk.get("usage");
        if (u != null && u.isObject()) {
            usage = u;
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isMissingNode()) {
            return;
        }
        JsonNode delta = choice.path("delta");
        reasoning(delta);
        JsonNode content = delta.get("content");
        if (content != null && content.isTextual() && !content.asText().isEmpty()) {
            open(Kind.TEXT, () -> block("text").put("text", ""));
            delta("text_delta", "text", content.asText());
        }
        for (JsonNode call : delta.path("tool_calls")) {
            toolCall(call);
        }
        JsonNode finish = choice.get("finish_reason");
        if (finish != null && finish.isTextual()) {
            finishReason = finish.asText();
        }
    }

    private void start(JsonNode chunk) {
        if (started) {
            return;
        }
        started = true;
        if (chunk != null) {
            fallbackId =
                    chunk.path("id").isTextual() && !chunk.get("id").asText().isEmpty()
                            ? chunk.get("id").asText()
                            : fallbackId;
            fallbackModel = chunk.path("model").isTextual() ? chunk.get("model").asText() : fallbackModel;
        }
        ObjectNode event = Json.MAPPER.createObjectNode().put("type", "message_start");
        ObjectNode message = event.putObject("message");
        message.put("id", fallbackId).put("type", "message").put("role", "assistant");
        message.putArray("content");
        message.put("model", fallbackModel);
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", MessagesUsage.of(Json.MAPPER.createObjectNode()));
        emit("message_start", event);
    }

    private void reasoning(JsonNode delta) {
        JsonNode blocks = delta.path("content_blocks");
        if (blocks.isArray() && !blocks.isEmpty()) {
            for (JsonNode block : blocks) {
                JsonNode d = block.path("delta");
                if ("redacted_thinking".equals(d.path("type").asText())) {
                    closeBlock();
                    ObjectNode start = Json.MAPPER
                            .createObjectNode()
                            .put("type", "content_block_start")
                            .put("index", this.blocks);
                    start.putObject("content_block")
                            .put("type", "redacted_thinking")
                            .put("data", d.path("data").asText(""));
                    emit("content_block_start", start);
                    open = null;
                    openIndex = this.blocks;
                    this.blocks++;
                    stopOpen();
                    continue;
                }
                if (d.path("thinking").isTextual()) {
                    open(
                            Kind.THINKING,
                            () -> block("thinking").put("thinking", "").put("signature", ""));
                    delta("thinking_delta", "thinking", d.get("thinking").asText());
                }
                if (d.path("signature").isTextual()) {
                    open(
                            Kind.THINKING,
                            () -> block("thinking").put("thinking", "").put("signature", ""));
                    delta("signature_delta", "signature", d.get("signature").asText());
                }
            }
            return;
        }
        JsonNode text = delta.path("reasoning_content").isTextual()
                ? delta.get("reasoning_content")
                : delta.path("reasoning").isTextual() ? delta.get("reasoning") : null;
        if (text != null && !text.asText().isEmpty()) {
            open(Kind.THINKING, () -> block("thinking").put("thinking", "").put("signature", ""));
            delta("thinking_delta", "thinking", text.asText());
        }
    }

    private void toolCall(JsonNode call) {
        int toolIndex = call.path("index").asInt(0);
        Integer block = toolBlocks.get(toolIndex);
        if (block == null) {
            toolCalls = true;
            closeBlock();
            ObjectNode start = Json.MAPPER
                    .createObjectNode()
                    .put("type", "content_block_start")
                    .put("index", blocks);
            ObjectNode content = start.putObject("content_block")
                    .put("type", "tool_use")
                    .put("id", call.path("id").asText(""))
                    .put("name", call.path("function").path("name").asText(""));
            content.putObject("input");
            emit("content_block_start", start);
            open = Kind.TOOL;
            openIndex = blocks;
            toolBlocks.put(toolIndex, blocks);
            blocks++;
        } else if (block != openIndex) {
            // Fragments of an earlier call after another block began: Anthropic's blocks do not
            // interleave, and that call's block is closed. Its input cannot be completed.
            throw new GatewayException(
                    502,
                    GatewayException.UPSTREAM,
                    "The provider's stream interleaved tool " + "calls, which Anthropic's event sequence cannot carry.",
                    null,
                    "invalid_upstream_response");
        }
        JsonNode arguments = call.path("function").path("arguments");
        if (arguments.isTextual() && !arguments.asText().isEmpty()) {
            delta("input_json_delta", "partial_json", arguments.asText());
        }
    }

    private void end() {
        start(null);
        closeBlock();
        ObjectNode event = Json.MAPPER.createObjectNode().put("type", "message_delta");
        event.putObject("delta")
                .put("stop_reason", StopReasons.anthropic(finishReason, toolCalls))
                .putNull("stop_sequence");
        event.set("usage", MessagesUsage.of(usage == null ? Json.MAPPER.createObjectNode() : usage));
        emit("message_delta", event);
        emit("message_stop", Json.MAPPER.createObjectNode().put("type", "message_stop"));
        ended = true;
    }

    /** Makes a block of {@code kind} the open one, closing another kind's first. */
    private void open(Kind kind, java.util.function.Supplier<ObjectNode> contentBlock) {
        if (open == kind && kind != Kind.TOOL) {
            return;
        }
        closeBlock();
        ObjectNode start = Json.MAPPER
                .createObjectNode()
                .put("type", "content_block_start")
                .put("index", blocks);
        start.set("content_block", contentBlock.get());
        emit("content_block_start", start);
        open = kind;
        openIndex = blocks;
        blocks++;
    }

    private static ObjectNode block(String type) {
        return Json.MAPPER.createObjectNode().put("type", type);
    }

    private void delta(String type, String field, String value) {
        ObjectNode event = Json.MAPPER
                .createObjectNode()
                .put("type", "content_block_delta")
                .put("index", openIndex);
        event.putObject("delta").put("type", type).put(field, value);
        emit("content_block_delta", event);
    }

    private void closeBlock() {
        if (open != null) {
            stopOpen();
            open = null;
        }
    }

    private void stopOpen() {
        emit(
                "content_block_stop",
                Json.MAPPER.createObjectNode().put("type", "content_block_stop").put("index", openIndex));
    }

    private void emit(String type, ObjectNode event) {
        pending.add(MessagesRelay.frame(type, event.toString()));
    }
}
