package io.jetway.gateway.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests cut into equal time buckets per group, summed as they come (one pass over the log): requests,
 * errors (status ≥ 400), tokens, cost, and each bucket's latencies for its p50/p99 (nearest rank).
 * {@link #buckets()} gives each bucket's groups as {@link Stats}, which {@link SeriesJson} lays out.
 */
public final class Series {

    static final String NONE = "none";

    /** One group's numbers in one bucket; {@code p50Ms}/{@code p99Ms} null when it had no request. */
    public record Stats(
            String group,
            long requests,
            long errors,
            long inputTokens,
            long outputTokens,
            long costPicos,
            Double p50Ms,
            Double p99Ms) {}

    private final long from;
    private final long bucketMs;
    private final int buckets;
    private final List<Map<String, Cell>> cells;

    private static final class Cell {
        long requests;
        long errors;
        long input;
        long output;
        long picos;
        double[] latencies = new double[8];
    }

    /** @param bucketMs at least 1 */
    public Series(long from, long bucketMs, int buckets) {
        this.from = from;
        this.bucketMs = bucketMs;
        this.buckets = buckets;
        this.cells = new ArrayList<>(buckets);
        for (int i = 0; i < buckets; i++) {
            cells.add(new HashMap<>());
        }
    }

    /** One request (absent tokens and cost as 0); one before the start is left out, one past the end is in the last bucket. */
    public void add(
            long createdAtMs,
            String group,
            int status,
            double totalMs,
            long inputTokens,
            long outputTokens,
            long costPicos) {
        long offset = createdAtMs - from;
        if (offset < 0) {
            return;
        }
        int b = (int) Math.min(buckets - 1, offset / bucketMs);
        Cell c = cells.get(b).computeIfAbsent(group == null ? NONE : group, g -> new Cell());
        if (c.requests == c.latencies.length) {
            c.latencies = Arrays.copyOf(c.latencies, c.latencies.length * 2);
        }
        c.latencies[(int) c.requests] = totalMs;
        c.requests++;
        if (status >= 400) {
            c.errors++;
        }
        c.input += inputTokens;
        c.output += outputTokens;
        c.picos += costPicos;
    }

    /** Each bucket's groups, in bucket order. */
    public List<List<Stats>> buckets() {
        List<List<Stats>> out = new ArrayList<>(buckets);
        for (Map<String, Cell> bucket : cells) {
            List<Stats> stats = new ArrayList<>(bucket.size());
            bucket.forEach((group, c) -> {
                double[] sorted = Arrays.copyOf(c.latencies, (int) c.requests);
                Arrays.sort(sorted);
                stats.add(new Stats(
                        group,
                        c.requests,
                        c.errors,
                        c.input,
                        c.output,
                        c.picos,
                        percentile(sorted, 0.50),
                        percentile(sorted, 0.99)));
            });
            out.add(stats);
        }
        return out;
    }

    /** Nearest rank: the smallest value with at least {@code p} of the values at or below it. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
