package io.jetway.gateway.server.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request's body as it arrives, framed by its {@code Content-Length} or by chunks, never read past
 * its end (what follows belongs to the next request). Reads wait at most the body's idle timeout and
 * end by the body's deadline ({@link ServerLimits}); a chunked body larger than the body limit is
 * refused (413) when it crosses it, so nothing unbounded is ever read. Such failures are
 * {@link ProtocolError}s, and the connection closes after the answer: the rest of the body is not
 * read, so no byte of it can be taken for a request.
 */
final class BodyInput extends InputStream {

    /** Sends {@code 100 Continue} before the first read, when the client asked to wait for it. */
    interface Continue {
        void send() throws IOException;
    }

    private static final int MAX_CHUNK_LINE = 1024;
    private static final int MAX_TRAILERS = 16 * 1024;

    private final ConnectionInput input;
    private final boolean chunked;
    private final long maxBytes;
    private final long idleNanos;
    private final long deadline;
    private Continue expectContinue;
    /** Fixed length: bytes left; chunked: bytes left of the current chunk. */
    private long left;

    private long total;
    private boolean ended;
    private boolean failed;

    BodyInput(ConnectionInput input, RequestHead head, ServerLimits limits, Continue expectContinue) {
        this.input = input;
        this.chunked = head.chunked();
        this.maxBytes = limits.maxBodyBytes();
        this.idleNanos = limits.bodyIdleTimeout().toNanos();
        this.deadline = System.nanoTime() + limits.bodyTimeout().toNanos();
        this.expectContinue = expectContinue;
        this.left = chunked ? 0 : Math.max(0, head.contentLength());
        this.ended = !chunked && left == 0;
    }

    /** Whether the body was read to its end (the connection can carry another request). */
    boolean complete() {
        return ended && !failed;
    }

    /** Whether a read failed (timeout, overflow, malformed chunk, client gone): the connection must close. */
    boolean failed() {
        return failed;
    }

    /**
     * Reads the rest of the body and drops it, if it is known to be at most {@code max} bytes more (a
     * handler answered without reading it all): true when the connection can carry another request.
     */
    boolean drain(long max) {
        if (failed) {
            return false;
        }
        if (ended) {
            return true;
        }
        if (!chunked && left > max) {
            return false;
        }
        if (expectContinue != null) {
            // The client waits for our word before it sends the body: it is not coming.
            return false;
        }
        byte[] skip = new byte[8192];
        long drained = 0;
        try {
            int n;
            while ((n = read(skip, 0, skip.length)) > 0) {
                drained += n;
                if (drained > max) {
                    return false;
                }
            }
            return ended;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (ended) {
            return -1;
        }
        if (failed) {
            throw new IOException("the request body could not be read");
        }
        try {
            if (expectContinue != null) {
                Continue c = expectContinue;
                expectContinue = null;
                c.send();
            }
            if (chunked && left == 0) {
                if (!nextChunk()) {
                    ended = true;
                    return -1;
                }
            }
            int n = input.read(b, off, (int) Math.min(len, left), readDeadline());
            if (n < 0) {
                throw new ConnectionInput.ClientGone();
            }
            left -= n;
            if (!chunked) {
                total += n;
                ended = left == 0;
            } else if (left == 0) {
                crlf();
            }
            return n;
        } catch (ConnectionInput.Timeout t) {
            failed = true;
            throw new ProtocolError(408, "The request body did not arrive in time.", "request_timeout");
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public int available() {
        return 0;
    }

    private long readDeadline() {
        return Math.min(deadline, System.nanoTime() + idleNanos);
    }

    /** Reads a chunk's size line; false at the last chunk (after its trailer section). */
    private boolean nextChunk() throws IOException {
        long size = 0;
        int digits = 0;
        int length = 0;
        boolean extension = false;
        while (true) {
            int c = input.read(readDeadline());
            if (c < 0) {
                throw new ConnectionInput.ClientGone();
            }
            if (++length > MAX_CHUNK_LINE) {
                throw RequestHead.malformed("a chunk's size line is longer than " + MAX_CHUNK_LINE + " bytes");
            }
            if (c == '\r') {
                if (input.read(readDeadline()) != '\n') {
                    throw RequestHead.malformed("a chunk's size line does not end in CRLF");
                }
                break;
            }
            if (c == '\n') {
                throw RequestHead.malformed("a chunk's size line ends in a bare LF");
            }
            if (extension) {
                if (c < 0x20 && c != '\t') {
                    throw RequestHead.malformed("a chunk extension holds a control character");
                }
                continue;
            }
            int v = Character.digit(c, 16);
            if (v >= 0) {
                if (++digits > 15) {
                    throw tooLarge();
                }
                size = size * 16 + v;
            } else if (c == ';' || c == ' ' || c == '\t') {
                extension = true;
            } else {
                throw RequestHead.malformed("a chunk's size is not a hexadecimal number");
            }
        }
        if (digits == 0) {
            throw RequestHead.malformed("a chunk has no size");
        }
        if (size == 0) {
            trailers();
            return false;
        }
        if (total + size > maxBytes) {
            throw tooLarge();
        }
        total += size;
        left = size;
        return true;
    }

    /** The trailer section after the last chunk: field lines, ignored, up to the empty line. */
    private void trailers() throws IOException {
        int read = 0;
        int lineLength = 0;
        while (true) {
            int c = input.read(readDeadline());
            if (c < 0) {
                throw new ConnectionInput.ClientGone();
            }
            if (++read > MAX_TRAILERS) {
                throw RequestHead.malformed("its trailer section is longer than " + MAX_TRAILERS + " bytes");
            }
            if (c == '\r') {
                if (input.read(readDeadline()) != '\n') {
                    throw RequestHead.malformed("a trailer line does not end in CRLF");
                }
                if (lineLength == 0) {
                    return;
                }
                lineLength = 0;
            } else if (c == '\n' || c == 0) {
                throw RequestHead.malformed("a trailer line holds a bare LF or a NUL");
            } else {
                lineLength++;
            }
        }
    }

    private void crlf() throws IOException {
        int cr = input.read(readDeadline());
        int lf = input.read(readDeadline());
        if (cr != '\r' || lf != '\n') {
            throw RequestHead.malformed("a chunk's data is not followed by CRLF");
        }
    }

    private ProtocolError tooLarge() {
        return new ProtocolError(413, "The request body is larger than " + maxBytes + " bytes.", "request_too_large");
    }
}
