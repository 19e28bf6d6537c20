package io.jetway.gateway.server.http;

/**
 * Thrown by a handler to end its response early: the connection closes at once, without a proper end
 * of the body (no terminating chunk; for an HTTP/1.0 body, which only the close ends, a reset), so the
 * client's HTTP layer sees a truncated answer. What the handler flushed before has been sent.
 */
public final class ConnectionAbort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConnectionAbort(String reason) {
        super(reason, null, false, false);
    }
}
