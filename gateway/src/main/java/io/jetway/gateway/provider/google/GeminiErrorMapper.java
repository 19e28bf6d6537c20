package io.jetway.gateway.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Normalises Gemini and Vertex AI errors. Both answer in Google's API error shape
 * ({@code {"error":{"code":400,"message":"…","status":"INVALID_ARGUMENT","details":[…]}}},
 * https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes and
 * https://cloud.google.com/apis/design/errors); Vertex sometimes wraps it in a one-element array.
 * The HTTP status and message are kept; the OpenAI {@code type} follows Google's {@code status}
 * (its canonical code), which is also kept as {@code code}.
 */
public final class GeminiErrorMapper {

    private GeminiErrorMapper() {}

    public static GatewayException map(String providerId, int status, byte[] body, Function<String, String> headers) {
        Map<String, String> keep = new LinkedHashMap<>();
        String retryAfter = headers.apply("retry-after");
        if (retryAfter != null) {
            keep.put("retry-after", retryAfter);
        }
        JsonNode error = errorObject(parse(body));
        String message = null;
        String googleStatus = null;
        if (error != null) {
            message = text(error.get("message"));
            googleStatus = text(error.get("status"));
        }
        if (message == null || message.isBlank()) {
            message = "The provider " + providerId + " answered HTTP " + status
                    + (body.length == 0 ? " with an empty body." : ": " + snippet(body));
        }
        return new GatewayException(status, typeFor(googleStatus, status), message, null, googleStatus, keep);
    }

    /**
     * An error object Gemini sent inside a 200 stream (e.g. {@code data: {"error":{…}}}): the
     * client's stream is already open, so it ends with this error; the status is Google's
     * {@code code} when it is an HTTP error status, else 502.
     */
    public static GatewayException fromStreamPayload(String providerId, JsonNode payload) {
        JsonNode error = errorObject(payload);
        String message = error == null ? null : text(error.get("message"));
        String googleStatus = error == null ? null : text(error.get("status"));
        int code = error == null ? 0 : error.path("code").asInt(0);
        int status = code >= 400 && code <= 599 ? code : 502;
        if (message == null || message.isBlank()) {
            message = "The provider " + providerId + " sent an error in the stream: " + abbreviate(payload.toString());
        }
        return new GatewayException(status, typeFor(googleStatus, status), message, null, googleStatus);
    }

    /**
     * Gemini refused the prompt itself ({@code promptFeedback.blockReason}, no candidates:
     * https://ai.google.dev/api/generate-content#PromptFeedback): a 400 the caller must act on,
     * with OpenAI's {@code content_filter} as the code.
     */
    public static GatewayException promptBlocked(String providerId, JsonNode promptFeedback) {
        String reason = promptFeedback.path("blockReason").asText("BLOCK_REASON_UNSPECIFIED");
        String detail = text(promptFeedback.get("blockReasonMessage"));
        return new GatewayException(
                400,
                GatewayException.INVALID_REQUEST,
                "The provider " + providerId
                        + " blocked the prompt (blockReason " + reason + ")" + (detail == null ? "" : ": " + detail)
                        + ". Nothing was generated; rephrase the request.",
                "messages",
                "content_filter");
    }

    /** True when the parsed payload is an error (not a response). */
    static boolean isError(JsonNode payload) {
        return errorObject(payload) != null;
    }

    /** OpenAI's error type for Google's canonical status (falling back on the HTTP status). */
    static String typeFor(String googleStatus, int httpStatus) {
        if (googleStatus != null) {
            switch (googleStatus) {
                case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" -> {
                    return GatewayException.INVALID_REQUEST;
                }
                case "UNAUTHENTICATED" -> {
                    return GatewayException.AUTHENTICATION;
                }
                case "PERMISSION_DENIED" -> {
                    return "permission_error";
                }
                case "NOT_FOUND" -> {
                    return GatewayException.NOT_FOUND;
                }
                case "RESOURCE_EXHAUSTED" -> {
                    return "rate_limit_error";
                }
                case "DEADLINE_EXCEEDED" -> {
                    return GatewayException.TIMEOUT;
                }
                case "INTERNAL",
                        "UNAVAILABLE",
                        "UNKNOWN",
                        "DATA_LOSS",
                        "ABORTED",
                        "CANCELLED",
                        "UNIMPLEMENTED",
                        "ALREADY_EXISTS" -> {
                    return httpStatus >= 500 ? GatewayException.UPSTREAM : GatewayException.INVALID_REQUEST;
                }
                default -> {
                    // An unknown status: decided by the HTTP status below.
                }
            }
        }
        return switch (httpStatus) {
            case 401 -> GatewayException.AUTHENTICATION;
            case 403 -> "permission_error";
            case 404 -> GatewayException.NOT_FOUND;
            case 429 -> "rate_limit_error";
            default -> httpStatus >= 500 ? GatewayException.UPSTREAM : GatewayException.INVALID_REQUEST;
        };
    }

    private static JsonNode errorObject(JsonNode root) {
        if (root == null) {
            return null;
        }
        if (root.isArray() && !root.isEmpty()) {
            root = root.get(0); // Vertex: [{"error":{…}}]
        }
        JsonNode error = root.get("error");
        return error != null && error.isObject() ? error : null;
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.isValueNode() ? n.asText() : n.toString();
    }

    private static String snippet(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
        return body.length > 300 ? s + "…" : s;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
