package io.jetway.gateway.core;

/**
 * Credentials out of text that is echoed (errors, the request log): the user-info of a URL
 * ({@code http://user:password@host/v1} → {@code http://***@host/v1}). Secrets never reach logs,
 * errors, metrics or the request log; these helpers are for text that quotes what a caller sent.
 */
public final class Redaction {

    static final String MASK = "***";

    private Redaction() {}

    /**
     * One URL as the caller wrote it, possibly malformed, with everything between the scheme's
     * {@code //} (or the start, without one) and the last {@code @} masked. The last {@code @}, not
     * the first: a password may itself hold {@code @}, {@code /} or spaces, and masking too much of a
     * malformed URL is better than quoting part of a password.
     */
    public static String url(String url) {
        int at = url.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        int scheme = url.indexOf("://");
        int start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
        return url.substring(0, start) + MASK + url.substring(at);
    }

    /**
     * Every {@code scheme://user-info@} in free text masked; a URL ends at white space or a quote.
     * Text without {@code ://} is returned as is, without copying.
     */
    public static String urlsIn(String text) {
        if (text == null || !text.contains("://")) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        int n = text.length();
        while (true) {
            int scheme = text.indexOf("://", from);
            if (scheme < 0) {
                break;
            }
            int start = scheme + 3;
            int end = start;
            while (end < n && !Character.isWhitespace(text.charAt(end)) && "'\"<>`".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            int at = text.lastIndexOf('@', end - 1);
            if (at >= start) {
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(text, copied, start).append(MASK);
                copied = at;
            }
            from = end;
        }
        return out == null ? text : out.append(text, copied, n).toString();
    }
}
