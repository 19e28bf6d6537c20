package io.jetway.client.sdk;

import io.jetway.api.model.Error;

/**
 * The gateway (or, through it, the provider) refused or failed a call: the HTTP status and the
 * OpenAI-style error. Also thrown by a stream that ended with an error event or without
 * {@code [DONE]} ({@link #status()} is then the status of the stream, 200).
 *
 * @deprecated Use {@link JetwayClient}: typed errors by status, retries, timeouts, open answers.
 */
@Deprecated
public final class JetwayApiException extends RuntimeException {

    private final int status;
    private final Error error;

    public JetwayApiException(int status, Error error) {
        super(status + " " + (error == null ? "(no error body)" : error.getType() + ": " + error.getMessage()));
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    /** The error object, or null when the body was not an OpenAI-style error. */
    public Error error() {
        return error;
    }
}
