package io.jetway.gateway.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Cohere error answer → OpenAI error, keeping Cohere's HTTP status (429 included) and message.
 * Cohere's error bodies are {@code {"message": "…"}} (sometimes with an {@code id}) for every
 * status (https://docs.cohere.com/reference/errors); the type is derived from the status, and
 * Cohere's own 498 (blocked token) and 499 (cancelled) keep their status too.
 */
public final class CohereErrorMapper {

    private CohereErrorMapper() {}

    public static GatewayException map(int status, byte[] body, Function<String, String> headers) {
        Map<String, String> keep = new LinkedHashMap<>();
        for (String name : new String[] {"retry-after", "x-ratelimit-reset"}) {
            String v = headers.apply(name);
            if (v != null) {
                keep.put(name, v);
            }
        }
        String message = message(body);
        if (message == null) {
            message = "The provider cohere answered HTTP " + status
                    + (body.length == 0 ? " with an empty body." : ": " + snippet(body));
        }
        return new GatewayException(status, typeFor(status), message, null, null, keep);
    }

    static String typeFor(int status) {
        return switch (status) {
            case 401, 498 -> GatewayException.AUTHENTICATION;
            case 403 -> "permission_error";
            case 404 -> GatewayException.NOT_FOUND;
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? GatewayException.UPSTREAM : GatewayException.INVALID_REQUEST;
        };
    }

    /** Cohere's {@code message}; tolerates the OpenAI shape {@code {"error": {"message"}}} of proxies. */
    private static String message(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        String message = CohereResponseMapper.textOrNull(root.get("message"));
        if (message == null) {
            JsonNode error = root.get("error");
            message = error != null && error.isObject()
                    ? CohereResponseMapper.textOrNull(error.get("message"))
                    : CohereResponseMapper.textOrNull(error);
        }
        return message == null || message.isBlank() ? null : message;
    }

    private static String snippet(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
        return body.length > 300 ? s + "…" : s;
    }
}
