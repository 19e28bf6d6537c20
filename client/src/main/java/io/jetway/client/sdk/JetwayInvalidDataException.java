package io.jetway.client.sdk;

/**
 * An answer arrived but could not be read as what it should be (not JSON, or JSON of the wrong
 * shape). {@link #body()} holds (the start of) what arrived; the cause is the parser's error.
 */
public class JetwayInvalidDataException extends JetwayException {

    private final String body;

    public JetwayInvalidDataException(String message, String body, Throwable cause) {
        super(message + (body == null ? "" : ": " + excerpt(body)), cause);
        this.body = body;
    }

    /** What arrived (or null). */
    public String body() {
        return body;
    }

    static String excerpt(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "…";
    }
}
