package io.jetway.client.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.CompletionUsage;
import io.jetway.api.model.CreateChatCompletionStreamResponse;

/**
 * One chunk of a streamed answer. Chunks with no choices are normal (the last one with the usage when
 * {@code include_usage} was asked; Azure's content-filter chunks): {@link #text()} is then empty.
 * Feed chunks to a {@link ChatCompletionAccumulator} to get the whole answer.
 */
public final class ChatCompletionChunk {

    private final ObjectNode json;
    private final ObjectMapper mapper;

    ChatCompletionChunk(ObjectNode json, ObjectMapper mapper) {
        this.json = json;
        this.mapper = mapper;
    }

    /** How many choices this chunk carries (often 0 or 1). */
    public int choiceCount() {
        return json.get("choices") instanceof ArrayNode a ? a.size() : 0;
    }

    /** The text this chunk adds to the first choice: empty (never null) when it adds none. */
    public String text() {
        JsonNode c = choices().path(0).path("delta").path("content");
        return c.isTextual() ? c.asText() : "";
    }

    /** The usage, on the last chunk when {@code include_usage} was asked; else null. */
    public CompletionUsage usage() {
        JsonNode u = json.get("usage");
        return u == null || u.isNull() ? null : mapper.convertValue(u, CompletionUsage.class);
    }

    /** The chunk as the generated model (a typed view; values the spec does not know are null there). */
    public CreateChatCompletionStreamResponse model() {
        return mapper.convertValue(json, CreateChatCompletionStreamResponse.class);
    }

    /** The chunk as it came (a copy). */
    public ObjectNode json() {
        return json.deepCopy();
    }

    ObjectNode raw() {
        return json;
    }

    ArrayNode choices() {
        return json.get("choices") instanceof ArrayNode a ? a : mapper.createArrayNode();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
