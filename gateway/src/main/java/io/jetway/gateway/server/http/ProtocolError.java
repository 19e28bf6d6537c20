package io.jetway.gateway.server.http;

/**
 * A request the server cannot read as HTTP/1.1 (or within its limits). It is answered with the given
 * status and an OpenAI-style JSON error, and the connection closes: after a malformed or over-long head,
 * or a body left unread, the server can no longer tell where the next request would begin.
 */
public final class ProtocolError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public ProtocolError(int status, String message, String code) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    /** The error's {@code code}: a short machine-readable name of what was wrong. */
    public String code() {
        return code;
    }
}
