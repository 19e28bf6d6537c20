package io.jetway.gateway.server.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request's head as HTTP/1.1 defines it (RFC 9112), read strictly: what an intermediary in front
 * of the gateway might read differently (so that one request could hide another: request smuggling)
 * is refused, never guessed at. Refused with a {@link ProtocolError} (the connection then closes):
 * <ul>
 *   <li>a bare LF or a lone CR as a line end, NUL or another control character in a line, obs-fold
 *       (a field line starting with whitespace), whitespace before a field's colon: 400;
 *   <li>both {@code Content-Length} and {@code Transfer-Encoding}, more than one {@code Content-Length}
 *       (or a list), one that is not a number, {@code Transfer-Encoding} in an HTTP/1.0 request: 400;
 *   <li>a transfer coding other than {@code chunked} alone: 501; a version other than 1.0 and 1.1: 505;
 *   <li>a request line over {@link ServerLimits#MAX_REQUEST_LINE} bytes: 414; more than
 *       {@link ServerLimits#MAX_HEADERS} fields: 431 (the head's size is bounded while it is read).
 * </ul>
 * Field values are read as ISO-8859-1 (each byte one character), names are kept as sent.
 *
 * @param contentLength the declared body length, or -1 when there is none or the body is chunked
 */
public record RequestHead(
        String method,
        String path,
        String rawQuery,
        boolean http10,
        List<String> names,
        List<String> values,
        long contentLength,
        boolean chunked,
        boolean expectContinue,
        boolean keepAlive,
        String contentEncoding) {

    /** The first value of the field, by case-insensitive name, or null. */
    public String header(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** Whether the request has a body to read. */
    public boolean hasBody() {
        return chunked || contentLength > 0;
    }

    /**
     * Parses {@code buf[from, to)}: the head's lines, each ending in CRLF, the last one empty (the
     * reader found that end; leading empty lines were skipped).
     */
    static RequestHead parse(byte[] buf, int from, int to) {
        int lineEnd = lineEnd(buf, from, to);
        if (lineEnd - from > ServerLimits.MAX_REQUEST_LINE) {
            throw new ProtocolError(
                    414,
                    "The request line is longer than " + ServerLimits.MAX_REQUEST_LINE + " bytes: shorten the URL.",
                    "uri_too_long");
        }
        // Request line: method SP request-target SP HTTP-version.
        int sp1 = indexOf(buf, from, lineEnd, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(buf, sp1 + 1, lineEnd, (byte) ' ');
        if (sp1 <= from || sp2 <= sp1 + 1 || indexOf(buf, sp2 + 1, lineEnd, (byte) ' ') >= 0) {
            throw malformed("its request line is not 'METHOD /path HTTP/1.1'");
        }
        String method = ascii(buf, from, sp1);
        for (int i = 0; i < method.length(); i++) {
            if (!token(method.charAt(i))) {
                throw malformed("its method is not a token");
            }
        }
        String version = ascii(buf, sp2 + 1, lineEnd);
        boolean http10;
        if (version.equals("HTTP/1.1")) {
            http10 = false;
        } else if (version.equals("HTTP/1.0")) {
            http10 = true;
        } else if (version.length() == 8
                && version.startsWith("HTTP/")
                && Character.isDigit(version.charAt(5))
                && version.charAt(6) == '.'
                && Character.isDigit(version.charAt(7))) {
            throw new ProtocolError(
                    505,
                    "HTTP version " + version.substring(5) + " is not supported: use HTTP/1.1 (or 1.0).",
                    "http_version_not_supported");
        } else {
            throw malformed("its request line does not end with an HTTP version");
        }
        String target = ascii(buf, sp1 + 1, sp2);
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw malformed("its request target holds a space, a control character or a non-ASCII byte");
            }
        }
        if (!target.startsWith("/")) {
            int scheme = target.indexOf("://");
            if (scheme > 0 && (target.startsWith("http://") || target.startsWith("https://"))) {
                // Absolute form (sent to proxies): the path is what follows the authority.
                int slash = target.indexOf('/', scheme + 3);
                target = slash < 0 ? "/" : target.substring(slash);
            } else if (target.equals("*") && method.equals("OPTIONS")) {
                target = "*";
            } else {
                throw malformed("its request target is not a path starting with '/'");
            }
        }
        int q = target.indexOf('?');
        int hash = target.indexOf('#');
        if (hash >= 0) {
            throw malformed("its request target holds a fragment ('#')");
        }
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);

        List<String> names = new ArrayList<>(16);
        List<String> values = new ArrayList<>(16);
        long contentLength = -1;
        int contentLengths = 0;
        String transferEncoding = null;
        boolean expectContinue = false;
        String connection = null;
        String contentEncoding = null;
        int p = lineEnd + 2;
        while (true) {
            int end = lineEnd(buf, p, to);
            if (end == p) {
                break; // the empty line: end of the head
            }
            if (names.size() == ServerLimits.MAX_HEADERS) {
                throw new ProtocolError(
                        431,
                        "The request has more than " + ServerLimits.MAX_HEADERS + " header fields.",
                        "request_header_fields_too_large");
            }
            if (buf[p] == ' ' || buf[p] == '\t') {
                throw malformed("a header field is folded over lines (obs-fold); send each field on one line");
            }
            int colon = indexOf(buf, p, end, (byte) ':');
            if (colon <= p) {
                throw malformed("a header line has no field name followed by ':'");
            }
            for (int i = p; i < colon; i++) {
                if (!token((char) (buf[i] & 0xff))) {
                    throw malformed("a header field name holds a character that is not allowed there "
                            + "(whitespace before ':' included)");
                }
            }
            int vs = colon + 1;
            int ve = end;
            while (vs < ve && (buf[vs] == ' ' || buf[vs] == '\t')) {
                vs++;
            }
            while (ve > vs && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) {
                ve--;
            }
            for (int i = vs; i < ve; i++) {
                int c = buf[i] & 0xff;
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw malformed("a header field value holds a control character");
                }
            }
            String name = ascii(buf, p, colon);
            String value = new String(buf, vs, ve - vs, StandardCharsets.ISO_8859_1);
            names.add(name);
            values.add(value);
            switch (name.length()) {
                case 14 -> {
                    if (name.equalsIgnoreCase("content-length")) {
                        contentLengths++;
                        contentLength = length(value);
                    }
                }
                case 17 -> {
                    if (name.equalsIgnoreCase("transfer-encoding")) {
                        transferEncoding = transferEncoding == null ? value : transferEncoding + "," + value;
                    }
                }
                case 6 -> {
                    if (name.equalsIgnoreCase("expect")) {
                        if (!value.equalsIgnoreCase("100-continue")) {
                            throw new ProtocolError(
                                    417, "Only 'Expect: 100-continue' is supported.", "expectation_failed");
                        }
                        expectContinue = true;
                    }
                }
                case 10 -> {
                    if (name.equalsIgnoreCase("connection")) {
                        connection = connection == null ? value : connection + "," + value;
                    }
                }
                case 16 -> {
                    if (name.equalsIgnoreCase("content-encoding")) {
                        contentEncoding = contentEncoding == null ? value : contentEncoding + "," + value;
                    }
                }
                default -> {
                    // Other fields matter to the handler only.
                }
            }
            p = end + 2;
        }
        if (contentLengths > 1) {
            throw malformed("it has more than one Content-Length field");
        }
        boolean chunked = false;
        if (transferEncoding != null) {
            if (contentLengths > 0) {
                throw malformed("it has both Content-Length and Transfer-Encoding (a request must say its body's "
                        + "length one way only)");
            }
            if (http10) {
                throw malformed("HTTP/1.0 has no Transfer-Encoding; send Content-Length");
            }
            if (!transferEncoding.strip().equalsIgnoreCase("chunked")) {
                throw new ProtocolError(
                        501,
                        "Transfer-Encoding '" + printable(transferEncoding)
                                + "' is not supported: send the body with Content-Length or 'Transfer-Encoding: chunked'.",
                        "not_implemented");
            }
            chunked = true;
        }
        boolean keepAlive = http10 ? hasToken(connection, "keep-alive") : !hasToken(connection, "close");
        return new RequestHead(
                method,
                path,
                query,
                http10,
                names,
                values,
                contentLength,
                chunked,
                expectContinue && !http10,
                keepAlive,
                contentEncoding);
    }

    private static long length(String value) {
        if (value.isEmpty()) {
            throw malformed("its Content-Length is empty");
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed("its Content-Length is not a single number");
            }
            if (n > (Long.MAX_VALUE - 9) / 10) {
                throw new ProtocolError(413, "The request body is too large.", "request_too_large");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static boolean hasToken(String list, String token) {
        if (list == null) {
            return false;
        }
        for (String part : list.split(",")) {
            if (part.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** The index of the CR of the CRLF ending the line that starts at {@code from}; the reader checked there is one. */
    private static int lineEnd(byte[] buf, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            if (buf[i] == '\r') {
                if (buf[i + 1] != '\n') {
                    throw malformed("a line ends in a CR without LF");
                }
                return i;
            }
            if (buf[i] == '\n') {
                throw malformed("a line ends in a bare LF (HTTP lines end in CRLF)");
            }
            if (buf[i] == 0) {
                throw malformed("it holds a NUL byte");
            }
        }
        throw malformed("its head does not end with an empty line");
    }

    private static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String ascii(byte[] buf, int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** RFC 9110 tchar. */
    private static boolean token(char c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return t.toLowerCase(Locale.ROOT);
    }

    static ProtocolError malformed(String what) {
        return new ProtocolError(400, "The request is malformed: " + what + ".", "malformed_request");
    }
}
