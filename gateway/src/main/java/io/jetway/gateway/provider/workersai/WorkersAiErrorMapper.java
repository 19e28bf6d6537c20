package io.jetway.gateway.provider.workersai;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Workers AI error answer → OpenAI error, keeping Cloudflare's HTTP status and message. Cloudflare's
 * API errors are its envelope with {@code success: false} and {@code errors: [{code, message}]}
 * (https://developers.cloudflare.com/fundamentals/api/troubleshooting/ and the
 * {@code api-response-common-failure} schema of Cloudflare's OpenAPI spec); the messages are joined,
 * the first code becomes the error's {@code code}, the type follows the status.
 */
final class WorkersAiErrorMapper {

    private WorkersAiErrorMapper() {}

    static GatewayException map(int status, byte[] body, Function<String, String> headers) {
        Map<String, String> keep = new LinkedHashMap<>();
        String retryAfter = headers.apply("retry-after");
        if (retryAfter != null) {
            keep.put("retry-after", retryAfter);
        }
        JsonNode root = parse(body);
        String message = root == null ? null : message(root);
        if (message == null || message.isBlank()) {
            message = "The provider workers-ai answered HTTP " + status
                    + (body.length == 0 ? " with an empty body." : ": " + snippet(body));
        }
        JsonNode code = root == null ? null : root.path("errors").path(0).get("code");
        return new GatewayException(
                status,
                typeFor(status),
                message,
                null,
                code != null && (code.isNumber() || code.isTextual()) ? code.asText() : null,
                keep);
    }

    /** The messages of Cloudflare's {@code errors}, joined by {@code ; }; null when there are none. */
    static String message(JsonNode root) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode e : root.path("errors")) {
            String m = e.isTextual() ? e.asText() : e.path("message").asText("");
            if (!m.isBlank()) {
                if (!sb.isEmpty()) {
                    sb.append("; ");
                }
                sb.append(m);
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    static String typeFor(int status) {
        return switch (status) {
            case 401 -> GatewayException.AUTHENTICATION;
            case 403 -> "permission_error";
            case 404 -> GatewayException.NOT_FOUND;
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? GatewayException.UPSTREAM : GatewayException.INVALID_REQUEST;
        };
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            return root != null && root.isObject() ? root : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String snippet(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
        return body.length > 300 ? s + "…" : s;
    }
}
