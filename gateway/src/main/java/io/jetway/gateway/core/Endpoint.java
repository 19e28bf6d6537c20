package io.jetway.gateway.core;

/**
 * The gateway's endpoints that go through the pipeline. The request a provider gets says which one it
 * serves ({@link ChatRequest#endpoint()}); a provider lists those it serves, and the pipeline refuses
 * the others with a 400 before any I/O.
 */
public enum Endpoint {
    CHAT("/v1/chat/completions"),
    EMBEDDINGS("/v1/embeddings"),
    MODELS("/v1/models"),
    /**
     * Anthropic's Messages API in. Served by every chat provider: natively where the provider speaks
     * it ({@code Provider#messagesNative}), else translated to chat and back. Its stream payloads are
     * whole SSE events ({@code event: <type>} and {@code data: <json>} lines), not bare data.
     */
    MESSAGES("/v1/messages");

    private final String path;

    Endpoint(String path) {
        this.path = path;
    }

    /** The gateway's path, as the caller calls it (for messages). */
    public String path() {
        return path;
    }
}
