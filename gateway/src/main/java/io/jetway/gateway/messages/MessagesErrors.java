package io.jetway.gateway.messages;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * The gateway's errors in Anthropic's shape, on {@code /v1/messages}
 * (https://docs.claude.com/en/api/errors): {@code {"type":"error","error":{"type","message"}}}. An
 * error that already has an Anthropic type (Anthropic's own, relayed) keeps it; otherwise the type
 * follows the status as Anthropic's table has it: 400 {@code invalid_request_error}, 401
 * {@code authentication_error}, 402 {@code billing_error}, 403 {@code permission_error}, 404
 * {@code not_found_error}, 413 {@code request_too_large}, 429 {@code rate_limit_error}, 408 and 504
 * {@code timeout_error}, other 5xx {@code api_error}, other 4xx {@code invalid_request_error}. An
 * {@code overloaded_error} is answered 529, as Anthropic does (the anthropic provider's mapper made
 * it a 503 for OpenAI clients). The message is the error's own: what to fix, or the provider's words.
 */
public final class MessagesErrors {

    private static final Set<String> ANTHROPIC_TYPES = Set.of(
            "invalid_request_error",
            "authentication_error",
            "billing_error",
            "permission_error",
            "not_found_error",
            "request_too_large",
            "rate_limit_error",
            "timeout_error",
            "api_error",
            "overloaded_error");

    private MessagesErrors() {}

    /** The status to answer. */
    public static int status(GatewayException e) {
        return "overloaded_error".equals(e.type()) ? 529 : e.status();
    }

    /** Anthropic's error {@code type} for the error. */
    public static String type(GatewayException e) {
        if (e.status() == 413) {
            return "request_too_large"; // the gateway's own 413s are typed invalid_request_error for OpenAI
        }
        if (ANTHROPIC_TYPES.contains(e.type())) {
            return e.type();
        }
        int status = e.status();
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 408, 504 -> "timeout_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    /** The error body. */
    public static byte[] json(GatewayException e) {
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(96 + e.getMessage().length());
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "error");
            g.writeObjectFieldStart("error");
            g.writeStringField("type", type(e));
            g.writeStringField("message", e.getMessage());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
        return out.toByteArray();
    }

    /** The stream's {@code error} event, as Anthropic ends a stream that failed. */
    public static byte[] event(GatewayException e) {
        byte[] body = json(e);
        byte[] head = "event: error\ndata: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] event = new byte[head.length + body.length + 2];
        System.arraycopy(head, 0, event, 0, head.length);
        System.arraycopy(body, 0, event, head.length, body.length);
        event[event.length - 2] = '\n';
        event[event.length - 1] = '\n';
        return event;
    }
}
