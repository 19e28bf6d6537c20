package io.jetway.gateway.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The default backend: this process's memory, bounded by bytes (each entry weighs about what it
 * holds; the least valuable entries are evicted past the bound). Entries expire at their
 * {@code expiresAt} on the injected clock, which also drives Caffeine's own clock, so tests can
 * move time. Not shared between gateway nodes: use Redis for that.
 */
public final class InProcessResponseCache implements ResponseCache {

    private final Cache<String, CachedResponse> entries;

    public InProcessResponseCache(long maxBytes, Clock clock) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        Ticker ticker = () -> nanos(clock.instant());
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, CachedResponse value) -> (int) Math.min(Integer.MAX_VALUE, value.weight()))
                .expireAfter(new Expiry<String, CachedResponse>() {
                    @Override
                    public long expireAfterCreate(String key, CachedResponse value, long currentTime) {
                        return Math.max(0, nanos(value.expiresAt()) - currentTime);
                    }

                    @Override
                    public long expireAfterUpdate(
                            String key, CachedResponse value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(
                            String key, CachedResponse value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(ticker)
                // Maintenance (eviction, expiry) on the calling thread: no background pool, and
                // deterministic in tests.
                .executor(Runnable::run)
                .build();
    }

    private static long nanos(Instant t) {
        return Duration.ofSeconds(t.getEpochSecond(), t.getNano()).toNanos();
    }

    @Override
    public CachedResponse get(String key) {
        return entries.getIfPresent(key);
    }

    @Override
    public void put(String key, CachedResponse response) {
        entries.put(key, response);
    }

    /** Entries held (after pending maintenance), for tests. */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    @Override
    public String name() {
        return "in-process";
    }
}
