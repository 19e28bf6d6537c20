package io.jetway.gateway.cache;

/** A backend could not be used (unreachable, timed out, cooling down after a failure). No secrets in the message. */
public final class CacheUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CacheUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
