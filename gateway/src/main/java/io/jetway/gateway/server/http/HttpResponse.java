package io.jetway.gateway.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One response, written to the connection as HTTP/1.1: either whole ({@link #send(byte[])}, with a
 * {@code Content-Length}, head and body in one write) or as a stream ({@link #stream()}: chunked; to an
 * HTTP/1.0 client, unframed and ended by closing the connection). A stream's bytes leave on
 * {@link OutputStream#flush()}, the head with the first of them, each flush one write.
 *
 * <p>Not thread-safe: one thread writes (a stream's writer may share it under its own lock).
 */
public final class HttpResponse {

    private enum State {
        NEW,
        STREAMING,
        DONE
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int STREAM_BUFFER = 16 * 1024;

    private final OutputStream out;
    private final boolean http10;
    private final boolean headRequest;
    private boolean keepAlive;
    private int status = 200;
    private final List<String> names = new ArrayList<>(16);
    private final List<String> values = new ArrayList<>(16);
    private State state = State.NEW;
    private long bytesWritten;

    HttpResponse(OutputStream out, boolean http10, boolean keepAlive, boolean headRequest) {
        this.out = out;
        this.http10 = http10;
        this.keepAlive = keepAlive;
        this.headRequest = headRequest;
    }

    public HttpResponse status(int status) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status " + status);
        }
        this.status = status;
        return this;
    }

    public int status() {
        return status;
    }

    /**
     * Adds a field. A value holding CR, LF or NUL is not sent (it would end the field early: response
     * splitting); the server's own framing fields ({@code Content-Length}, {@code Transfer-Encoding},
     * {@code Connection}) are the server's to write and are ignored here.
     */
    public HttpResponse header(String name, String value) {
        if (framing(name)) {
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return this;
            }
        }
        names.add(name);
        values.add(value);
        return this;
    }

    /** Whether the head has been sent or the response is under way. */
    public boolean started() {
        return state != State.NEW;
    }

    /** Whether the response was ended properly (sent whole, or a stream closed). */
    boolean done() {
        return state == State.DONE;
    }

    /** The connection closes after this response ({@code Connection: close} is sent if the head is still to go). */
    public void closeConnection() {
        keepAlive = false;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    /** Sends the whole response: the head with {@code Content-Length}, and the body, in one write. */
    public void send(byte[] body) throws IOException {
        if (state != State.NEW) {
            throw new IllegalStateException("the response was already sent");
        }
        state = State.DONE;
        Bytes b = head(body.length, false, headRequest ? 0 : body.length);
        if (!headRequest) {
            b.put(body, 0, body.length);
        }
        out.write(b.array, 0, b.length);
        out.flush();
        bytesWritten += body.length;
    }

    /**
     * Starts a streamed body. Closing the stream ends the response properly; abandoning it (a
     * {@link ConnectionAbort}) leaves it cut short.
     */
    public OutputStream stream() {
        if (state != State.NEW) {
            throw new IllegalStateException("the response was already sent");
        }
        state = State.STREAMING;
        if (http10) {
            keepAlive = false; // the body's end is the connection's close
        }
        return new Stream();
    }

    /**
     * The head, in a buffer with room for {@code then} more bytes (what goes out in the same write), so
     * that adding them copies nothing a second time (a growing buffer's copy was ~1 % of a streaming
     * gateway's CPU).
     */
    private Bytes head(long contentLength, boolean chunked, int then) {
        Bytes b = new Bytes(256 + 64 * names.size() + then);
        b.ascii("HTTP/1.1 ")
                .ascii(Integer.toString(status))
                .put((byte) ' ')
                .ascii(reason(status))
                .crlf();
        b.ascii("Date: ").ascii(Dates.now()).crlf();
        for (int i = 0; i < names.size(); i++) {
            b.ascii(names.get(i))
                    .put((byte) ':')
                    .put((byte) ' ')
                    .latin1(values.get(i))
                    .crlf();
        }
        if (chunked) {
            b.ascii("Transfer-Encoding: chunked").crlf();
        } else if (contentLength >= 0) {
            b.ascii("Content-Length: ").ascii(Long.toString(contentLength)).crlf();
        }
        if (!keepAlive) {
            b.ascii("Connection: close").crlf();
        } else if (http10) {
            b.ascii("Connection: keep-alive").crlf();
        }
        b.crlf();
        return b;
    }

    private static boolean framing(String name) {
        return switch (name.length()) {
            case 14 -> name.equalsIgnoreCase("content-length");
            case 17 -> name.equalsIgnoreCase("transfer-encoding");
            case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
            default -> false;
        };
    }

    /** A streamed body: chunked for HTTP/1.1, raw for HTTP/1.0; bytes are held until flush or close. */
    private final class Stream extends OutputStream {
        private byte[] data = new byte[STREAM_BUFFER];
        private int length;
        private boolean headSent;
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("the stream is closed");
            }
            if (length + len > data.length) {
                if (length > 0) {
                    send(false);
                }
                if (len > data.length) {
                    data = new byte[Math.max(len, STREAM_BUFFER)];
                }
            }
            System.arraycopy(b, off, data, length, len);
            length += len;
        }

        @Override
        public void flush() throws IOException {
            if (!closed && (length > 0 || !headSent)) {
                send(false);
            }
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                send(true);
                closed = true;
                state = State.DONE;
            }
        }

        /** One write: the head if it is still to go, the held bytes as a chunk, and the last chunk if ending. */
        private void send(boolean last) throws IOException {
            boolean chunked = !http10;
            Bytes b = headSent ? new Bytes(length + 32) : head(-1, chunked, length + 32);
            if (!headSent) {
                headSent = true;
            }
            if (!headRequest) {
                if (length > 0) {
                    if (chunked) {
                        b.ascii(Integer.toHexString(length)).crlf();
                    }
                    b.put(data, 0, length);
                    if (chunked) {
                        b.crlf();
                    }
                }
                if (last && chunked) {
                    b.put(LAST_CHUNK, 0, LAST_CHUNK.length);
                }
            }
            bytesWritten += length;
            length = 0;
            if (b.length > 0) {
                out.write(b.array, 0, b.length);
                out.flush();
            }
        }
    }

    /** A growable byte buffer for one write. */
    private static final class Bytes {
        byte[] array;
        int length;

        Bytes(int capacity) {
            array = new byte[capacity];
        }

        Bytes put(byte b) {
            room(1);
            array[length++] = b;
            return this;
        }

        Bytes put(byte[] b, int off, int len) {
            room(len);
            System.arraycopy(b, off, array, length, len);
            length += len;
            return this;
        }

        Bytes ascii(String s) {
            return latin1(s);
        }

        /** Each character as one byte (ISO-8859-1); header values are checked for CR/LF/NUL before. */
        Bytes latin1(String s) {
            int n = s.length();
            room(n);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                array[length++] = c < 256 ? (byte) c : (byte) '?';
            }
            return this;
        }

        Bytes crlf() {
            return put(CRLF, 0, 2);
        }

        private void room(int n) {
            if (length + n > array.length) {
                byte[] bigger = new byte[Math.max(array.length * 2, length + n)];
                System.arraycopy(array, 0, bigger, 0, length);
                array = bigger;
            }
        }
    }

    /** The {@code Date} field's value, formatted once a second. */
    private static final class Dates {
        private static final DateTimeFormatter FORMAT = DateTimeFormatter.RFC_1123_DATE_TIME;
        private static volatile long second = -1;
        private static volatile String value = "";

        static String now() {
            long s = System.currentTimeMillis() / 1000;
            if (s != second) {
                value = FORMAT.format(ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(s), ZoneOffset.UTC));
                second = s;
            }
            return value;
        }
    }

    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 246 -> "Hooks Failed";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 417 -> "Expectation Failed";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 446 -> "Hooks Denied";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status";
        };
    }
}
