package io.jetway.client.sdk;

/**
 * A stream that did not end with {@code [DONE]}: the gateway sent an error event (then {@link #type()},
 * {@link #code()}, {@link #param()} are the event's), or the connection ended or broke before
 * {@code [DONE]} (then {@link #type()} is {@code stream_truncated} and the cause is the I/O error, if any).
 * The answer read so far is incomplete.
 */
public class JetwayStreamException extends JetwayException {

    private final String type;
    private final String code;
    private final String param;
    private final String traceId;

    public JetwayStreamException(
            String message, String type, String code, String param, String traceId, Throwable cause) {
        super(
                message
                        + (type == null ? "" : " (" + type + (code == null ? "" : "/" + code) + ")")
                        + (traceId == null ? "" : " [trace " + traceId + "]"),
                cause);
        this.type = type;
        this.code = code;
        this.param = param;
        this.traceId = traceId;
    }

    /** The error's type, e.g. {@code server_error}, or {@code stream_truncated}. */
    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    /** The call's {@code x-portkey-trace-id}, or null. */
    public String traceId() {
        return traceId;
    }
}
