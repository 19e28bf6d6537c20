package io.jetway.gateway.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A connection's bytes as they arrive: one buffer that holds a request's head and whatever followed
 * it in the same read (the start of its body, or a pipelined next request), read with deadlines.
 * Every read waits at most until a deadline ({@link ReadDeadlines} ends it), so a client that goes
 * quiet, or drips bytes, is noticed in time.
 */
final class ConnectionInput implements ReadDeadlines.Watched {

    private static final int INITIAL = 8 * 1024;

    private final Socket socket;
    private final InputStream in;
    /** The current read's deadline (nanoTime), 0 while not reading; read by {@link ReadDeadlines}. */
    private volatile long deadline;

    private volatile boolean expired;
    private byte[] buf = new byte[INITIAL];
    /** Unread bytes are {@code buf[pos, lim)}. */
    private int pos;

    private int lim;

    ConnectionInput(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** What a deadline's passing means to the reader. */
    static final class Timeout extends IOException {
        private static final long serialVersionUID = 1L;

        Timeout() {
            super("timed out", null);
        }
    }

    /**
     * Reads until a whole head is in the buffer and returns it parsed; leading empty lines are skipped.
     *
     * @param firstByteDeadline when the head's first byte must have come (nanoTime)
     * @param headNanos how long the rest of the head may take after its first byte; 0: until
     *     {@code firstByteDeadline} too (a connection's first request)
     * @return null when the client closed the connection, or was silent until {@code firstByteDeadline},
     *     before sending any byte of a head
     * @throws ProtocolError when the head is malformed, too large or late (408)
     */
    RequestHead readHead(long firstByteDeadline, long headNanos) throws IOException {
        compact();
        long deadline = firstByteDeadline;
        boolean started = false;
        int scanned = pos;
        while (true) {
            // Leading CRLFs (a client's stray line ends between requests) are skipped.
            while (pos + 1 < lim && buf[pos] == '\r' && buf[pos + 1] == '\n') {
                pos += 2;
                scanned = Math.max(scanned, pos);
            }
            if (pos < lim && !started) {
                started = true;
                if (headNanos > 0) {
                    deadline = System.nanoTime() + headNanos;
                }
            }
            int end = headEnd(scanned);
            if (end >= 0) {
                RequestHead head = RequestHead.parse(buf, pos, end);
                pos = end;
                return head;
            }
            scanned = Math.max(pos, lim - 3);
            if (lim - pos >= ServerLimits.MAX_HEAD) {
                throw requestLineOpen()
                        ? new ProtocolError(
                                414,
                                "The request line is longer than " + ServerLimits.MAX_REQUEST_LINE
                                        + " bytes: shorten the URL.",
                                "uri_too_long")
                        : new ProtocolError(
                                431,
                                "The request's header fields are larger than " + ServerLimits.MAX_HEAD / 1024
                                        + " KiB in all.",
                                "request_header_fields_too_large");
            }
            if (requestLineOpen() && lim - pos > ServerLimits.MAX_REQUEST_LINE) {
                throw new ProtocolError(
                        414,
                        "The request line is longer than " + ServerLimits.MAX_REQUEST_LINE + " bytes: shorten the URL.",
                        "uri_too_long");
            }
            int n;
            try {
                n = fill(deadline);
            } catch (Timeout t) {
                if (!started) {
                    return null;
                }
                throw new ProtocolError(408, "The request's head did not arrive in time.", "request_timeout");
            }
            if (n < 0) {
                if (started) {
                    throw new ClientGone();
                }
                return null;
            }
        }
    }

    /** The client closed its side in the middle of a request. */
    static final class ClientGone extends IOException {
        private static final long serialVersionUID = 1L;

        ClientGone() {
            super("the client closed the connection mid-request", null);
        }
    }

    /**
     * The index just past the head's final CRLFCRLF, or -1. A line end other than CRLF is left for
     * the parser to refuse, once the head is whole — a bare LF ends the search too, so that such a head
     * is refused at once rather than after the timeout.
     */
    private int headEnd(int from) {
        for (int i = Math.max(from, pos); i < lim; i++) {
            if (buf[i] == '\n') {
                boolean crlf = i > pos && buf[i - 1] == '\r';
                if (!crlf) {
                    return i + 1; // a bare LF: the parser refuses the head
                }
                if (i >= pos + 3 && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    private boolean requestLineOpen() {
        for (int i = pos; i < lim; i++) {
            if (buf[i] == '\n') {
                return false;
            }
        }
        return true;
    }

    /** Reads more into the buffer (growing it up to the head limit); -1 at the end of the stream. */
    private int fill(long deadline) throws IOException {
        if (lim == buf.length) {
            compact();
            if (lim == buf.length) {
                byte[] bigger = new byte[Math.min(ServerLimits.MAX_HEAD + 1024, buf.length * 2)];
                System.arraycopy(buf, 0, bigger, 0, lim);
                buf = bigger;
            }
        }
        int n = socketRead(buf, lim, buf.length - lim, deadline);
        if (n > 0) {
            lim += n;
        }
        return n;
    }

    private void compact() {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == 0 && buf.length > INITIAL) {
            buf = new byte[INITIAL]; // a large head's buffer is not kept for the connection's life
        }
    }

    /**
     * Reads up to {@code len} body bytes: what is buffered first, else from the socket.
     *
     * @return the count read, or -1 at the end of the stream
     * @throws Timeout when nothing came before {@code deadline}
     */
    int read(byte[] b, int off, int len, long deadline) throws IOException {
        if (pos < lim) {
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }
        return socketRead(b, off, len, deadline);
    }

    /** One byte (chunk framing), or -1 at the end of the stream. */
    int read(long deadline) throws IOException {
        if (pos == lim) {
            compact();
            int n = fill(deadline);
            if (n < 0) {
                return -1;
            }
        }
        return buf[pos++] & 0xff;
    }

    /** A blocking read from the socket, ended by {@link ReadDeadlines} at {@code until}. */
    private int socketRead(byte[] b, int off, int len, long until) throws IOException {
        if (expired || until - System.nanoTime() <= 0) {
            throw new Timeout();
        }
        deadline = until;
        int n;
        try {
            n = in.read(b, off, len);
        } catch (SocketTimeoutException e) {
            throw new Timeout();
        } finally {
            deadline = 0;
        }
        if (n < 0 && expired) {
            throw new Timeout(); // the end of the stream was the watcher's
        }
        return n;
    }

    /** The current read's deadline, or 0. */
    @Override
    public long deadline() {
        return deadline;
    }

    /** Past the deadline: the blocked read ends (the input is shut down: nothing more is read). */
    @Override
    public void expire() {
        expired = true;
        try {
            socket.shutdownInput();
        } catch (IOException | RuntimeException ignored) {
            // Already closed: the read has ended anyway.
        }
    }
}
