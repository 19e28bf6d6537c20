package io.jetway.gateway.observability;

import io.jetway.gateway.upstream.UpstreamClient;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Wraps the upstream client to measure the time spent waiting on providers (sending, waiting for
 * the headers, reading the body: the stream's reads included) and to tell the current
 * {@link AttemptObservation} where the call went and what status came back. Only the wait is
 * timed, so {@code total - wait} is the gateway's own time (mapping, routing, writing).
 */
final class ObservedUpstreamClient implements UpstreamClient {

    private final UpstreamClient delegate;
    private final Ticker ticker;

    ObservedUpstreamClient(UpstreamClient delegate, Ticker ticker) {
        this.delegate = delegate;
        this.ticker = ticker;
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        AttemptObservation attempt = AttemptObservation.current();
        if (attempt == null) {
            return delegate.send(request);
        }
        attempt.sending(request.uri());
        long start = ticker.nanos();
        try {
            UpstreamResponse response = delegate.send(request);
            attempt.answered(response.status());
            return new Timed(response, attempt, ticker);
        } finally {
            attempt.waited(ticker.nanos() - start);
        }
    }

    /** A response whose body reads count as waiting on the provider. */
    private static final class Timed implements UpstreamResponse {
        private final UpstreamResponse delegate;
        private final AttemptObservation attempt;
        private final Ticker ticker;

        Timed(UpstreamResponse delegate, AttemptObservation attempt, Ticker ticker) {
            this.delegate = delegate;
            this.attempt = attempt;
            this.ticker = ticker;
        }

        @Override
        public int status() {
            return delegate.status();
        }

        @Override
        public String header(String name) {
            return delegate.header(name);
        }

        @Override
        public void forEachHeader(java.util.function.BiConsumer<String, String> action) {
            delegate.forEachHeader(action);
        }

        @Override
        public boolean endIfBuffered() {
            return delegate.endIfBuffered();
        }

        @Override
        public InputStream body() {
            return new FilterInputStream(delegate.body()) {
                @Override
                public int read() throws IOException {
                    long start = ticker.nanos();
                    try {
                        return super.read();
                    } finally {
                        attempt.waited(ticker.nanos() - start);
                    }
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    long start = ticker.nanos();
                    try {
                        return super.read(b, off, len);
                    } finally {
                        attempt.waited(ticker.nanos() - start);
                    }
                }
            };
        }

        @Override
        public byte[] readAll() {
            long start = ticker.nanos();
            try {
                return delegate.readAll();
            } finally {
                attempt.waited(ticker.nanos() - start);
            }
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
