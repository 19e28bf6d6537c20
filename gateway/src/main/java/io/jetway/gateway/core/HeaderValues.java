package io.jetway.gateway.core;

/**
 * What may travel in an upstream HTTP header. Values the caller gives for headers (keys, provider
 * options, forwarded headers) are checked when they arrive, so that a line break or a non-ASCII
 * character is the caller's 400 naming the field, not a failed upstream call (a 502 counted against
 * the provider). Values: printable ASCII, space and tab (RFC 9110 {@code field-value} without
 * {@code obs-text}, which providers do not read alike). Names: RFC 9110 tokens.
 */
public final class HeaderValues {

    private HeaderValues() {}

    /**
     * Why {@code value} cannot be an HTTP header value, for a message ("contains a line break (CR or LF)
     * at character 5"), or null when it can. Never quotes the value: it may be a secret.
     */
    public static String problem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7F || c == '\t') {
                continue;
            }
            String what = c == '\r' || c == '\n'
                    ? "a line break (CR or LF)"
                    : c < 0x20 || c == 0x7F ? "a control character" : "a non-ASCII character";
            return "contains " + what + " at character " + (i + 1) + "; header values take printable ASCII only";
        }
        return null;
    }

    /** Whether {@code name} is a valid header name (an RFC 9110 token). */
    public static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7F || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
