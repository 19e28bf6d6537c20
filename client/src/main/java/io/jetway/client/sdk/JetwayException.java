package io.jetway.client.sdk;

/**
 * Every failure {@link JetwayClient} reports: {@link JetwayServiceException} (the gateway answered with
 * an error status; one subclass per status), {@link JetwayIoException} (no answer: refused connection,
 * timeout, broken connection), {@link JetwayStreamException} (a stream ended with an error event or
 * without {@code [DONE]}) and {@link JetwayInvalidDataException} (an answer that could not be read).
 * The cause is always kept.
 */
public abstract class JetwayException extends RuntimeException {

    protected JetwayException(String message, Throwable cause) {
        super(message, cause);
    }
}
