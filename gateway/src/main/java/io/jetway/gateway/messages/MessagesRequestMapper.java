package io.jetway.gateway.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Anthropic's Messages request (https://docs.claude.com/en/api/messages) → an OpenAI Chat
 * Completions request, for providers that do not speak Messages. Pure: a JSON tree in, a tree out.
 * <ul>
 *   <li>{@code system} (a string or text blocks) → a first {@code system} message.</li>
 *   <li>User text and image blocks → content parts (a base64 image as a data URL, a URL image as
 *       its URL); {@code tool_result} blocks → {@code tool} messages before the user's other
 *       content (OpenAI wants them right after the assistant's calls), their text content joined.</li>
 *   <li>Assistant text → content; {@code tool_use} → {@code tool_calls} (input as JSON text);
 *       {@code thinking} / {@code redacted_thinking} in the history are left out (Chat Completions
 *       has no place for them).</li>
 *   <li>{@code max_tokens}, {@code temperature}, {@code top_p}, {@code stream} as they are
 *       ({@code stream_options.include_usage} added, so the stream's last event has usage);
 *       {@code stop_sequences} → {@code stop}; {@code metadata.user_id} → {@code user}.</li>
 *   <li>Client tools → function tools; {@code tool_choice} auto/any/none/tool → auto/required/none/the
 *       function, {@code disable_parallel_tool_use} → {@code parallel_tool_calls: false}.</li>
 *   <li>{@code thinking: {type: enabled, budget_tokens}} → {@code reasoning_effort} (low up to
 *       {@value #LOW_BUDGET} tokens, medium up to {@value #MEDIUM_BUDGET}, high above).</li>
 *   <li>Anything else (server tools, documents, {@code top_k}, fields Anthropic may add) cannot be
 *       said in Chat Completions: left out and named in {@link Mapped#dropped()}.</li>
 * </ul>
 */
public final class MessagesRequestMapper {

    static final long LOW_BUDGET = 4096;
    static final long MEDIUM_BUDGET = 16384;

    /** The top-level fields mapped here; every other one is dropped and named. */
    private static final Set<String> MAPPED = Set.of(
            "model",
            "messages",
            "system",
            "max_tokens",
            "temperature",
            "top_p",
            "stream",
            "stop_sequences",
            "metadata",
            "tools",
            "tool_choice",
            "thinking");

    /** The chat request and the Messages fields it could not carry. */
    public record Mapped(ObjectNode chat, List<String> dropped) {}

    private MessagesRequestMapper() {}

    /**
     * @param messages the caller's Messages body (overrides applied), validated against the spec
     * @param stream   the caller's stream flag
     * @throws GatewayException 400 naming the field when a block lacks what its translation needs
     */
    public static Mapped map(ObjectNode messages, boolean stream) {
        Set<String> dropped = new LinkedHashSet<>();
        ObjectNode chat = Json.MAPPER.createObjectNode();
        chat.set("model", messages.get("model"));
        ArrayNode out = chat.putArray("messages");
        String system = system(messages.get("system"));
        if (system != null) {
            out.addObject().put("role", "system").put("content", system);
        }
        JsonNode in = messages.path("messages");
        for (int i = 0; i < in.size(); i++) {
            JsonNode message = in.get(i);
            if ("assistant".equals(message.path("role").asText())) {
                assistant(message.get("content"), out, dropped);
            } else {
                user(message.get("content"), i, out, dropped);
            }
        }
        copy(messages, "max_tokens", chat, "max_tokens");
        copy(messages, "temperature", chat, "temperature");
        copy(messages, "top_p", chat, "top_p");
        copy(messages, "stop_sequences", chat, "stop");
        JsonNode user = messages.path("metadata").path("user_id");
        if (user.isTextual()) {
            chat.put("user", user.asText());
        }
        if (stream) {
            chat.put("stream", true);
            chat.putObject("stream_options").put("include_usage", true);
        }
        boolean tools = tools(messages.path("tools"), chat, dropped);
        toolChoice(messages.get("tool_choice"), tools, chat);
        thinking(messages.get("thinking"), chat);
        for (Map.Entry<String, JsonNode> field : messages.properties()) {
            if (!MAPPED.contains(field.getKey()) && !field.getValue().isNull()) {
                dropped.add(field.getKey());
            }
        }
        return new Mapped(chat, List.copyOf(dropped));
    }

    private static String system(JsonNode system) {
        if (system == null || system.isNull()) {
            return null;
        }
        if (system.isTextual()) {
            return system.asText();
        }
        return texts(system);
    }

    /** The text of a list of blocks (text blocks only), joined by newlines; a string as it is. */
    static String texts(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText())) {
                parts.add(block.path("text").asText(""));
            }
        }
        return String.join("\n", parts);
    }

    private static void user(JsonNode content, int index, ArrayNode out, Set<String> dropped) {
        if (content == null || content.isTextual()) {
            out.addObject().put("role", "user").put("content", content == null ? "" : content.asText());
            return;
        }
        ArrayNode parts = Json.MAPPER.createArrayNode();
        for (JsonNode block : content) {
            String type = block.path("type").asText();
            switch (type) {
                case "text" ->
                    parts.addObject()
                            .put("type", "text")
                            .put("text", block.path("text").asText(""));
                case "image" -> image(block.path("source"), index, parts, dropped);
                case "tool_result" -> toolResult(block, index, out, dropped);
                default -> dropped.add("messages[].content[]." + type);
            }
        }
        if (!parts.isEmpty()) {
            ObjectNode message = out.addObject().put("role", "user");
            message.set("content", parts);
        }
    }

    private static void image(JsonNode source, int index, ArrayNode parts, Set<String> dropped) {
        String url = switch (source.path("type").asText()) {
            case "base64" -> {
                String mediaType = source.path("media_type").asText("");
                String data = source.path("data").asText("");
                if (mediaType.isEmpty() || data.isEmpty()) {
                    throw GatewayException.invalidRequest(
                            "messages[" + index + "]: a base64 image needs " + "`source.media_type` and `source.data`.",
                            "messages");
                }
                yield "data:" + mediaType + ";base64," + data;
            }
            case "url" -> {
                String u = source.path("url").asText("");
                if (u.isEmpty()) {
                    throw GatewayException.invalidRequest(
                            "messages[" + index + "]: a URL image needs `source.url`.", "messages");
                }
                yield u;
            }
            default -> null;
        };
        if (url == null) {
            dropped.add(
                    "messages[].content[].image.source." + source.path("type").asText());
            return;
        }
        ObjectNode part = parts.addObject().put("type", "image_url");
        part.putObject("image_url").put("url", url);
    }

    private static void toolResult(JsonNode block, int index, ArrayNode out, Set<String> dropped) {
        String id = block.path("tool_use_id").asText("");
        if (id.isEmpty()) {
            throw GatewayException.invalidRequest(
                    "messages[" + index + "]: a tool_result needs `tool_use_id`.", "messages");
        }
        JsonNode content = block.get("content");
        if (content != null && content.isArray()) {
            for (JsonNode inner : content) {
                if (!"text".equals(inner.path("type").asText())) {
                    dropped.add("messages[].content[].tool_result.content[]."
                            + inner.path("type").asText());
                }
            }
        }
        String text = texts(content);
        if (block.path("is_error").asBoolean(false)) {
            // Chat Completions has no error flag on a tool message: the model reads it in the text.
            text = "Error: " + text;
        }
        out.addObject().put("role", "tool").put("tool_call_id", id).put("content", text);
    }

    private static void assistant(JsonNode content, ArrayNode out, Set<String> dropped) {
        ObjectNode message = out.addObject().put("role", "assistant");
        if (content == null || content.isTextual()) {
            message.put("content", content == null ? "" : content.asText());
            return;
        }
        StringBuilder text = new StringBuilder();
        ArrayNode calls = null;
        for (JsonNode block : content) {
            String type = block.path("type").asText();
            switch (type) {
                case "text" -> text.append(block.path("text").asText(""));
                case "tool_use" -> {
                    if (calls == null) {
                        calls = message.putArray("tool_calls");
                    }
                    ObjectNode call = calls.addObject()
                            .put("id", block.path("id").asText(""))
                            .put("type", "function");
                    JsonNode input = block.get("input");
                    call.putObject("function")
                            .put("name", block.path("name").asText(""))
                            .put("arguments", input == null || input.isNull() ? "{}" : input.toString());
                }
                // Earlier turns' thinking: Chat Completions takes no reasoning back.
                case "thinking", "redacted_thinking" -> {}
                default -> dropped.add("messages[].content[]." + type);
            }
        }
        if (!text.isEmpty() || calls == null) {
            message.put("content", text.toString());
        } else {
            message.putNull("content");
        }
    }

    private static boolean tools(JsonNode tools, ObjectNode chat, Set<String> dropped) {
        if (!tools.isArray() || tools.isEmpty()) {
            return false;
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode tool : tools) {
            String type = tool.path("type").asText("custom");
            if (!type.equals("custom")) {
                // Anthropic's server tools (web search, code execution …) run at Anthropic only.
                dropped.add("tools[]." + type);
                continue;
            }
            ObjectNode function = out.addObject().put("type", "function").putObject("function");
            function.put("name", tool.path("name").asText());
            if (tool.path("description").isTextual()) {
                function.put("description", tool.get("description").asText());
            }
            JsonNode schema = tool.get("input_schema");
            function.set(
                    "parameters",
                    schema == null || schema.isNull()
                            ? Json.MAPPER.createObjectNode().put("type", "object")
                            : schema);
        }
        if (out.isEmpty()) {
            return false;
        }
        chat.set("tools", out);
        return true;
    }

    private static void toolChoice(JsonNode choice, boolean tools, ObjectNode chat) {
        if (choice == null || !choice.isObject() || !tools) {
            return;
        }
        switch (choice.path("type").asText()) {
            case "auto" -> chat.put("tool_choice", "auto");
            case "any" -> chat.put("tool_choice", "required");
            case "none" -> chat.put("tool_choice", "none");
            case "tool" ->
                chat.putObject("tool_choice")
                        .put("type", "function")
                        .putObject("function")
                        .put("name", choice.path("name").asText());
            default -> {
                // A choice Anthropic may add: the provider's default (auto) applies.
            }
        }
        if (choice.path("disable_parallel_tool_use").asBoolean(false)) {
            chat.put("parallel_tool_calls", false);
        }
    }

    private static void thinking(JsonNode thinking, ObjectNode chat) {
        if (thinking == null || !"enabled".equals(thinking.path("type").asText())) {
            return;
        }
        long budget = thinking.path("budget_tokens").asLong(MEDIUM_BUDGET);
        chat.put("reasoning_effort", budget <= LOW_BUDGET ? "low" : budget <= MEDIUM_BUDGET ? "medium" : "high");
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode v = from.get(field);
        if (v != null && !v.isNull()) {
            to.set(as, v);
        }
    }
}
