package io.jetway.gateway.pipeline;

import io.jetway.gateway.cache.CacheKey;
import io.jetway.gateway.cache.CacheOwner;
import io.jetway.gateway.cache.CacheStats;
import io.jetway.gateway.cache.CachedResponse;
import io.jetway.gateway.cache.ResponseCache;
import io.jetway.gateway.config.RouteNode;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.ForwardingChunkSource;
import io.jetway.gateway.core.GatewayResponse;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The response cache ({@code cache: {mode: "simple", max_age}} in the config, inherited down the
 * tree): answers a request from the cache when the same provider was asked the same thing, else
 * lets the call through and stores its successful answer.
 *
 * <ul>
 *   <li>Key: {@link CacheKey} over the prepared call (provider, URL, final body, stream or not), the
 *       caller's identity ({@link CacheOwner}: gateway key, virtual key, provider credential) and,
 *       within it, the partition ({@code x-portkey-cache-namespace}, else {@code x-portkey-metadata}).
 *       One tenant never gets another's answer.</li>
 *   <li>Stored: only 2xx answers. A complete answer as it is; a stream is recorded payload by payload
 *       as it passes to the client (nothing is held back) and stored only once it ended normally:
 *       never a stream that failed or that the client abandoned. A hit on a stream replays the
 *       payloads through a {@link ChunkSource}, so the client gets a normal SSE stream ending in
 *       {@code [DONE]}. Entries larger than {@code maxEntryBytes} are not stored.</li>
 *   <li>{@code x-portkey-cache-force-refresh: true} skips the lookup and stores the fresh answer.</li>
 *   <li>{@code x-portkey-cache-status}: {@code HIT}, {@code MISS}, {@code REFRESH}, or {@code DISABLED}
 *       for a target without cache settings (Portkey's values).</li>
 *   <li>A failing backend never fails the request: the failure is counted, logged at most once per
 *       {@link #LOG_INTERVAL}, and the request is served from upstream.</li>
 * </ul>
 * Expiry ({@code max_age} after storing) follows the injected clock.
 * https://portkey.ai/docs/product/ai-gateway/cache-simple-and-semantic
 */
final class CacheInterceptor implements Interceptor {

    static final String STATUS_HEADER = "x-portkey-cache-status";
    /** Largest answer stored (a stream counts what its payloads hold in memory). */
    static final long DEFAULT_MAX_ENTRY_BYTES = 8L * 1024 * 1024;

    static final Duration LOG_INTERVAL = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger(CacheInterceptor.class.getName());

    private final ResponseCache cache;
    private final CacheOwner owners;
    private final CacheStats stats;
    private final Clock clock;
    private final long maxEntryBytes;
    private final LongSupplier nanoTime;
    private final AtomicLong nextLogAt;
    private final AtomicLong unreported = new AtomicLong();

    CacheInterceptor(
            ResponseCache cache,
            CacheOwner owners,
            CacheStats stats,
            Clock clock,
            long maxEntryBytes,
            LongSupplier nanoTime) {
        this.cache = cache;
        this.owners = owners;
        this.stats = stats;
        this.clock = clock;
        this.maxEntryBytes = maxEntryBytes;
        this.nanoTime = nanoTime;
        this.nextLogAt = new AtomicLong(nanoTime.getAsLong());
    }

    CacheInterceptor(ResponseCache cache, CacheOwner owners, CacheStats stats, Clock clock) {
        this(cache, owners, stats, clock, DEFAULT_MAX_ENTRY_BYTES, System::nanoTime);
    }

    @Override
    public GatewayResponse intercept(Chain chain) {
        Exchange ex = chain.exchange();
        RouteNode.Cache settings = ex.cache();
        // A model list (a GET) is not cached: it is cheap, and its key would have no body.
        if (settings == null || ex.request().endpoint() == io.jetway.gateway.core.Endpoint.MODELS) {
            ex.responseHeaders().put(STATUS_HEADER, "DISABLED");
            return chain.proceed();
        }
        PreparedCall prepared = ex.prepared();
        boolean streaming = ex.request().stream();
        byte[] owner = owners.of(
                ex.headers().gatewayApiKey(), ex.target(), prepared.request().uri());
        // Anthropic's Messages answers are kept apart from chat's: a translated Messages call can send the
        // very body a chat call sends, but its answer is written in the other format.
        String keyedProvider = ex.request().endpoint() == io.jetway.gateway.core.Endpoint.MESSAGES
                ? prepared.provider().id() + " " + io.jetway.gateway.core.Endpoint.MESSAGES.path()
                : prepared.provider().id();
        String key = CacheKey.of(
                keyedProvider,
                prepared.request().uri(),
                prepared.request().body(),
                streaming,
                owner,
                CacheKey.partition(ex.headers().cacheNamespace(), ex.metadata()),
                ChoicesInterceptor.calls(prepared));

        if (Boolean.TRUE.equals(ex.headers().cacheForceRefresh())) {
            ex.responseHeaders().put(STATUS_HEADER, "REFRESH");
            stats.refresh();
        } else {
            CachedResponse hit = lookup(key, streaming);
            if (hit != null) {
                ex.responseHeaders().put(STATUS_HEADER, "HIT");
                stats.hit();
                return replay(hit);
            }
            ex.responseHeaders().put(STATUS_HEADER, "MISS");
            stats.miss();
        }

        GatewayResponse answer = chain.proceed();
        if (answer.status() < 200 || answer.status() >= 300) {
            return answer;
        }
        return switch (answer) {
            case GatewayResponse.Complete c -> {
                if (c.body().length <= maxEntryBytes) {
                    store(
                            key,
                            new CachedResponse.Complete(
                                    c.status(), c.body(), clock.instant().plus(settings.maxAge())));
                }
                yield c;
            }
            case GatewayResponse.Streaming s ->
                s.withChunks(new Recording(s.chunks(), key, s.status(), settings.maxAge()));
        };
    }

    /** A servable entry of the right kind, or null (absent, expired, or the backend failed). */
    private CachedResponse lookup(String key, boolean streaming) {
        CachedResponse found;
        try {
            found = cache.get(key);
        } catch (RuntimeException e) {
            failed("lookup", e);
            return null;
        }
        if (found == null || !clock.instant().isBefore(found.expiresAt())) {
            return null;
        }
        boolean isStream = found instanceof CachedResponse.Stream;
        return isStream == streaming ? found : null;
    }

    private static GatewayResponse replay(CachedResponse hit) {
        return switch (hit) {
            case CachedResponse.Complete c ->
                new GatewayResponse.Complete(c.status(), new LinkedHashMap<>(4), c.body());
            case CachedResponse.Stream s ->
                new GatewayResponse.Streaming(s.status(), new LinkedHashMap<>(4), new Replay(s.payloads()));
        };
    }

    private void store(String key, CachedResponse response) {
        try {
            cache.put(key, response);
            stats.stored();
        } catch (RuntimeException e) {
            failed("store", e);
        }
    }

    private void failed(String operation, RuntimeException e) {
        stats.failed();
        long now = nanoTime.getAsLong();
        long next = nextLogAt.get();
        if (now - next >= 0 && nextLogAt.compareAndSet(next, now + LOG_INTERVAL.toNanos())) {
            long quiet = unreported.getAndSet(0);
            LOG.log(
                    Level.WARNING,
                    "response cache ({0}) {1} failed, serving from upstream: {2}{3}",
                    cache.name(),
                    operation,
                    e.toString(),
                    quiet == 0 ? "" : " (and " + quiet + " failures since the last report)");
        } else {
            unreported.incrementAndGet();
        }
    }

    /**
     * Passes an upstream stream through unchanged while recording its payloads; stores them once
     * the stream ends normally. A failure, an early close or an oversize stream drops the record.
     */
    private final class Recording extends ForwardingChunkSource {
        private final String key;
        private final int status;
        private final Duration maxAge;
        private List<String> recorded = new ArrayList<>();
        private long bytes;

        Recording(ChunkSource upstream, String key, int status, Duration maxAge) {
            super(upstream);
            this.key = key;
            this.status = status;
            this.maxAge = maxAge;
        }

        @Override
        public String next() {
            String payload;
            try {
                payload = delegate.next();
            } catch (RuntimeException failure) {
                recorded = null;
                throw failure;
            }
            if (recorded != null) {
                if (payload == null) {
                    List<String> done = recorded;
                    recorded = null;
                    store(
                            key,
                            new CachedResponse.Stream(
                                    status, done, clock.instant().plus(maxAge)));
                } else {
                    bytes += 40L + 2L * payload.length();
                    if (bytes > maxEntryBytes) {
                        recorded = null;
                    } else {
                        recorded.add(payload);
                    }
                }
            }
            return payload;
        }

        @Override
        public void close() {
            recorded = null;
            delegate.close();
        }
    }

    /** A stored stream, replayed; the server adds {@code [DONE]} after the last payload. */
    private static final class Replay implements ChunkSource {
        private final List<String> payloads;
        private int next;

        Replay(List<String> payloads) {
            this.payloads = payloads;
        }

        @Override
        public String next() {
            return next < payloads.size() ? payloads.get(next++) : null;
        }

        /** Always: the whole stream is in memory, so a replay leaves in as few writes as its size allows. */
        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public void close() {
            next = payloads.size();
        }
    }
}
