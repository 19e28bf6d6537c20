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
 */
public final class ChatRequest {

    private final byte[] raw;
    private final CreateChatCompletionRequest body;
    private final List<String> extraFields;

    /**
     * @param extraFields the top-level fields of {@code raw} the spec does not name (with non-null
     *                    values), as the parser met them
     */
    public ChatRequest(byte[] raw, CreateChatCompletionRequest body, List<String> extraFields) {
        this.raw = raw;
        this.body = body;
        this.extraFields = List.copyOf(extraFields);
    }

    /** A request whose unknown top-level fields are found by a scan of {@code raw}. */
    public ChatRequest(byte[] raw, CreateChatCompletionRequest body) {
        this(raw, body, RequestFields.extraFieldsOf(raw));
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
        try {
            return (ObjectNode) Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            throw new UncheckedIOException("body was validated as a JSON object", e);
        }
    }
}
