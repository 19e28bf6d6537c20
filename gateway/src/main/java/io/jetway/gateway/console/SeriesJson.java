package io.jetway.gateway.console;

import io.jetway.api.model.ConsoleSeriesGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Buckets of per-group {@link Series.Stats} as the spec's {@link ConsoleSeriesGroup}s: the
 * {@link #MAX_GROUPS} busiest groups over the whole range, busiest first, and the rest summed as
 * {@code other}. {@code other}'s latencies are estimates from its groups' own: p50 their median
 * weighted by requests, p99 their highest p99.
 */
final class SeriesJson {

    static final int MAX_GROUPS = 10;
    static final String OTHER = "other";

    private SeriesJson() {}

    static List<ConsoleSeriesGroup> groups(List<List<Series.Stats>> buckets) {
        Map<String, Long> totals = new HashMap<>();
        for (List<Series.Stats> bucket : buckets) {
            for (Series.Stats s : bucket) {
                totals.merge(s.group(), s.requests(), Long::sum);
            }
        }
        List<String> groups = new ArrayList<>(totals.keySet());
        groups.sort(Comparator.comparingLong((String g) -> -totals.get(g)).thenComparing(g -> g));
        List<String> shown = groups.subList(0, Math.min(MAX_GROUPS, groups.size()));
        boolean other = groups.size() > MAX_GROUPS;
        List<ConsoleSeriesGroup> out = new ArrayList<>();
        Map<String, ConsoleSeriesGroup> nodes = new HashMap<>();
        for (String g : other ? concat(shown, OTHER) : shown) {
            ConsoleSeriesGroup n = new ConsoleSeriesGroup()
                    .key(g)
                    .requests(new ArrayList<>())
                    .errors(new ArrayList<>())
                    .inputTokens(new ArrayList<>())
                    .outputTokens(new ArrayList<>())
                    .costUsd(new ArrayList<>())
                    .p50Ms(new ArrayList<>())
                    .p99Ms(new ArrayList<>());
            out.add(n);
            nodes.put(g, n);
        }
        for (List<Series.Stats> bucket : buckets) {
            Map<String, Series.Stats> byGroup = new HashMap<>();
            List<Series.Stats> rest = new ArrayList<>();
            for (Series.Stats s : bucket) {
                if (!other || shown.contains(s.group())) {
                    byGroup.put(s.group(), s);
                } else {
                    rest.add(s);
                }
            }
            if (other) {
                byGroup.put(OTHER, merged(rest));
            }
            for (Map.Entry<String, ConsoleSeriesGroup> e : nodes.entrySet()) {
                add(e.getValue(), byGroup.get(e.getKey()));
            }
        }
        return out;
    }

    private static List<String> concat(List<String> shown, String last) {
        List<String> all = new ArrayList<>(shown);
        all.add(last);
        return all;
    }

    private static void add(ConsoleSeriesGroup n, Series.Stats s) {
        n.getRequests().add(s == null ? 0 : s.requests());
        n.getErrors().add(s == null ? 0 : s.errors());
        n.getInputTokens().add(s == null ? 0 : s.inputTokens());
        n.getOutputTokens().add(s == null ? 0 : s.outputTokens());
        n.getCostUsd().add(ConsoleQueries.usd(s == null ? 0 : s.costPicos()));
        n.getP50Ms().add(s == null ? null : s.p50Ms());
        n.getP99Ms().add(s == null ? null : s.p99Ms());
    }

    /** The groups past the busiest, summed. */
    static Series.Stats merged(List<Series.Stats> rest) {
        long requests = 0;
        long errors = 0;
        long input = 0;
        long output = 0;
        long picos = 0;
        Double p99 = null;
        List<Series.Stats> withLatency = new ArrayList<>();
        for (Series.Stats s : rest) {
            requests += s.requests();
            errors += s.errors();
            input += s.inputTokens();
            output += s.outputTokens();
            picos += s.costPicos();
            if (s.p50Ms() != null) {
                withLatency.add(s);
                p99 = p99 == null ? s.p99Ms() : Math.max(p99, s.p99Ms());
            }
        }
        Double p50 = null;
        if (!withLatency.isEmpty()) {
            withLatency.sort(Comparator.comparingDouble(Series.Stats::p50Ms));
            long half = (requests + 1) / 2;
            long seen = 0;
            for (Series.Stats s : withLatency) {
                seen += s.requests();
                if (seen >= half) {
                    p50 = s.p50Ms();
                    break;
                }
            }
        }
        return new Series.Stats(OTHER, requests, errors, input, output, picos, p50, p99);
    }
}
