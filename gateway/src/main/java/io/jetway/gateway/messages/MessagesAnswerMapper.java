package io.jetway.gateway.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.core.StopReasons;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An OpenAI {@code chat.completion} (as the gateway's chat translation wrote it) → Anthropic's
 * {@code message} (https://docs.claude.com/en/api/messages): the first choice's reasoning as a
 * {@code thinking} block (Portkey's {@code content_blocks} when present, with their signatures;
 * else {@code reasoning_content}), its text as a {@code text} block, each tool call as a
 * {@code tool_use} block (arguments parsed back to the {@code input} object); the finish reason as
 * {@code stop_reason} ({@link StopReasons}; OpenAI's {@code stop} does not tell a stop sequence from
 * a natural end, so {@code stop_sequence} is always null); usage as {@link MessagesUsage}.
 */
public final class MessagesAnswerMapper {

    private MessagesAnswerMapper() {}

    /** @throws GatewayException 502 when the body is not a chat completion */
    public static byte[] map(byte[] completion) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(completion);
        } catch (IOException e) {
            throw notACompletion();
        }
        if (root == null || !root.path("choices").isArray()) {
            throw notACompletion();
        }
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", root.path("id").asText(""));
        out.put("type", "message");
        out.put("role", "assistant");
        out.put("model", root.path("model").asText(""));
        ArrayNode content = out.putArray("content");
        thinking(message, content);
        String text =
                message.path("content").isTextual() ? message.get("content").asText() : "";
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        JsonNode calls = message.path("tool_calls");
        for (JsonNode call : calls) {
            ObjectNode block = content.addObject()
                    .put("type", "tool_use")
                    .put("id", call.path("id").asText(""))
                    .put("name", call.path("function").path("name").asText(""));
            block.set(
                    "input",
                    ToolInputs.parse(call.path("function").path("arguments").asText("")));
        }
        String finish = choice.path("finish_reason").isTextual()
                ? choice.get("finish_reason").asText()
                : null;
        out.put("stop_reason", StopReasons.anthropic(finish, !calls.isEmpty()));
        out.putNull("stop_sequence");
        out.set("usage", MessagesUsage.of(root.path("usage")));
        try {
            return Json.MAPPER.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void thinking(JsonNode message, ArrayNode content) {
        JsonNode blocks = message.path("content_blocks");
        boolean any = false;
        for (JsonNode block : blocks) {
            String type = block.path("type").asText();
            if (type.equals("thinking")) {
                content.addObject()
                        .put("type", "thinking")
                        .put("thinking", block.path("thinking").asText(""))
                        .put("signature", block.path("signature").asText(""));
                any = true;
            } else if (type.equals("redacted_thinking")) {
                content.addObject()
                        .put("type", "redacted_thinking")
                        .put("data", block.path("data").asText(""));
                any = true;
            }
        }
        if (any) {
            return;
        }
        String reasoning = message.path("reasoning_content").isTextual()
                ? message.get("reasoning_content").asText()
                : message.path("reasoning").isTextual()
                        ? message.get("reasoning").asText()
                        : "";
        if (!reasoning.isEmpty()) {
            content.addObject()
                    .put("type", "thinking")
                    .put("thinking", reasoning)
                    .put("signature", "");
        }
    }

    private static GatewayException notACompletion() {
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                "The provider's answer could not be read as a chat completion to translate to a message.",
                null,
                "invalid_upstream_response");
    }
}
