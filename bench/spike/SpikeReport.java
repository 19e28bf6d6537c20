import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns bench/spike/run.sh's results.txt (RESULT / RSS / NA / META lines of key=value tokens) into
 * the spike's markdown tables: per target the medians over the repeats of the latency it adds to
 * the direct call at 200 req/s (JSON; stream first and last chunk), its throughput at c=64, its CPU
 * per request and its peak RSS; then the same relative to nginx and to the Helidon prototype.
 *
 * <p>Usage: {@code java bench/spike/SpikeReport.java results.txt}
 */
public final class SpikeReport {

    static final Map<String, String> WHAT = Map.of(
            "direct", "the upstream itself (absolute latencies)",
            "nginx", "nginx proxy, 1 worker, keep-alive pool",
            "helidon", "(a) Helidon 4.5, virtual thread per connection + Http1UpstreamClient",
            "helidon-socket", "(e) as (a), useNio(false)",
            "helidon-async", "(e) as (a), writeQueueLength 32 + smartAsyncWrites",
            "platform", "(b) blocking server, platform thread per connection + Http1UpstreamClient",
            "virtual", "(c) as (b), virtual thread per connection",
            "netty", "(d) Netty 4.2, upstream on the client's event loop");

    final List<Map<String, String>> results = new ArrayList<>();
    final Map<String, String> meta = new LinkedHashMap<>();
    final Map<String, List<Double>> rss = new LinkedHashMap<>();
    final Set<String> targets = new LinkedHashSet<>();
    final List<String> na = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        SpikeReport r = new SpikeReport();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            r.read(line);
        }
        System.out.print(r.render());
    }

    void read(String line) {
        String[] tokens = line.trim().split("\\s+");
        Map<String, String> kv = new LinkedHashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            int eq = tokens[i].indexOf('=');
            if (eq > 0) {
                kv.put(tokens[i].substring(0, eq), tokens[i].substring(eq + 1));
            }
        }
        switch (tokens[0]) {
            case "RESULT" -> {
                results.add(kv);
                targets.add(kv.get("target"));
            }
            case "META" -> meta.putAll(kv);
            case "RSS" -> rss.computeIfAbsent(kv.get("target"), k -> new ArrayList<>())
                    .add(Double.parseDouble(kv.get("peak_mb")));
            case "NA" -> na.add(kv.get("target") + " " + kv.get("scenario") + " (repeat " + kv.get("repeat") + ")");
            default -> { }
        }
    }

    double med(String target, String scenario, String load, String field) {
        double[] v = results.stream()
                .filter(m -> target.equals(m.get("target")) && scenario.equals(m.get("scenario"))
                        && load.equals(m.get("load")))
                .mapToDouble(m -> number(m.get(field))).filter(x -> !Double.isNaN(x)).sorted().toArray();
        return median(v);
    }

    /** A field's number; NaN when absent or not a number ("-" for targets without a process). */
    static double number(String s) {
        try {
            return s == null ? Double.NaN : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    double errors(String target) {
        return results.stream().filter(m -> target.equals(m.get("target")))
                .mapToDouble(m -> number(m.getOrDefault("errors", "0"))).sum();
    }

    static double median(double[] v) {
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The target's value minus the direct call's (µs), or the direct call's own value for direct. */
    double added(String target, String scenario, String field) {
        double t = med(target, scenario, "r200", field);
        return target.equals("direct") ? t : t - med("direct", scenario, "r200", field);
    }

    static String ms(double us) {
        if (Double.isNaN(us)) {
            return "–";
        }
        double ms = us / 1000;
        double size = Math.abs(ms);
        return String.format(Locale.ROOT, size < 1 ? "%.3f" : size < 100 ? "%.2f" : "%.0f", ms);
    }

    static String num(double v, String format) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v);
    }

    static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || a <= 0 || b <= 0 ? "–" : String.format(Locale.ROOT, "%.2f×", a / b);
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("Date ").append(meta.getOrDefault("date", "?")).append(", commit `").append(meta.getOrDefault("commit", "?"))
                .append("`; ").append(meta.getOrDefault("nproc", "?")).append(" cores (")
                .append(meta.getOrDefault("cpu", "?").replace('_', ' ')).append("); load average before/after: ")
                .append(meta.getOrDefault("load_before", "?")).append(" / ").append(meta.getOrDefault("load_after", "?"))
                .append(".  \n");
        sb.append("Every JVM: `java ").append(meta.getOrDefault("java_opts", "").replace('_', ' '))
                .append("` on ").append(meta.getOrDefault("java", "?").replace('_', ' ')).append("; nginx ")
                .append(meta.getOrDefault("nginx", "?")).append(". ").append(meta.getOrDefault("repeats", "?"))
                .append(" repeats (fresh JVM each, ").append(meta.getOrDefault("warmup_s", "?"))
                .append(" s of wrk c=16 per scenario first); 200 req/s: LoadGen, ")
                .append(meta.getOrDefault("open_duration_s", "?")).append(" s, 64 connections; c=64: wrk, ")
                .append(meta.getOrDefault("duration_s", "?")).append(" s. Medians over the repeats; latencies in ms.\n\n");
        if (!na.isEmpty()) {
            sb.append("Did not answer correctly (not measured): ").append(String.join(", ", na)).append(".\n\n");
        }

        sb.append("| target | | JSON added p50 | JSON added p99 | stream first chunk added p50 / p99 ")
                .append("| stream last chunk added p50 / p99 | c=64 JSON req/s | c=64 stream req/s ")
                .append("| CPU µs/req JSON 200/s | CPU µs/req c=64 JSON / stream | peak RSS MB | errors |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String t : targets) {
            sb.append("| ").append(t).append(" | ").append(WHAT.getOrDefault(t, ""))
                    .append(" | ").append(ms(added(t, "json", "p50_us")))
                    .append(" | ").append(ms(added(t, "json", "p99_us")))
                    .append(" | ").append(ms(added(t, "sse", "ttfc_p50_us"))).append(" / ").append(ms(added(t, "sse", "ttfc_p99_us")))
                    .append(" | ").append(ms(added(t, "sse", "p50_us"))).append(" / ").append(ms(added(t, "sse", "p99_us")))
                    .append(" | ").append(num(med(t, "json", "c64", "rps"), "%.0f"))
                    .append(" | ").append(num(med(t, "sse", "c64", "rps"), "%.0f"))
                    .append(" | ").append(num(med(t, "json", "r200", "cpu_us_per_req"), "%.0f"))
                    .append(" | ").append(num(med(t, "json", "c64", "cpu_us_per_req"), "%.0f")).append(" / ")
                    .append(num(med(t, "sse", "c64", "cpu_us_per_req"), "%.0f"))
                    .append(" | ").append(rss.containsKey(t) ? num(rss.get(t).stream().mapToDouble(Double::doubleValue)
                            .max().orElse(Double.NaN), "%.0f") : "–")
                    .append(" | ").append(num(errors(t), "%.0f")).append(" |\n");
        }

        sb.append("\nRelative: added latency at 200 req/s over nginx's (≤ 2× is issue 14's goal), throughput at c=64 ")
                .append("over nginx's and over the Helidon prototype's (a), CPU per request at c=64 over (a)'s:\n\n");
        sb.append("| target | JSON added p50 / nginx | JSON added p99 / nginx | stream last chunk added p50 / nginx ")
                .append("| JSON req/s / nginx | JSON req/s / (a) | stream req/s / (a) | CPU/req JSON / (a) | CPU/req stream / (a) |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String t : targets) {
            if (t.equals("direct") || t.equals("nginx")) {
                continue;
            }
            sb.append("| ").append(t)
                    .append(" | ").append(ratio(added(t, "json", "p50_us"), added("nginx", "json", "p50_us")))
                    .append(" | ").append(ratio(added(t, "json", "p99_us"), added("nginx", "json", "p99_us")))
                    .append(" | ").append(ratio(added(t, "sse", "p50_us"), added("nginx", "sse", "p50_us")))
                    .append(" | ").append(ratio(med(t, "json", "c64", "rps"), med("nginx", "json", "c64", "rps")))
                    .append(" | ").append(ratio(med(t, "json", "c64", "rps"), med("helidon", "json", "c64", "rps")))
                    .append(" | ").append(ratio(med(t, "sse", "c64", "rps"), med("helidon", "sse", "c64", "rps")))
                    .append(" | ").append(ratio(med(t, "json", "c64", "cpu_us_per_req"), med("helidon", "json", "c64", "cpu_us_per_req")))
                    .append(" | ").append(ratio(med(t, "sse", "c64", "cpu_us_per_req"), med("helidon", "sse", "c64", "cpu_us_per_req")))
                    .append(" |\n");
        }
        return sb.toString();
    }
}
