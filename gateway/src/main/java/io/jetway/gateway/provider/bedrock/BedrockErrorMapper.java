package io.jetway.gateway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * AWS error answers → OpenAI's error shape. The error type comes from the
 * {@code x-amzn-errortype} header ({@code ValidationException:http://internal.amazon.com/…}: the
 * part before the colon) or the body's {@code __type}; the message from the body's
 * {@code message} (or {@code Message}). Bedrock's documented error types
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html and the Converse
 * page's Errors section) get their documented status; any other type keeps the upstream status.
 */
final class BedrockErrorMapper {

    private BedrockErrorMapper() {}

    static GatewayException map(int status, byte[] body, Function<String, String> headers) {
        JsonNode root = parse(body);
        String type = errorType(headers.apply("x-amzn-errortype"));
        if (type == null && root != null && root.hasNonNull("__type")) {
            type = errorType(root.get("__type").asText());
        }
        String message = null;
        if (root != null) {
            message = root.hasNonNull("message")
                    ? root.get("message").asText()
                    : root.hasNonNull("Message") ? root.get("Message").asText() : null;
        }
        if (message == null || message.isBlank()) {
            message = "bedrock answered HTTP " + status + (type == null ? "" : " (" + type + ")")
                    + (body.length == 0 ? " with an empty body." : ": " + snippet(body));
        }
        int mapped = statusFor(type, status);
        return new GatewayException(mapped, openAiType(mapped), message, null, type);
    }

    /** An exception event inside a ConverseStream: its {@code :exception-type} and JSON payload. */
    static GatewayException fromStreamException(String exceptionType, byte[] payload) {
        JsonNode root = parse(payload);
        String message = root != null && root.hasNonNull("message")
                ? root.get("message").asText()
                : "bedrock sent a " + exceptionType + " in the stream.";
        String type = exceptionType == null ? null : capitalise(exceptionType);
        int status = statusFor(type, 502);
        return new GatewayException(status, openAiType(status), message, null, type);
    }

    /** {@code ValidationException:http://…} → {@code ValidationException}; AWS JSON {@code aws.protocol#X} → X. */
    static String errorType(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String t = raw.strip();
        int colon = t.indexOf(':');
        if (colon >= 0) {
            t = t.substring(0, colon);
        }
        int hash = t.lastIndexOf('#');
        if (hash >= 0) {
            t = t.substring(hash + 1);
        }
        return t.isEmpty() ? null : t;
    }

    /** The status for a Bedrock error type; unknown types keep the upstream status. */
    static int statusFor(String type, int upstreamStatus) {
        if (type == null) {
            return upstreamStatus;
        }
        return switch (type) {
            case "ThrottlingException", "ModelNotReadyException", "TooManyRequestsException" -> 429;
            case "ValidationException" -> 400;
            case "AccessDeniedException" -> 403;
            case "ResourceNotFoundException" -> 404;
            case "ServiceUnavailableException" -> 503;
            case "ModelTimeoutException" -> 408;
            case "InternalServerException" -> 500;
            case "ModelErrorException", "ModelStreamErrorException" -> 424;
            default -> upstreamStatus;
        };
    }

    static String openAiType(int status) {
        return switch (status) {
            case 401 -> GatewayException.AUTHENTICATION;
            case 403 -> "permission_error";
            case 404 -> GatewayException.NOT_FOUND;
            case 408 -> GatewayException.TIMEOUT;
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? GatewayException.UPSTREAM : GatewayException.INVALID_REQUEST;
        };
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (java.io.IOException notJson) {
            return null;
        }
    }

    private static String snippet(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
        return body.length > 300 ? s + "…" : s;
    }
}
