package io.jetway.client.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One tool call of an answer, of any kind ({@code function}, {@code custom}, or one the spec does not
 * know yet: {@link #json()} holds it as it came).
 */
public final class ToolCall {

    private final ObjectNode json;
    private final ObjectMapper mapper;

    ToolCall(ObjectNode json, ObjectMapper mapper) {
        this.json = json;
        this.mapper = mapper;
    }

    public String id() {
        return Json.text(json, "id");
    }

    /** {@code function}, {@code custom}, or what the provider sent. */
    public String type() {
        return Json.text(json, "type");
    }

    /** The function's (or custom tool's) name. */
    public String name() {
        JsonNode body = body();
        return body == null ? null : Json.text(body, "name");
    }

    /** The function's arguments as the model wrote them (JSON text), or a custom tool's input. */
    public String arguments() {
        JsonNode body = body();
        if (body == null) {
            return null;
        }
        String args = Json.text(body, "arguments");
        return args != null ? args : Json.text(body, "input");
    }

    /** The arguments read as {@code type} (e.g. the record the tool was defined from). */
    public <T> T arguments(Class<T> type) {
        String args = arguments();
        try {
            return mapper.readValue(args == null ? "{}" : args, type);
        } catch (JsonProcessingException e) {
            throw new JetwayInvalidDataException(
                    "the arguments of tool call " + id() + " are not a " + type.getSimpleName(), args, e);
        }
    }

    /** The call as it came, unknown fields included (a copy). */
    public ObjectNode json() {
        return json.deepCopy();
    }

    private JsonNode body() {
        JsonNode f = json.get("function");
        return f != null ? f : json.get("custom");
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
