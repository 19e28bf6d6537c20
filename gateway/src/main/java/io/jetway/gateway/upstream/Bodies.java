package io.jetway.gateway.upstream;

import io.jetway.gateway.core.GatewayException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads a whole HTTP body into one array of the right size. {@link InputStream#readAllBytes}
 * reads through a 16 KiB scratch buffer, and Helidon's entity stream allocates another buffer of
 * the size each read asks for: two 16 KiB arrays for a 600-byte chat answer, most of what a request
 * allocated (bench/README.md, allocation profile). With the declared length known, one array of
 * that length is read instead.
 */
public final class Bodies {

    private Bodies() {}

    /** Bodies larger than this are refused rather than buffered (non-stream answers only). */
    static final int MAX_ANSWER = 64 * 1024 * 1024;

    /**
     * {@link UpstreamResponse#readAll} for every client: the whole answer (at most
     * {@link #MAX_ANSWER} bytes), failures mapped to gateway errors, the response closed after.
     */
    static byte[] readAnswer(UpstreamResponse response, long declaredLength, UpstreamRequest request) {
        try {
            return read(response.body(), declaredLength, MAX_ANSWER);
        } catch (TooLargeException e) {
            throw GatewayException.badGateway("The provider's answer is larger than " + MAX_ANSWER + " bytes.");
        } catch (IOException | UncheckedIOException e) {
            throw UpstreamFailures.map(e, request, "reading the response body");
        } catch (RuntimeException e) {
            throw UpstreamFailures.map(e, request, "reading the response body");
        } finally {
            response.close();
        }
    }

    /** Outcome of {@link #read}: too large is not an I/O error, the caller says which limit. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long max) {
            super("larger than " + max + " bytes");
        }
    }

    /**
     * The body's bytes.
     *
     * @param declaredLength the Content-Length, or -1 when not declared (chunked)
     * @param max            the most bytes accepted
     * @throws TooLargeException when the body (declared or read) exceeds {@code max}
     * @throws EOFException      when the body ends before its declared length
     */
    public static byte[] read(InputStream in, long declaredLength, int max) throws IOException {
        if (declaredLength < 0) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new TooLargeException(max);
            }
            return bytes;
        }
        if (declaredLength > max) {
            throw new TooLargeException(max);
        }
        byte[] bytes = new byte[(int) declaredLength];
        int got = in.readNBytes(bytes, 0, bytes.length);
        if (got < bytes.length) {
            throw new EOFException("the body ended after " + got + " of its declared " + declaredLength + " bytes");
        }
        // The entity stream ends at the declared length; reading its end lets the connection be reused.
        if (in.read() >= 0) {
            throw new IOException("the body is longer than its declared " + declaredLength + " bytes");
        }
        return bytes;
    }
}
