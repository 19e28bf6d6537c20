package io.jetway.gateway.provider.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.Json;
import java.io.IOException;

/**
 * What the stream mapper reads of a {@code content_block_delta} event: the block's index and the
 * delta's type and text-like member ({@code text}, {@code partial_json}, {@code thinking} or
 * {@code signature}, by type). Most of a stream's events are these, so they are read with a
 * streaming parse ({@link #parse}) instead of a tree: reading each event as a tree was ~10 % of a
 * streaming Anthropic gateway's CPU (bench/README.md). Anything unusual (a member of an unexpected
 * JSON type, a duplicate member) makes {@link #parse} answer null, and the event is read as a tree
 * ({@link #of}) with the same meaning.
 *
 * @param index     Anthropic's content block index
 * @param type      the delta's {@code type}, "" if absent
 * @param text      {@code text} of a text delta, "" if absent
 * @param partial   {@code partial_json} of an input JSON delta, "" if absent
 * @param thinking  {@code thinking} of a thinking delta, "" if absent
 * @param signature {@code signature} of a signature delta, "" if absent
 */
record AnthropicDelta(int index, String type, String text, String partial, String thinking, String signature) {

    /** From the event's tree: {@code index} and {@code delta}'s members read as the mapper always read them. */
    static AnthropicDelta of(JsonNode event) {
        JsonNode d = event.path("delta");
        return new AnthropicDelta(
                event.path("index").asInt(),
                d.path("type").asText(""),
                d.path("text").asText(""),
                d.path("partial_json").asText(""),
                d.path("thinking").asText(""),
                d.path("signature").asText(""));
    }

    /**
     * The delta of a well-formed {@code content_block_delta} event (an object whose {@code type} is
     * that, an integer {@code index}, a {@code delta} object whose members named above are strings),
     * or null for anything else, which the caller then reads as a tree.
     */
    static AnthropicDelta parse(String data) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String eventType = null;
            Integer index = null;
            AnthropicDelta delta = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "type" -> {
                        if (value != JsonToken.VALUE_STRING || eventType != null) {
                            return null;
                        }
                        eventType = p.getText();
                    }
                    case "index" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT
                                || index != null
                                || p.getNumberType() != JsonParser.NumberType.INT) {
                            return null;
                        }
                        index = p.getIntValue();
                    }
                    case "delta" -> {
                        if (value != JsonToken.START_OBJECT || delta != null) {
                            return null;
                        }
                        delta = delta(p);
                        if (delta == null) {
                            return null;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT
                    || p.nextToken() != null
                    || !"content_block_delta".equals(eventType)
                    || index == null
                    || delta == null) {
                return null;
            }
            return new AnthropicDelta(index, delta.type, delta.text, delta.partial, delta.thinking, delta.signature);
        } catch (IOException e) {
            return null; // not JSON: the tree read reports it
        }
    }

    /** The delta object's members (index unset); the parser stands on its start and is left on its end. */
    private static AnthropicDelta delta(JsonParser p) throws IOException {
        String[] members = {null, null, null, null, null}; // type, text, partial_json, thinking, signature
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            int slot = switch (p.currentName()) {
                case "type" -> 0;
                case "text" -> 1;
                case "partial_json" -> 2;
                case "thinking" -> 3;
                case "signature" -> 4;
                default -> -1;
            };
            JsonToken value = p.nextToken();
            if (slot < 0) {
                p.skipChildren();
            } else if (value != JsonToken.VALUE_STRING || members[slot] != null) {
                return null;
            } else {
                members[slot] = p.getText();
            }
        }
        return new AnthropicDelta(
                0,
                orEmpty(members[0]),
                orEmpty(members[1]),
                orEmpty(members[2]),
                orEmpty(members[3]),
                orEmpty(members[4]));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
