package io.jetway.gateway.usage;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The price table in force: the shipped and file table with the admin API's overrides (stored in
 * the database) over it. Each node reloads the overrides when its copy is older than the TTL (one
 * small query per TTL, made by one request while the others go on with the current table), so an
 * override set on any node applies on every node within the TTL; the node that set it calls
 * {@link #refresh} and applies it at once, like the admin API's other writes.
 *
 * <p>On the request path {@link #get} is a clock read and a volatile read. When the store fails,
 * the last table stays in force (logged at most once a minute) and the reload is tried again after
 * the TTL.
 */
public final class LivePrices implements Supplier<Prices> {

    private static final System.Logger LOG = System.getLogger(LivePrices.class.getName());

    private final Prices base;
    private final Supplier<List<Price>> overrides;
    private final Clock clock;
    private final long ttlMillis;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile Prices current;
    private volatile long loadedAt;
    private long lastFailureLog = Long.MIN_VALUE;

    /**
     * @param base      the shipped table and {@code JETWAY_PRICES_FILE}'s entries
     * @param overrides the stored overrides (read now, then once per {@code ttl})
     */
    public LivePrices(Prices base, Supplier<List<Price>> overrides, Clock clock, Duration ttl) {
        this.base = base;
        this.overrides = overrides;
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.current = base;
        this.loadedAt = clock.millis();
        reload();
    }

    /** A table that never changes (tests, and gateways without overrides). */
    public static Supplier<Prices> fixed(Prices prices) {
        return () -> prices;
    }

    @Override
    public Prices get() {
        if (clock.millis() - loadedAt >= ttlMillis && reloading.tryLock()) {
            try {
                if (clock.millis() - loadedAt >= ttlMillis) {
                    reload();
                }
            } finally {
                reloading.unlock();
            }
        }
        return current;
    }

    /** Reloads the overrides now (after this node's admin API changed them). */
    public void refresh() {
        reloading.lock();
        try {
            reload();
        } finally {
            reloading.unlock();
        }
    }

    private void reload() {
        long now = clock.millis();
        try {
            current = base.withOverrides(overrides.get());
        } catch (RuntimeException e) {
            if (lastFailureLog == Long.MIN_VALUE || now - lastFailureLog >= 60_000) {
                lastFailureLog = now;
                LOG.log(
                        System.Logger.Level.WARNING,
                        "prices: the stored price overrides cannot be read (" + e.getMessage()
                                + "); the last table stays in force (logged at most once a minute)");
            }
        }
        loadedAt = now;
    }
}
