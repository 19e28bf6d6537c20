package io.jetway.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Anthropic's error body {@code {"type":"error","error":{"type","message"},"request_id"}}
 * (https://docs.claude.com/en/api/errors) → OpenAI's error shape, keeping Anthropic's message and
 * error type. The status is kept, except 529 (overloaded_error), which is not an HTTP status
 * OpenAI clients or routers know: it becomes 503, still retryable, type {@code overloaded_error}
 * kept. A 429's {@code retry-after} headers are passed on so that callers and retries can honour
 * them.
 */
public final class AnthropicErrorMapper {

    private static final String[] RETRY_HEADERS = {"retry-after", "retry-after-ms"};

    private AnthropicErrorMapper() {}

    /** A non-2xx answer. */
    public static GatewayException map(int status, byte[] body, Function<String, String> headers) {
        Map<String, String> keep = new LinkedHashMap<>();
        for (String name : RETRY_HEADERS) {
            String v = headers.apply(name);
            if (v != null) {
                keep.put(name, v);
            }
        }
        JsonNode error = errorObject(body);
        String type = text(error, "type");
        String message = text(error, "message");
        if (message == null) {
            message = "The provider anthropic answered HTTP " + status
                    + (body.length == 0 ? " with an empty body." : ": " + snippet(body));
        }
        int clientStatus = status == 529 ? 503 : status;
        if (type == null) {
            type = status == 529 ? "overloaded_error" : typeForStatus(status);
        }
        return new GatewayException(clientStatus, type, message, null, null, keep);
    }

    /**
     * An {@code error} event inside a stream that had started
     * (https://docs.claude.com/en/docs/build-with-claude/streaming#error-events), e.g.
     * {@code {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}}: the
     * status is the one Anthropic gives that error type as an HTTP answer.
     */
    public static GatewayException fromStreamEvent(String data) {
        JsonNode error = errorObject(data.getBytes(StandardCharsets.UTF_8));
        String type = text(error, "type");
        String message = text(error, "message");
        if (message == null) {
            message = "The provider anthropic sent an error event mid-stream: "
                    + snippet(data.getBytes(StandardCharsets.UTF_8));
        }
        if (type == null) {
            type = GatewayException.UPSTREAM;
        }
        return new GatewayException(statusForType(type), type, message, null, null);
    }

    /** The HTTP status an Anthropic error type stands for (529 as 503, as above; unknown → 502). */
    static int statusForType(String type) {
        return switch (type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "billing_error" -> 402;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "api_error" -> 502;
            case "overloaded_error" -> 503;
            case "timeout_error" -> 504;
            default -> 502;
        };
    }

    private static String typeForStatus(int status) {
        return switch (status) {
            case 400 -> GatewayException.INVALID_REQUEST;
            case 401 -> GatewayException.AUTHENTICATION;
            case 403 -> "permission_error";
            case 404 -> GatewayException.NOT_FOUND;
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "api_error" : GatewayException.INVALID_REQUEST;
        };
    }

    /** The {@code error} object of an Anthropic error body, or null when the body is not one. */
    private static JsonNode errorObject(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            if (root == null || !root.isObject()) {
                return null;
            }
            JsonNode error = root.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    private static String snippet(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
        return body.length > 300 ? s + "…" : s;
    }
}
