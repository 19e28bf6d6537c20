package io.jetway.client.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.ChatCompletionResponseMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The assistant's message of an answer's choice. Send it back in the next turn with
 * {@link ChatRequest.Builder#addMessage(ChatCompletionMessage)}: every field is kept, also those the
 * spec does not know.
 */
public final class ChatCompletionMessage {

    private final ObjectNode json;
    private final ObjectMapper mapper;

    ChatCompletionMessage(ObjectNode json, ObjectMapper mapper) {
        this.json = json;
        this.mapper = mapper;
    }

    /** The text, or null (a message with only tool calls, or a refusal). */
    public String content() {
        return Json.text(json, "content");
    }

    /** The text, when there is some. */
    public Optional<String> text() {
        return Optional.ofNullable(content());
    }

    public String refusal() {
        return Json.text(json, "refusal");
    }

    /** The tool calls in order (empty when none), of every kind. */
    public List<ToolCall> toolCalls() {
        List<ToolCall> calls = new ArrayList<>();
        if (json.get("tool_calls") instanceof ArrayNode array) {
            array.forEach(c -> {
                if (c instanceof ObjectNode o) {
                    calls.add(new ToolCall(o, mapper));
                }
            });
        }
        return calls;
    }

    /** The message as the generated model (kinds and fields the spec does not know are left out). */
    public ChatCompletionResponseMessage model() {
        return mapper.convertValue(json, ChatCompletionResponseMessage.class);
    }

    /** Fields the spec does not know, as they came. */
    public Map<String, JsonNode> additionalProperties() {
        return Json.unknownFields(mapper, json, ChatCompletionResponseMessage.class);
    }

    /** The message as it came (a copy). */
    public ObjectNode json() {
        return json.deepCopy();
    }

    /**
     * This message as a request's assistant message: all its fields but those only answers have
     * ({@code annotations}; of {@code audio} only its {@code id}, the way to refer to it).
     */
    ObjectNode toRequestMessage() {
        ObjectNode m = json.deepCopy();
        m.put("role", "assistant");
        m.remove("annotations");
        JsonNode audio = m.get("audio");
        if (audio != null && audio.has("id")) {
            m.putObject("audio").set("id", audio.get("id"));
        } else if (audio != null) {
            m.remove("audio");
        }
        return m;
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
