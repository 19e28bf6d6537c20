package io.jetway.gateway.limits;

import java.util.List;

/**
 * Where the limit counters live: in this process ({@link InProcessCounters}) or in Redis, shared by
 * every node ({@link RedisCounters}); the semantics are the same.
 *
 * <p>{@link #admit} is all or nothing, atomically: when no counter is at or over its limit, every
 * counter is increased by its amount; otherwise none is. A counter is at its limit when its value
 * is {@code >= limit}: the last request admitted may take it past the limit by its own amount (a
 * reservation of tokens or cost), never by more.
 */
public interface Counters extends AutoCloseable {

    /**
     * One counter of one window.
     *
     * @param key       unique per subject, measure and window (the window's number is part of it)
     * @param limit     the limit; {@code Long.MAX_VALUE} for a counter that is only counted
     * @param amount    added when admitted
     * @param ttlMillis how long the counter must outlive its window's start (a window's length, at least)
     */
    record Counter(String key, long limit, long amount, long ttlMillis) {}

    /**
     * @param admitted whether every counter was under its limit (and was increased)
     * @param refused  the index of the first counter at its limit; -1 when admitted
     * @param values   each counter's value after this call (increased when admitted)
     */
    record Outcome(boolean admitted, int refused, long[] values) {}

    /** Checks and counts, atomically (one round trip for Redis). */
    Outcome admit(List<Counter> counters);

    /** Adds {@code deltas[i]} (negative: a reservation returned) to each counter, in one round trip. */
    void adjust(List<Counter> counters, long[] deltas);

    @Override
    default void close() {}
}
