package io.jetway.gateway.core;

/**
 * A chunk source that passes everything on to the one it wraps; a wrapper overrides only what it
 * adds (observing payloads, recording them, settling at the end). Keeping the forwarding here means
 * no wrapper can forget {@link #cancel()} (a client that leaves must reach the upstream connection)
 * or get {@link #ready()} wrong for payloads it passes through unchanged.
 */
public abstract class ForwardingChunkSource implements ChunkSource {

    /** The source this one reads from and passes cancel and close on to. */
    protected final ChunkSource delegate;

    protected ForwardingChunkSource(ChunkSource delegate) {
        this.delegate = delegate;
    }

    @Override
    public String next() {
        return delegate.next();
    }

    /** The delegate's: exact as long as every payload it has at hand is passed on. */
    @Override
    public boolean ready() {
        return delegate.ready();
    }

    @Override
    public void cancel() {
        delegate.cancel();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
