package io.jetway.gateway.provider.bedrock.eventstream;

import java.io.IOException;

/** The bytes are not a valid event stream: a checksum mismatch, a bad length or header, or an end mid-message. */
public final class EventStreamException extends IOException {
    private static final long serialVersionUID = 1L;

    public EventStreamException(String message) {
        super(message);
    }
}
