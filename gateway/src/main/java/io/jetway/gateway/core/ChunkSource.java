package io.jetway.gateway.core;

/**
 * A pull-based stream of client {@code data:} payloads (JSON text of
 * {@code chat.completion.chunk}s), produced from an upstream stream as it arrives. On
 * {@link Endpoint#MESSAGES} each payload is instead one whole Anthropic SSE event
 * ({@code event: <type>\ndata: <json>}), which the server writes as it is.
 * One per request; not thread-safe.
 */
public interface ChunkSource extends AutoCloseable {

    /**
     * The next payload, or {@code null} once the upstream stream ended properly.
     *
     * @throws GatewayException when the upstream stream failed or ended early; the server then
     *                          sends it as an SSE error event and no {@code [DONE]}
     */
    String next();

    /**
     * Whether {@link #next()} will return without waiting for the upstream: a payload (or the end,
     * or a failure) is already at hand. The server flushes what it has written to the client only
     * when this is false, so payloads that arrived together leave in one write and none waits in
     * a buffer for input that has not arrived. {@code false}, the default, is always safe (a flush
     * per payload); {@code true} must be exact.
     */
    default boolean ready() {
        return false;
    }

    /** Releases the upstream connection (cancelling it if the stream is not finished). Idempotent. */
    @Override
    void close();

    /**
     * Abandons the upstream call from another thread while the owner may be waiting in
     * {@link #next()} (the client went away): the upstream connection is closed, so that wait ends
     * at once, with a failure. The owner still closes the source. Thread-safe. Sources that never wait
     * on the network need not implement it; wrappers pass it on.
     */
    default void cancel() {}
}
