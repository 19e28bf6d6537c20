package io.jetway.gateway.provider;

import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.upstream.UpstreamFailures;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Client chunks pulled from an upstream stream of frames (SSE events, AWS event-stream messages):
 * decodes one frame at a time (returning as soon as a frame is complete: nothing is buffered beyond
 * it), maps it, hands the payloads out. Transport failures, corrupt frames and early ends become
 * {@link GatewayException}s, so the server ends the client's stream with an error event instead of
 * a clean end. At the end of the input the mapper decides ({@link Mapper#onEnd}) whether the end
 * was clean; input cut off in the middle of a frame never is.
 *
 * @param <F> the frame type
 */
public final class FramedChunkSource<F> implements ChunkSource {

    /** Reads frames from the upstream body. */
    public interface Decoder<F> {
        /** The next whole frame, or null at the end of the input. Corrupt input may throw a GatewayException. */
        F next() throws IOException;

        /** Whether the input ended inside a frame (a partial frame was discarded). */
        boolean endedMidFrame();

        /**
         * Whether {@link #next()} will return without waiting for input (a whole frame is buffered,
         * or the input ended). {@code false} is always safe; {@code true} must be exact.
         */
        default boolean frameBuffered() throws IOException {
            return false;
        }
    }

    /** Maps one provider's frames to client payloads. Stateful: one per request. */
    public interface Mapper<F> {
        /**
         * Maps one frame, appending zero or more client payloads to {@code out}.
         *
         * @return true when this was the provider's terminal frame (nothing more will be read)
         * @throws GatewayException for an error the provider sent in the stream
         */
        boolean onFrame(F frame, List<String> out);

        /**
         * The input ended without a terminal frame. Streams that end this way by design (Gemini's)
         * may append final payloads and return; by default the stream was truncated.
         */
        default void onEnd(List<String> out) {
            throw truncated();
        }

        /** The error for a stream that ended too early. */
        GatewayException truncated();
    }

    /** At most this much of a finished stream's remaining body is read to keep its connection. */
    static final int MAX_DRAIN_BYTES = 64 * 1024;

    private final UpstreamRequest request;
    private final UpstreamResponse response;
    private final InputStream body;
    private final Decoder<F> decoder;
    private final Mapper<F> mapper;
    private final ArrayDeque<String> pending = new ArrayDeque<>(4);
    private final List<String> scratch = new ArrayList<>(4);
    private boolean finished;
    private boolean closed;
    /** A failure met while looking ahead in {@link #ready()}, thrown by the next {@link #next()}. */
    private GatewayException failure;

    /**
     * @param body the upstream body the decoder reads (read to its end after a proper finish, so
     *             the connection can be pooled)
     */
    public FramedChunkSource(
            UpstreamRequest request,
            UpstreamResponse response,
            InputStream body,
            Decoder<F> decoder,
            Mapper<F> mapper) {
        this.request = request;
        this.response = response;
        this.body = body;
        this.decoder = decoder;
        this.mapper = mapper;
    }

    @Override
    public String next() {
        while (pending.isEmpty()) {
            if (failure != null) {
                throw failure;
            }
            if (finished) {
                close();
                return null;
            }
            advance();
        }
        return pending.poll();
    }

    /**
     * True when a payload, the end or a failure is at hand. Frames already buffered are decoded and
     * mapped here (work {@link #next()} would do next anyway), because a frame may map to no payload
     * at all (keep-alive pings, block ends): only a payload or the end makes the answer true.
     */
    @Override
    public boolean ready() {
        try {
            while (pending.isEmpty() && failure == null && !finished) {
                if (!frameBuffered()) {
                    return false;
                }
                advance();
            }
        } catch (GatewayException e) {
            failure = e;
        }
        return true;
    }

    private boolean frameBuffered() {
        try {
            return decoder.frameBuffered();
        } catch (IOException | RuntimeException e) {
            return false; // only a look-ahead: the next read reports the failure
        }
    }

    /** Reads and maps one frame (or the end of the input) into {@link #pending}. */
    private void advance() {
        scratch.clear();
        try {
            F frame = readFrame();
            if (frame == null) {
                if (decoder.endedMidFrame()) {
                    throw mapper.truncated();
                }
                mapper.onEnd(scratch);
                finished = true;
            } else {
                finished = mapper.onFrame(frame, scratch);
            }
        } catch (GatewayException e) {
            close();
            throw e;
        }
        pending.addAll(scratch);
    }

    private F readFrame() {
        try {
            return decoder.next();
        } catch (GatewayException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw UpstreamFailures.map(e, request, "reading the stream");
        }
    }

    /** Closes the upstream response under a {@link #next()} that may be waiting on it (another thread's call). */
    @Override
    public void cancel() {
        response.close();
    }

    /**
     * Releases the upstream response. After the provider's proper end, what is left of the body
     * (typically just the end of the chunked encoding, which arrives right after the terminal
     * event) is read on a virtual thread, off the client's path, so the connection goes back to
     * the pool instead of being discarded: otherwise every stream to a provider would pay a new
     * TCP and TLS handshake. When that end is already buffered (the usual case) it is read here instead:
     * starting a thread for it cost ~10 % of a streaming gateway's CPU (bench/README.md). A stream that
     * failed or that the client abandoned is closed at once.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!finished || response.endIfBuffered()) {
            response.close();
            return;
        }
        Thread.startVirtualThread(() -> {
            try {
                byte[] scratch = new byte[4096];
                int drained = 0;
                for (int n; drained < MAX_DRAIN_BYTES && (n = body.read(scratch)) >= 0; ) {
                    drained += n;
                }
            } catch (IOException | RuntimeException ignored) {
                // The connection is discarded on close; nothing else to do.
            } finally {
                response.close();
            }
        });
    }
}
