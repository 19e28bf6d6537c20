package io.jetway.client.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A response body as an {@link InputStream} that hands out every byte that arrived before it reports
 * the body's failure. {@code BodyHandlers.ofInputStream()} throws as soon as the connection fails,
 * dropping what it received but had not handed out yet; the gateway ends a broken stream with an error
 * event and then cuts the connection, so that event would now and then be lost. Demand is one list of
 * buffers at a time, as the reader takes them.
 */
final class BodyInputStream extends InputStream implements HttpResponse.BodySubscriber<InputStream> {

    /** Queued after the last buffers (by identity: an empty list the HTTP client may also send). */
    private static final List<ByteBuffer> END = Collections.unmodifiableList(new ArrayList<>());

    private final BlockingQueue<List<ByteBuffer>> arrived = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    /** Set before {@link #END} is queued. */
    private volatile Throwable failure;

    private volatile boolean closed;
    private Iterator<ByteBuffer> buffers = Collections.emptyIterator();
    private ByteBuffer current;
    private boolean ended;
    /** How long the next piece may take (null: as long as it takes); asked before each wait. */
    private final Supplier<Duration> patience;

    BodyInputStream() {
        this(() -> null);
    }

    BodyInputStream(Supplier<Duration> patience) {
        this.patience = patience;
    }

    static HttpResponse.BodyHandler<InputStream> handler() {
        return info -> new BodyInputStream();
    }

    /** Bodies whose every next piece must arrive within {@code patience}'s answer, or the read fails with {@link HttpTimeoutException}. */
    static HttpResponse.BodyHandler<InputStream> handler(Supplier<Duration> patience) {
        return info -> new BodyInputStream(patience);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        arrived.add(item);
    }

    @Override
    public void onError(Throwable t) {
        failure = t;
        arrived.add(END);
    }

    @Override
    public void onComplete() {
        arrived.add(END);
    }

    @Override
    public int read() throws IOException {
        ByteBuffer b = current();
        return b == null ? -1 : b.get() & 0xff;
    }

    @Override
    public int read(byte[] into, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        ByteBuffer b = current();
        if (b == null) {
            return -1;
        }
        int n = Math.min(len, b.remaining());
        b.get(into, off, n);
        return n;
    }

    /** A buffer with bytes left, or null at the body's proper end; throws at its failure. */
    private ByteBuffer current() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (closed) {
                throw new IOException("closed");
            }
            if (buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            if (ended) {
                Throwable t = failure;
                if (t != null) {
                    throw t instanceof IOException io ? new IOException(io.getMessage(), io) : new IOException(t);
                }
                return null;
            }
            List<ByteBuffer> next;
            try {
                Duration wait = patience.get();
                if (wait == null) {
                    next = arrived.take();
                } else {
                    next = wait.isNegative() || wait.isZero()
                            ? arrived.poll()
                            : arrived.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        close();
                        throw new HttpTimeoutException("no data from the gateway for " + wait.toMillis() + " ms");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the response");
            }
            if (next == END) {
                ended = true;
            } else {
                buffers = next.iterator();
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.request(1);
                }
            }
        }
        return current;
    }

    /** Stops the body: the HTTP client releases (or closes) the connection. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Flow.Subscription s = subscription;
            if (s != null && !ended) {
                s.cancel();
            }
        }
    }
}
