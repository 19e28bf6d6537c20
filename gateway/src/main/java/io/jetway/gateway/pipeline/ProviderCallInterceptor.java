package io.jetway.gateway.pipeline;

import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.upstream.UpstreamClient;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The terminal step: the upstream client sends the call {@link PrepareInterceptor} prepared, and
 * the provider maps what comes back. A stream is handed on unread (its chunks are pulled by the
 * server as the client is written), so nothing is buffered.
 */
final class ProviderCallInterceptor implements Interceptor {

    /** Upstream response headers worth passing to the client: request ids and rate-limit state. */
    static boolean passedThrough(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.startsWith("x-ratelimit-") || n.startsWith("anthropic-ratelimit-") || n.equals("x-request-id")
                || n.equals("request-id") || n.equals("openai-processing-ms") || n.equals("x-amzn-requestid")
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
        ProviderCall call = preparedCall.call();
        ProviderRequest prepared = preparedCall.request();
        Map<String, String> headers = new java.util.LinkedHashMap<>(4);
        boolean callerTimeout = target.requestTimeout() != null;
        // The timeout runs from when the provider began preparing (image fetches count against it).
        UpstreamRequest request = new UpstreamRequest(prepared.uri(), prepared.headers(), prepared.body(),
                callerTimeout ? target.requestTimeout() : defaultTimeout, callerTimeout, preparedCall.startedNanos());

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
                GatewayException error = provider.mapError(call, status, body, response::header);
                throw error;
            }
            if (exchange.request().stream()) {
                // The first chunk is pulled here, not by the server: a stream that fails before its
                // first byte then fails this call, and routing can retry or fall back (nothing has
                // reached the client yet). It costs nothing: the server would pull it at once.
                ChunkSource chunks = provider.openStream(call, request, response);
                handedOver = true;
                String first;
                try {
                    first = chunks.next();
                } catch (GatewayException e) {
                    chunks.close();
                    throw e;
                }
                return new GatewayResponse.Streaming(status, headers, new Prefetched(first, chunks));
            }
            return new GatewayResponse.Complete(status, headers, provider.mapResponse(call, response.readAll()));
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
        String kind = status < 200 ? "an informational status" : status < 300 ? "a success without content"
                : status < 400 ? "a redirect, which the gateway does not follow" : "a status outside HTTP's range";
        return new GatewayException(502, GatewayException.UPSTREAM, "The provider " + provider + " answered HTTP "
                + status + " (" + kind + ") instead of a chat completion.", null, "unexpected_upstream_status");
    }

    /** A chunk source whose first payload was already pulled. */
    private static final class Prefetched implements ChunkSource {
        private String first;
        private boolean firstTaken;
        private final ChunkSource rest;

        Prefetched(String first, ChunkSource rest) {
            this.first = first;
            this.rest = rest;
        }

        @Override
        public String next() {
            if (!firstTaken) {
                firstTaken = true;
                String f = first;
                first = null;
                return f != null ? f : rest.next();
            }
            return rest.next();
        }

        @Override
        public boolean ready() {
            return (!firstTaken && first != null) || rest.ready();
        }

        @Override
        public void cancel() {
            rest.cancel();
        }

        @Override
        public void close() {
            rest.close();
        }
    }
}
