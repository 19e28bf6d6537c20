package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JWKS documents of the {@code jwt} check, fetched with a GET and cached by URL for the check's
 * {@code cacheMaxAge} on the injected clock (Portkey's {@code jwks:<uri>} cache entry).
 *
 * <p>The cache is gateway-wide, not per caller: a JWKS is public key material that its URL alone
 * determines (no caller header or credential is ever sent), so one caller cannot make another see
 * anything its own request could not fetch. It holds at most {@link #MAX_ENTRIES} URLs (then forgets
 * them all), and a document of at most {@link #MAX_BYTES}.
 *
 * <p>The caller has already passed the URL through the SSRF guard. Redirects are not followed (the
 * target of one was not checked); the whole exchange, body included, is bounded by its timeout.
 */
public final class Jwks {

    static final int MAX_ENTRIES = 256;
    static final int MAX_BYTES = 1 << 20;
    /**
     * Portkey fetches again whenever a token's {@code kid} is not in the cached set (a rotated key);
     * not more often than this per URL, so tokens with unknown {@code kid}s cannot make every request
     * call the JWKS server (jose's own remote key sets wait 30 s likewise).
     */
    static final Duration REFETCH_COOLDOWN = Duration.ofSeconds(30);

    private record Entry(JsonNode jwks, Instant fetched, Instant expires) {}

    /** A JWKS that could not be fetched, with Portkey's message. */
    static final class FetchFailed extends Exception {
        private static final long serialVersionUID = 1L;

        FetchFailed(String uri) {
            super("Failed to fetch JWKS from " + uri, null, false, false);
        }
    }

    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    private volatile HttpClient http;

    public Jwks(Clock clock) {
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    /** The cached document of {@code uri}, or null when there is none or it is older than its max age. */
    JsonNode cached(String uri) {
        Entry e = cache.get(uri);
        return e == null || !clock.instant().isBefore(e.expires()) ? null : e.jwks();
    }

    /** Whether {@code uri} was fetched less than {@link #REFETCH_COOLDOWN} ago. */
    boolean fetchedRecently(String uri) {
        Entry e = cache.get(uri);
        return e != null && clock.instant().isBefore(e.fetched().plus(REFETCH_COOLDOWN));
    }

    /** GETs {@code target} (already checked by the SSRF guard) and caches it under {@code uri} for {@code maxAgeSeconds}. */
    JsonNode fetch(String uri, URI target, long maxAgeSeconds, Duration timeout) throws FetchFailed {
        HttpRequest request = HttpRequest.newBuilder(target)
                .GET()
                .timeout(timeout)
                .header("accept", "application/json")
                .header("user-agent", "Jetway")
                .build();
        CompletableFuture<HttpResponse<byte[]>> call = client(timeout).sendAsync(request, info -> new Limited());
        HttpResponse<byte[]> response;
        try {
            response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchFailed(uri);
        } catch (ExecutionException | TimeoutException e) {
            call.cancel(true);
            throw new FetchFailed(uri);
        }
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw new FetchFailed(uri);
        }
        JsonNode jwks;
        try {
            jwks = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new FetchFailed(uri);
        }
        if (jwks == null || jwks.isMissingNode()) {
            throw new FetchFailed(uri);
        }
        if (cache.size() >= MAX_ENTRIES && !cache.containsKey(uri)) {
            cache.clear();
        }
        Instant now = clock.instant();
        cache.put(uri, new Entry(jwks, now, now.plusSeconds(maxAgeSeconds)));
        return jwks;
    }

    private HttpClient client(Duration timeout) {
        HttpClient c = http;
        if (c == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder()
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(timeout)
                            .build();
                }
                c = http;
            }
        }
        return c;
    }

    /** A body of at most {@link #MAX_BYTES}: a larger one fails the call instead of filling the memory. */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
        private final HttpResponse.BodySubscriber<byte[]> bytes = HttpResponse.BodySubscribers.ofByteArray();
        private Flow.Subscription subscription;
        private long seen;
        private boolean failed;

        @Override
        public CompletionStage<byte[]> getBody() {
            return bytes.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            bytes.onSubscribe(s);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (failed) {
                return;
            }
            for (ByteBuffer b : items) {
                seen += b.remaining();
            }
            if (seen > MAX_BYTES) {
                failed = true;
                subscription.cancel();
                bytes.onError(new IOException("the JWKS is larger than " + MAX_BYTES + " bytes"));
                return;
            }
            bytes.onNext(items);
        }

        @Override
        public void onError(Throwable t) {
            if (!failed) {
                bytes.onError(t);
            }
        }

        @Override
        public void onComplete() {
            if (!failed) {
                bytes.onComplete();
            }
        }
    }
}
