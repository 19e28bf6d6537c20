package io.jetway.gateway.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.CreateChatCompletionRequest;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A validated Chat Completions request: the caller's exact bytes (forwarded unchanged to
 * OpenAI-format providers when nothing needs changing: no JSON round trip on the hot path) and
 * the typed model (for decisions and for providers that transform).
 */
public final class ChatRequest {

    private final byte[] raw;
    private final CreateChatCompletionRequest body;

    public ChatRequest(byte[] raw, CreateChatCompletionRequest body) {
        this.raw = raw;
        this.body = body;
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

    /** A fresh, mutable JSON tree of the raw body, unknown fields included. Parses on every call. */
    public ObjectNode mutableTree() {
        try {
            return (ObjectNode) Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            throw new UncheckedIOException("body was validated as a JSON object", e);
        }
    }
}
