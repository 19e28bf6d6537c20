package io.jetway.gateway.store;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A small read-through cache with a fixed time to live, absent results cached too (so a flood of
 * unknown ids or wrong keys does not reach the database).
 *
 * <ul>
 *   <li><b>Invalidation</b> bumps a generation: every entry made before it is stale at once. A load
 *       that started before an invalidation and finishes after it is stored under the old
 *       generation, so it cannot bring back what the write replaced. Writes are rare (admin API),
 *       so dropping everything is cheap.</li>
 *   <li><b>Bounded</b>: past {@code maxEntries} expired entries are swept, and if that is not enough
 *       everything is dropped — memory stays bounded whatever ids callers send.</li>
 *   <li><b>Stale if error</b>: when the load fails (database down), an expired entry of the current
 *       generation is served instead, and the failure logged; without one the failure propagates.</li>
 * </ul>
 * Concurrent misses of one key may load it more than once; that is harmless.
 */
final class TtlCache<K, V> {

    private static final System.Logger LOG = System.getLogger(TtlCache.class.getName());

    private record Entry<V>(Optional<V> value, long expiresAt, long generation) {}

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final Clock clock;
    private final long ttlMillis;
    private final int maxEntries;

    TtlCache(Clock clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
    }

    Optional<V> get(K key, Function<K, Optional<V>> loader) {
        long now = clock.millis();
        long gen = generation.get();
        Entry<V> e = entries.get(key);
        if (e != null && e.generation == gen && now < e.expiresAt) {
            return e.value;
        }
        Optional<V> loaded;
        try {
            loaded = loader.apply(key);
        } catch (StoreException failure) {
            if (e != null && e.generation == gen) {
                LOG.log(
                        Level.WARNING,
                        "store lookup failed; serving the cached answer past its TTL: " + failure.getMessage());
                return e.value;
            }
            throw failure;
        }
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(x -> x.expiresAt <= now || x.generation != generation.get());
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        entries.put(key, new Entry<>(loaded, now + ttlMillis, gen));
        return loaded;
    }

    /** Makes every cached answer stale, at once. */
    void invalidateAll() {
        generation.incrementAndGet();
    }

    int size() {
        return entries.size();
    }
}
