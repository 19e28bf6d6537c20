package io.jetway.gateway.pipeline;

import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.ForwardingChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Translation;
import io.jetway.gateway.upstream.UpstreamClient;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The terminal step: the upstream client sends the call {@link PrepareInterceptor} prepared, and
 * the provider maps what comes back. A stream is handed on unread (its chunks are pulled by the
 * server as the client is written), so nothing is buffered.
 */
final class ProviderCallInterceptor implements Interceptor {

    /** Upstream response headers worth passing to the client: request ids and rate-limit state. */
    static boolean passedThrough(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.startsWith("x-ratelimit-")
                || n.startsWith("anthropic-ratelimit-")
                || n.equals("x-request-id")
                || n.equals("request-id")
                || n.equals("openai-processing-ms")
                || n.equals("x-amzn-requestid")
                || n.equals("apim-request-id");
    }

    private final UpstreamClient upstream;
    private final Duration defaultTimeout;

    ProviderCallInterceptor(UpstreamClient upstream, Duration defaultTimeout) {
        this.upstream = upstream;
        this.defaultTimeout = defaultTimeout;
    }

    @Override
    public GatewayResponse intercept(Chain chain) {
        Exchange exchange = chain.exchange();
        Target target = exchange.target();
        PreparedCall preparedCall = exchange.prepared();
        Provider provider = preparedCall.provider();
        // A chat call reads back through its own attempt of the translation (the decisions made
        // while preparing, facts of its own); the other endpoints through the provider, with a call
        // of their own for the facts.
        Translation attempt = preparedCall.translation() == null
                ? null
                : preparedCall.translation().nextAttempt();
        ProviderCall call = attempt == null ? preparedCall.call().forOneCall() : preparedCall.call();
        CallFacts.Recorder facts = attempt != null ? attempt.facts() : call.facts();
        ProviderRequest prepared = preparedCall.request();
        Map<String, String> headers = new java.util.LinkedHashMap<>(4);
        boolean callerTimeout = target.requestTimeout() != null;
        // The timeout runs from when the provider began preparing (image fetches count against it).
        UpstreamRequest request = new UpstreamRequest(
                prepared.uri(),
                prepared.headers(),
                prepared.body(),
                callerTimeout ? target.requestTimeout() : defaultTimeout,
                callerTimeout,
                preparedCall.startedNanos());

        UpstreamResponse response = upstream.send(request);
        boolean handedOver = false;
        try {
            response.forEachHeader((name, value) -> {
                if (passedThrough(name)) {
                    headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
                }
            });
            int status = response.status();
            if (!isAnswer(status)) {
                throw notAnAnswer(provider.id(), status);
            }
            if (status < 200 || status >= 300) {
                byte[] body = response.readAll();
                GatewayException error = attempt != null
                        ? attempt.error(status, body, response::header)
                        : provider.mapError(call, status, body, response::header);
                throw error;
            }
            if (exchange.request().stream()) {
                ChunkSource chunks = attempt.stream(request, response);
                handedOver = true;
                return new GatewayResponse.Streaming(status, headers, firstPulled(chunks), facts);
            }
            byte[] body = response.readAll();
            byte[] mapped = switch (call.request().endpoint()) {
                case CHAT, MESSAGES -> attempt.answer(body);
                case EMBEDDINGS -> provider.mapEmbeddings(call, body);
                case MODELS -> provider.mapModels(call, body);
            };
            return new GatewayResponse.Complete(status, headers, mapped, facts.facts());
        } finally {
            if (!handedOver) {
                response.close();
            }
        }
    }

    /**
     * Whether {@code status} can carry a provider's answer: a 2xx with content, or an error (4xx,
     * 5xx) to relay. Not 1xx (the client skips 100 and 103; 101 would switch protocols), 204 and 205
     * (no content), 3xx (redirects are never followed: the request and its credentials go only where
     * they were sent; 304 answers a conditional request the gateway never makes), nor anything
     * outside HTTP's range.
     */
    static boolean isAnswer(int status) {
        return status >= 200 && status < 300 && status != 204 && status != 205 || status >= 400 && status < 600;
    }

