package io.jetway.gateway.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.CreateChatCompletionRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A validated Chat Completions request: the caller's exact bytes (forwarded unchanged to
 * OpenAI-format providers when nothing needs changing: no JSON round trip on the hot path) and
 * the typed model (for decisions and for providers that transform).
 *
 * <p>The pipeline's other endpoints ({@link Endpoint}) travel in the same type, so that routing,
 * limits, cache, request log and metrics treat them alike: their typed body then holds only the
 * model (and, for {@link Endpoint#MESSAGES}, the stream flag), {@link #raw()} is the caller's body (empty for {@code GET /v1/models}),
 * and the provider maps the raw bytes for {@link #endpoint()}.
 */
public final class ChatRequest {

    private final Endpoint endpoint;
    private final byte[] raw;
    private final CreateChatCompletionRequest body;
    private final List<String> extraFields;

    /**
     * @param extraFields the top-level fields of {@code raw} the spec does not name (with non-null
     *                    values), as the parser met them
     */
    public ChatRequest(byte[] raw, CreateChatCompletionRequest body, List<String> extraFields) {
        this(Endpoint.CHAT, raw, body, extraFields);
    }

    private ChatRequest(Endpoint endpoint, byte[] raw, CreateChatCompletionRequest body, List<String> extraFields) {
        this.endpoint = endpoint;
        this.raw = raw;
        this.body = body;
        this.extraFields = List.copyOf(extraFields);
    }

    /** A request whose unknown top-level fields are found by a scan of {@code raw}. */
    public ChatRequest(byte[] raw, CreateChatCompletionRequest body) {
        this(raw, body, RequestFields.extraFieldsOf(raw));
    }

    /**
     * A request to another endpoint than chat: the caller's body ({@code raw}, validated by the
     * endpoint; empty when there is none) and the model it names (null: none).
     */
    public static ChatRequest of(Endpoint endpoint, byte[] raw, String model) {
        return of(endpoint, raw, model, false);
    }

    /** As {@link #of(Endpoint, byte[], String)}, for an endpoint that streams ({@link Endpoint#MESSAGES}). */
    public static ChatRequest of(Endpoint endpoint, byte[] raw, String model, boolean stream) {
        if (endpoint == Endpoint.CHAT) {
            throw new IllegalArgumentException("a chat request has its typed body");
        }
        return new ChatRequest(
                endpoint,
                raw,
                new CreateChatCompletionRequest().model(model).stream(stream ? Boolean.TRUE : null),
                List.of());
    }

    /** The endpoint the caller called. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** The bytes the caller sent. Do not modify. */
    public byte[] raw() {
        return raw;
    }

    public CreateChatCompletionRequest body() {
        return body;
    }

    public boolean stream() {
        return Boolean.TRUE.equals(body.getStream());
    }

    public String model() {
        return body.getModel();
    }

    /**
     * The top-level fields the caller sent that the spec does not name, in the order sent: passed
     * on to OpenAI-format providers with the raw bytes, named as dropped by translating ones.
     */
    public List<String> extraFields() {
        return extraFields;
    }

    /** A fresh, mutable JSON tree of the raw body, unknown fields included. Parses on every call. */
    public ObjectNode mutableTree() {
        if (raw.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return (ObjectNode) Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            throw new UncheckedIOException("body was validated as a JSON object", e);
        }
    }
}
