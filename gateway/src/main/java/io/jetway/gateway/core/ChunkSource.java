package io.jetway.gateway.core;

/**
 * A pull-based stream of client {@code data:} payloads (JSON text of
 * {@code chat.completion.chunk}s), produced from an upstream stream as it arrives.
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

    /** Releases the upstream connection (cancelling it if the stream is not finished). Idempotent. */
    @Override
    void close();
}
