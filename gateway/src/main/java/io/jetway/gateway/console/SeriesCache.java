package io.jetway.gateway.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Usage page's buckets, read from the log once: a bucket that ended more than {@link #SETTLE} ago
 * no longer changes (an entry is written when its request ends, with the time the request arrived), so
 * its numbers are kept in memory and only the newer buckets are read again. Charts whose buckets start
 * at the same times (the console aligns them to whole buckets since the epoch) share the kept ones.
 * At most {@link #MAX_BUCKETS} buckets are kept, the least recently used are dropped.
 *
 * <p>A request that ends more than {@code SETTLE} after it arrived is missing from a bucket kept
 * before it ended (until this node restarts); {@code SETTLE} is above the default upstream timeout.
 */
final class SeriesCache {

    static final Duration SETTLE = Duration.ofMinutes(10);
    static final int MAX_BUCKETS = 20_000;

    private record Key(ConsoleQueries.GroupBy by, long bucketMs, long start) {}

    private final ConsoleQueries queries;
    private final Clock clock;
    private final Map<Key, List<Series.Stats>> kept = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, List<Series.Stats>> eldest) {
            return size() > MAX_BUCKETS;
        }
    };

    SeriesCache(ConsoleQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /** The {@code n} buckets of {@code bucketMs} from {@code from}, each bucket's groups. */
    List<List<Series.Stats>> buckets(ConsoleQueries.GroupBy by, long from, long bucketMs, int n) {
        List<List<Series.Stats>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(null);
        }
        synchronized (kept) {
            for (int i = 0; i < n; i++) {
                out.set(i, kept.get(new Key(by, bucketMs, from + i * bucketMs)));
            }
        }
        long settled = clock.millis() - SETTLE.toMillis();
        int i = 0;
        while (i < n) {
            if (out.get(i) != null) {
                i++;
                continue;
            }
            int end = i;
            while (end < n && out.get(end) == null) {
                end++;
            }
            // One read for each run of missing buckets (cold: all of them; warm: the newest few).
            long runFrom = from + i * bucketMs;
            Series run = new Series(runFrom, bucketMs, end - i);
            queries.series(Instant.ofEpochMilli(runFrom), Instant.ofEpochMilli(from + end * bucketMs), by, run);
            List<List<Series.Stats>> read = run.buckets();
            synchronized (kept) {
                for (int j = i; j < end; j++) {
                    out.set(j, read.get(j - i));
                    long start = from + j * bucketMs;
                    if (start + bucketMs <= settled) {
                        kept.put(new Key(by, bucketMs, start), read.get(j - i));
                    }
                }
            }
            i = end;
        }
        return out;
    }
}
