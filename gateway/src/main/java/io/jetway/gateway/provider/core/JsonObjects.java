package io.jetway.gateway.provider.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.io.IOException;
import java.util.function.Function;

/**
 * A provider's answer body or stream event that must be one JSON object, read as a tree the same way
 * for every provider that reads trees. What is not JSON, or JSON but not an object, becomes the
 * provider's own "malformed" error, given what was wrong.
 */
public final class JsonObjects {

    private JsonObjects() {}

    /** An answer's body; {@code malformed} gets "it is not JSON" or "it is not a JSON object". */
    public static JsonNode answer(byte[] body, Function<String, GatewayException> malformed) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw malformed.apply("it is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw malformed.apply("it is not a JSON object");
        }
        return root;
    }

    /** A stream event's data; {@code malformed} gets "an event whose data is not JSON" (or "… not a JSON object"). */
    public static JsonNode event(String data, Function<String, GatewayException> malformed) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(data);
        } catch (IOException e) {
            throw malformed.apply("an event whose data is not JSON");
        }
        if (n == null || !n.isObject()) {
            throw malformed.apply("an event whose data is not a JSON object");
        }
        return n;
    }
}
