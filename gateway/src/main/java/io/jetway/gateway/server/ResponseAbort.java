package io.jetway.gateway.server;

import io.jetway.gateway.core.Sleeper;
import io.jetway.gateway.server.http.ConnectionAbort;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Cuts off a response that is under way, so that the client's HTTP layer sees it end early: what was
 * written goes out, then the connection closes with no proper end of the body (for a chunked body, no
 * terminating zero-length chunk). A client reading the body gets an unexpected end of it (an
 * {@link IOException} in Java's HttpClient, a "truncated" or "terminated" error elsewhere), not a success.
 *
 * <p>The close waits {@link #GRACE} after the last bytes were sent. Some clients drop what they
 * received but had not yet handed to their reader when the connection fails: Java's HttpClient
 * ({@code BodyHandlers.ofInputStream()}, {@code ofLines()}) lost an error event sent together with
 * the close about one time in eight, none with a few milliseconds between them. The wait costs a
 * failed stream only, on its own (virtual) thread.
 *
 * <p>The one place that knows how the server does it: Jetway's HTTP server closes the connection,
 * writing nothing more, when a handler throws its {@link ConnectionAbort} (for an HTTP/1.0 client, whose
 * stream only the close ends, with a reset, so that the cut is not taken for the end). Its response
 * writes on the caller's thread, so what {@link OutputStream#flush()} sent is on the wire before the close.
 */
final class ResponseAbort {

    static final Duration GRACE = Duration.ofMillis(100);

    private final Sleeper sleeper;

    ResponseAbort(Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    /**
     * Waits {@link #GRACE}, then returns the exception the handler must throw (out of the server's
     * handler call) to close the connection. What the response should still carry must have been
     * flushed: the server sends a stream's bytes only on a flush or on its proper end, which this skips.
     */
    RuntimeException cut(String reason) {
        try {
            sleeper.sleep(GRACE);
        } catch (InterruptedException e) {
            // The server is stopping: close now.
            Thread.currentThread().interrupt();
        }
        return new ConnectionAbort(reason);
    }
}