    /** 502 for a status that is no answer; the provider's body is not read. */
    static GatewayException notAnAnswer(String provider, int status) {
        String kind = status < 200
                ? "an informational status"
                : status < 300
                        ? "a success without content"
                        : status < 400
                                ? "a redirect, which the gateway does not follow"
                                : "a status outside HTTP's range";
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                "The provider " + provider + " answered HTTP " + status + " (" + kind
                        + ") instead of a chat completion.",
                null,
                "unexpected_upstream_status");
    }

    /**
     * How long a stream's first payload is awaited here, inside the pipeline, before the stream is
     * handed to the server without it.
     */
    static final Duration FIRST_PAYLOAD_GRACE = Duration.ofSeconds(1);

    /**
     * The stream with its first payload pulled here, not by the server: a stream that fails before
     * its first payload then fails this call, and routing can retry or fall back (nothing has reached
     * the client yet). At hand (a fast provider) it is pulled on this thread, at no cost. Otherwise it
     * is awaited on a virtual thread for {@link #FIRST_PAYLOAD_GRACE}; past it, the stream goes to
     * the server still waiting for it: a failure after that ends the stream with an error event
     * instead of a retry, but the server's client watch now covers the wait, so a client that leaves
     * a provider that is slow to start (or sends only comments) is noticed and the upstream call
     * closed, instead of being held until the provider's first event or the timeout.
     */
    private static ChunkSource firstPulled(ChunkSource chunks) {
        if (chunks.ready()) {
            return new Prefetched(pull(chunks), chunks);
        }
        FutureTask<String> first = new FutureTask<>(chunks::next);
        Thread.ofVirtual().name("jetway-first-payload").start(first);
        try {
            return new Prefetched(first.get(FIRST_PAYLOAD_GRACE.toNanos(), TimeUnit.NANOSECONDS), chunks);
        } catch (TimeoutException slow) {
            return new Pending(first, chunks);
        } catch (ExecutionException e) {
            chunks.close();
            throw unwrapped(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            chunks.cancel();
            chunks.close();
            throw GatewayException.internal("The request was interrupted while its stream was starting.");
        }
    }

    /** What the reader thread's {@link ChunkSource#next()} threw (a GatewayException by its contract). */
    private static RuntimeException unwrapped(ExecutionException e) {
        return e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }

    private static String pull(ChunkSource chunks) {
        try {
            return chunks.next();
        } catch (GatewayException e) {
            chunks.close();
            throw e;
        }
    }

    /** A chunk source whose first payload is still being awaited on another thread. */
    private static final class Pending extends ForwardingChunkSource {
        private FutureTask<String> first;

        Pending(FutureTask<String> first, ChunkSource rest) {
            super(rest);
            this.first = first;
        }

        @Override
        public String next() {
            if (first == null) {
                return delegate.next();
            }
            FutureTask<String> f = first;
            first = null;
            try {
                return f.get();
            } catch (ExecutionException e) {
                throw unwrapped(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                delegate.cancel();
                throw GatewayException.internal("The stream was interrupted while waiting for the provider.");
            }
        }

        @Override
        public boolean ready() {
            return first != null ? first.isDone() : delegate.ready();
        }

        @Override
        public void close() {
            if (first != null && !first.isDone()) {
                // The reader thread is still in the source: stop its wait before releasing it.
                delegate.cancel();
                try {
                    first.get();
                } catch (ExecutionException | InterruptedException | java.util.concurrent.CancellationException e) {
                    // It failed as cancelled; the source is closed below either way.
                }
            }
            delegate.close();
        }
    }

    /** A chunk source whose first payload was already pulled. */
    private static final class Prefetched extends ForwardingChunkSource {
        private String first;
        private boolean firstTaken;

        Prefetched(String first, ChunkSource rest) {
            super(rest);
            this.first = first;
        }

        @Override
        public String next() {
            if (!firstTaken) {
                firstTaken = true;
                String f = first;
                first = null;
                return f != null ? f : delegate.next();
            }
            return delegate.next();
        }

        @Override
        public boolean ready() {
            return (!firstTaken && first != null) || delegate.ready();
        }
    }
}
