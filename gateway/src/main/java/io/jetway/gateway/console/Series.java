package io.jetway.gateway.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests cut into equal time buckets per group, summed as they come (one pass over the log): requests,
 * errors (status ≥ 400), tokens, cost, and each bucket's latencies for its p50/p99 (nearest rank).
 * The {@link #MAX_GROUPS} busiest groups are kept; the rest are summed as {@code other}.
 */
public final class Series {

    static final int MAX_GROUPS = 10;
    static final String NONE = "none";
    static final String OTHER = "other";

    private final long from;
    private final long bucketMs;
    private final int buckets;
    private final Map<String, Group> groups = new HashMap<>();

    /** @param bucketMs at least 1 */
    public Series(long from, long bucketMs, int buckets) {
        this.from = from;
        this.bucketMs = bucketMs;
        this.buckets = buckets;
    }

    private final class Group {
        final String key;
        final long[] requests = new long[buckets];
        final long[] errors = new long[buckets];
        final long[] input = new long[buckets];
        final long[] output = new long[buckets];
        final long[] picos = new long[buckets];
        final List<double[]> latencies = new ArrayList<>(buckets);
        final int[] latencyCount = new int[buckets];
        long total;

        Group(String key) {
            this.key = key;
            for (int i = 0; i < buckets; i++) {
                latencies.add(null);
            }
        }

        void latency(int b, double ms) {
            double[] a = latencies.get(b);
            if (a == null) {
                a = new double[8];
                latencies.set(b, a);
            } else if (latencyCount[b] == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
                latencies.set(b, a);
            }
            a[latencyCount[b]++] = ms;
        }

        void addAll(Group o) {
            for (int b = 0; b < buckets; b++) {
                requests[b] += o.requests[b];
                errors[b] += o.errors[b];
                input[b] += o.input[b];
                output[b] += o.output[b];
                picos[b] += o.picos[b];
                for (int i = 0; i < o.latencyCount[b]; i++) {
                    latency(b, o.latencies.get(b)[i]);
                }
            }
            total += o.total;
        }
    }

    /** One request (absent tokens and cost as 0). */
    public void add(long createdAtMs, String group, int status, double totalMs, long inputTokens, long outputTokens,
                    long costPicos) {
        long offset = createdAtMs - from;
        if (offset < 0) {
            return;
        }
        int b = (int) Math.min(buckets - 1, offset / bucketMs);
        Group g = groups.computeIfAbsent(group == null ? NONE : group, Group::new);
        g.requests[b]++;
        if (status >= 400) {
            g.errors[b]++;
        }
        g.input[b] += inputTokens;
        g.output[b] += outputTokens;
        g.picos[b] += costPicos;
        g.latency(b, totalMs);
        g.total++;
    }

    /** The groups as the spec's {@code ConsoleSeriesGroup}s, busiest first, {@code other} last. */
    public ArrayNode toJson() {
        List<Group> sorted = new ArrayList<>(groups.values());
        sorted.sort(Comparator.comparingLong((Group g) -> -g.total).thenComparing(g -> g.key));
        ArrayNode out = Json.MAPPER.createArrayNode();
        Group other = null;
        for (int i = 0; i < sorted.size(); i++) {
            if (i < MAX_GROUPS) {
                out.add(json(sorted.get(i)));
            } else {
                if (other == null) {
                    other = new Group(OTHER);
                }
                other.addAll(sorted.get(i));
            }
        }
        if (other != null) {
            out.add(json(other));
        }
        return out;
    }

    private ObjectNode json(Group g) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("key", g.key);
        ArrayNode requests = n.putArray("requests");
        ArrayNode errors = n.putArray("errors");
        ArrayNode input = n.putArray("input_tokens");
        ArrayNode output = n.putArray("output_tokens");
        ArrayNode cost = n.putArray("cost_usd");
        ArrayNode p50 = n.putArray("p50_ms");
        ArrayNode p99 = n.putArray("p99_ms");
        for (int b = 0; b < buckets; b++) {
            requests.add(g.requests[b]);
            errors.add(g.errors[b]);
            input.add(g.input[b]);
            output.add(g.output[b]);
            cost.add(ConsoleQueries.usd(g.picos[b]));
            int count = g.latencyCount[b];
            if (count == 0) {
                p50.addNull();
                p99.addNull();
            } else {
                double[] sorted = Arrays.copyOf(g.latencies.get(b), count);
                Arrays.sort(sorted);
                p50.add(percentile(sorted, 0.50));
                p99.add(percentile(sorted, 0.99));
            }
        }
        return n;
    }

    /** Nearest rank: the smallest value with at least {@code p} of the values at or below it. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

}
