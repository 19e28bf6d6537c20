package io.jetway.client.sdk;

import java.io.IOException;

/** A connect, read or overall timeout of {@link Timeouts} passed before the answer arrived. */
public class JetwayTimeoutException extends JetwayIoException {

    public JetwayTimeoutException(String message, IOException cause) {
        super(message, cause);
    }
}
