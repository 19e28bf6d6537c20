package io.jetway.client.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.CompletionUsage;
import io.jetway.api.model.CreateChatCompletionResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A chat completion: the JSON as it came ({@link #json()}, unknown fields included) and the generated
 * model as a typed view of it ({@link #model()}), with shortcuts for what most callers read.
 */
public final class ChatCompletion {

    private final ObjectNode json;
    private final CreateChatCompletionResponse model;
    private final ObjectMapper mapper;

    ChatCompletion(ObjectNode json, CreateChatCompletionResponse model, ObjectMapper mapper) {
        this.json = json;
        this.model = model;
        this.mapper = mapper;
    }

    static ChatCompletion read(ObjectNode json, ObjectMapper mapper, String bodyForErrors) {
        try {
            return new ChatCompletion(json, mapper.treeToValue(json, CreateChatCompletionResponse.class), mapper);
        } catch (Exception e) {
            throw new JetwayInvalidDataException("the answer is not a chat completion", bodyForErrors, e);
        }
    }

    public String id() {
        return Json.text(json, "id");
    }

    /** The model that answered, as the provider names it. */
    public String modelName() {
        return Json.text(json, "model");
    }

    /** The number of choices (1 unless {@code n} asked for more). */
    public int choiceCount() {
        return json.get("choices") instanceof ArrayNode a ? a.size() : 0;
    }

    /** The first choice's message. */
    public ChatCompletionMessage message() {
        return message(0);
    }

    /** The message of the choice at position {@code i}. */
    public ChatCompletionMessage message(int i) {
        JsonNode m = choice(i).get("message");
        return new ChatCompletionMessage(m instanceof ObjectNode o ? o : mapper.createObjectNode(), mapper);
    }

    /** The first choice's text (null when it has none: only tool calls, or a refusal). */
    public String content() {
        return message().content();
    }

    /**
     * Why the choice at {@code i} ended: {@code stop}, {@code length}, {@code tool_calls},
     * {@code content_filter}, or any other value a provider sends (kept as it came).
     */
    public String finishReason(int i) {
        return Json.text(choice(i), "finish_reason");
    }

    public String finishReason() {
        return finishReason(0);
    }

    /** Token counts, or null when the provider sent none. */
    public CompletionUsage usage() {
        return model.getUsage();
    }

    /** The generated model: a typed view (values the spec does not know are null there, kept in {@link #json()}). */
    public CreateChatCompletionResponse model() {
        return model;
    }

    /** Top-level fields the spec does not know, as they came. */
    public Map<String, JsonNode> additionalProperties() {
        return Json.unknownFields(mapper, json, CreateChatCompletionResponse.class);
    }

    /** The answer as it came (a copy). */
    public ObjectNode json() {
        return json.deepCopy();
    }

    List<ChatCompletionMessage> messages() {
        List<ChatCompletionMessage> all = new ArrayList<>();
        for (int i = 0; i < choiceCount(); i++) {
            all.add(message(i));
        }
        return all;
    }

    private JsonNode choice(int i) {
        JsonNode c = json.get("choices") instanceof ArrayNode a ? a.get(i) : null;
        if (c == null) {
            throw new IndexOutOfBoundsException("the answer has " + choiceCount() + " choice(s), not " + (i + 1));
        }
        return c;
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
