package io.jetway.client.sdk;

import java.io.IOException;

/** No (whole) answer arrived: the connection was refused or broke. The cause is the I/O error. */
public class JetwayIoException extends JetwayException {

    public JetwayIoException(String message, IOException cause) {
        super(message + ": " + cause, cause);
    }
}
