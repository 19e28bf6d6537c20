package io.jetway.gateway.cache;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the response cache since start (for logs, tests and later metrics). Thread-safe. */
public final class CacheStats {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder refreshes = new LongAdder();
    private final LongAdder stores = new LongAdder();
    private final LongAdder failures = new LongAdder();

    public void hit() {
        hits.increment();
    }

    public void miss() {
        misses.increment();
    }

    public void refresh() {
        refreshes.increment();
    }

    public void stored() {
        stores.increment();
    }

    public void failed() {
        failures.increment();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    public long refreshes() {
        return refreshes.sum();
    }

    public long stores() {
        return stores.sum();
    }

    /** Backend calls that failed (the request was served from upstream regardless). */
    public long failures() {
        return failures.sum();
    }

    @Override
    public String toString() {
        return "CacheStats[hits=" + hits() + ", misses=" + misses() + ", refreshes=" + refreshes() + ", stores="
                + stores() + ", failures=" + failures() + "]";
    }
}
