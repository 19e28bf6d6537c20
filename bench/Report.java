import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns bench/run.sh's results.txt (RESULT / STARTUP / RSS / NA / META lines of key=value tokens)
 * into the markdown tables of bench/README.md: per run the median over the repeats, with the
 * spread (min–max) where it matters, then the targets checked one by one.
 *
 * <p>Usage: {@code java Report.java results.txt}
 */
public final class Report {

    static final String[] SCENARIOS = {"oai-json", "oai-sse", "ant-json", "ant-sse"};
    static final String[] LOADS = {"c1", "c16", "c64", "r200"};
    static final String[] TARGETS = {"direct", "jetway", "portkey"};

    static final Map<String, String> SCENARIO_NAMES = Map.of(
            "oai-json", "OpenAI passthrough, JSON",
            "oai-sse", "OpenAI passthrough, stream (20 chunks)",
            "ant-json", "Anthropic transform, JSON",
            "ant-sse", "Anthropic transform, stream");

    final List<Map<String, String>> results = new ArrayList<>();
    final Map<String, String> meta = new LinkedHashMap<>();
    final Map<String, List<Double>> startup = new TreeMap<>();
    final Map<String, List<Double>> startupCpu = new TreeMap<>();
    final Map<String, Map<String, String>> rss = new TreeMap<>();
    final Map<String, String> na = new TreeMap<>();
    final List<String> restarts = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        Report r = new Report();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            r.read(line);
        }
        System.out.print(r.render());
    }

    void read(String line) {
        String[] tokens = line.trim().split("\\s+");
        if (tokens.length == 0) {
            return;
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            int eq = tokens[i].indexOf('=');
            if (eq > 0) {
                kv.put(tokens[i].substring(0, eq), tokens[i].substring(eq + 1));
            }
        }
        switch (tokens[0]) {
            case "RESULT" -> results.add(kv);
            case "META" -> meta.putAll(kv);
            case "STARTUP" -> {
                startup.computeIfAbsent(kv.get("target"), k -> new ArrayList<>()).add(Double.parseDouble(kv.get("ms")));
                if (kv.containsKey("cpu_ms")) {
                    startupCpu.computeIfAbsent(kv.get("target"), k -> new ArrayList<>())
                            .add(Double.parseDouble(kv.get("cpu_ms")));
                }
            }
            case "RSS" -> rss.put(kv.get("target"), kv);
            case "RESTART" -> restarts.add(kv.get("target") + " before " + kv.get("before"));
            case "NA" -> na.put(kv.get("target") + "/" + kv.get("scenario"), kv.get("reason").replace('_', ' '));
            default -> { }
        }
    }

    /** The values of one field over the repeats of one run. */
    double[] values(String target, String scenario, String load, String field) {
        return results.stream()
                .filter(m -> target.equals(m.get("target")) && scenario.equals(m.get("scenario"))
                        && load.equals(m.get("load")) && m.containsKey(field) && !"-".equals(m.get(field)))
                .mapToDouble(m -> Double.parseDouble(m.get(field)))
                .sorted().toArray();
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    double med(String target, String scenario, String load, String field) {
        return median(values(target, scenario, load, field));
    }

    static String ms(double us) {
        if (Double.isNaN(us)) {
            return "–";
        }
        double ms = us / 1000;
        return ms < 1 ? String.format(Locale.ROOT, "%.2f", ms) : ms < 100 ? String.format(Locale.ROOT, "%.1f", ms)
                : String.format(Locale.ROOT, "%.0f", ms);
    }

    /** "median (min–max)" in ms when there are several repeats. */
    String spread(String target, String scenario, String load, String field) {
        double[] v = values(target, scenario, load, field);
        if (v.length == 0) {
            return "–";
        }
        String m = ms(median(v));
        return v.length == 1 ? m : m + " <sub>" + ms(v[0]) + "–" + ms(v[v.length - 1]) + "</sub>";
    }

    static String num(double v, String format) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v);
    }

    static String loadName(String load) {
        return load.startsWith("c") ? "c=" + load.substring(1) : load.substring(1) + " req/s";
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("Date ").append(meta.getOrDefault("date", "?")).append(", commit `")
                .append(meta.getOrDefault("commit", "?")).append("`; machine: ").append(meta.getOrDefault("nproc", "?"))
                .append(" cores (").append(meta.getOrDefault("cpu", "?").replace('_', ' ')).append("), ")
                .append(meta.getOrDefault("mem_mb", "?")).append(" MB; load average before/after: ")
                .append(meta.getOrDefault("load_before", "?")).append(" / ").append(meta.getOrDefault("load_after", "?"))
                .append(".  \n");
        sb.append("Jetway: `java ").append(meta.getOrDefault("jetway_opts", "").replace('_', ' '))
                .append(" -jar gateway/target/jetway-gateway-*.jar` on ").append(meta.getOrDefault("java", "?")
                        .replace('_', ' ')).append("; Portkey ").append(meta.getOrDefault("portkey", "?"))
                .append(" on node ").append(meta.getOrDefault("node", "?")).append(".  \n");
        sb.append("Each run ").append(meta.getOrDefault("duration_s", "?")).append(" s (wrk, closed loop) or ")
                .append(meta.getOrDefault("open_duration_s", "?")).append(" s (LoadGen, open loop, after 2 s warm-up), ")
                .append(meta.getOrDefault("repeats", "?")).append(" repeats; cells are the median, small numbers the ")
                .append("range over the repeats. Latencies in ms.\n\n");
        if (!restarts.isEmpty()) {
            sb.append("Stopped from outside during the sitting and restarted (peak RSS counts from the restart): ")
                    .append(String.join(", ", restarts)).append(".\n\n");
        }

        sb.append("| scenario | load | target | req/s | p50 | p90 | p99 | first chunk p50 / p99 | errors | gateway CPU (cores) |\n");
        sb.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String scenario : SCENARIOS) {
            for (String load : LOADS) {
                for (String target : TARGETS) {
                    String key = target + "/" + scenario;
                    if (na.containsKey(key)) {
                        if (load.equals("c1") && !target.equals("direct")) {
                            sb.append("| ").append(SCENARIO_NAMES.get(scenario)).append(" | all | ").append(target)
                                    .append(" | n/a (").append(na.get(key)).append(") | | | | | | |\n");
                        }
                        continue;
                    }
                    if (values(target, scenario, load, "p50_us").length == 0) {
                        continue;
                    }
                    double errors = Arrays.stream(values(target, scenario, load, "errors")).sum();
                    String first = values(target, scenario, load, "ttfc_p50_us").length == 0 ? "–"
                            : ms(med(target, scenario, load, "ttfc_p50_us")) + " / "
                            + ms(med(target, scenario, load, "ttfc_p99_us"));
                    sb.append("| ").append(SCENARIO_NAMES.get(scenario)).append(" | ").append(loadName(load))
                            .append(" | ").append(target)
                            .append(" | ").append(num(med(target, scenario, load, "rps"), "%.0f"))
                            .append(" | ").append(spread(target, scenario, load, "p50_us"))
                            .append(" | ").append(ms(med(target, scenario, load, "p90_us")))
                            .append(" | ").append(spread(target, scenario, load, "p99_us"))
                            .append(" | ").append(first)
                            .append(" | ").append(num(errors, "%.0f"))
                            .append(" | ").append(target.equals("direct") ? "–" : num(med(target, scenario, load, "gw_cpu"), "%.2f"))
                            .append(" |\n");
                }
            }
        }

        sb.append("\nAdded latency (gateway minus direct, medians) and ratios:\n\n");
        sb.append("| scenario | load | Jetway added p50 | Jetway added p99 | Portkey added p50 | Portkey added p99 | Portkey/Jetway added p50 |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (String scenario : SCENARIOS) {
            for (String load : LOADS) {
                double d50 = med("direct", scenario, load, "p50_us");
                double d99 = med("direct", scenario, load, "p99_us");
                double j50 = med("jetway", scenario, load, "p50_us") - d50;
                double j99 = med("jetway", scenario, load, "p99_us") - d99;
                double p50 = med("portkey", scenario, load, "p50_us") - d50;
                double p99 = med("portkey", scenario, load, "p99_us") - d99;
                if (Double.isNaN(d50) || Double.isNaN(j50) && Double.isNaN(p50)) {
                    continue;
                }
                sb.append("| ").append(SCENARIO_NAMES.get(scenario)).append(" | ").append(loadName(load))
                        .append(" | ").append(Double.isNaN(j50) ? "n/a" : ms(j50))
                        .append(" | ").append(Double.isNaN(j99) ? "n/a" : ms(j99))
                        .append(" | ").append(ms(p50)).append(" | ").append(ms(p99))
                        .append(" | ").append(Double.isNaN(j50) ? "–" : num(p50 / Math.max(j50, 1), "%.0f×"))
                        .append(" |\n");
            }
        }

        sb.append("\nSaturation (best of c=16 / c=64, req/s), start-up, memory:\n\n");
        sb.append("| | direct | Jetway | Portkey | Jetway/Portkey |\n|---|---:|---:|---:|---:|\n");
        for (String scenario : SCENARIOS) {
            double d = Math.max(med("direct", scenario, "c16", "rps"), med("direct", scenario, "c64", "rps"));
            double j = Math.max(med("jetway", scenario, "c16", "rps"), med("jetway", scenario, "c64", "rps"));
            double p = Math.max(med("portkey", scenario, "c16", "rps"), med("portkey", scenario, "c64", "rps"));
            if (Double.isNaN(d)) {
                continue;
            }
            sb.append("| saturation, ").append(SCENARIO_NAMES.get(scenario)).append(" | ").append(num(d, "%.0f"))
                    .append(" | ").append(Double.isNaN(j) ? "n/a" : num(j, "%.0f")).append(" | ").append(num(p, "%.0f"))
                    .append(" | ").append(Double.isNaN(j) ? "–" : num(j / p, "%.1f×")).append(" |\n");
        }
        sb.append("| start to first served request (median of 3, ms) | – | ")
                .append(num(median(sorted(startup.get("jetway"))), "%.0f")).append(" | ")
                .append(num(median(sorted(startup.get("portkey"))), "%.0f")).append(" | |\n");
        sb.append("| CPU used until then (median, ms) | – | ")
                .append(num(median(sorted(startupCpu.get("jetway"))), "%.0f")).append(" | ")
                .append(num(median(sorted(startupCpu.get("portkey"))), "%.0f")).append(" | |\n");
        sb.append("| peak RSS over the sitting (MB) | – | ").append(rssOf("jetway")).append(" | ")
                .append(rssOf("portkey")).append(" | |\n");

        sb.append("\nThe issue's targets:\n\n| target | measured | met |\n|---|---|---|\n");
        double a50 = med("jetway", "oai-json", "r200", "p50_us") - med("direct", "oai-json", "r200", "p50_us");
        double a99 = med("jetway", "oai-json", "r200", "p99_us") - med("direct", "oai-json", "r200", "p99_us");
        check(sb, "added p50 at 200 req/s ≤ 0.15 ms (OpenAI JSON)", ms(a50) + " ms", a50 <= 150);
        check(sb, "added p99 at 200 req/s ≤ 1 ms (OpenAI JSON)", ms(a99) + " ms", a99 <= 1000);
        for (String scenario : new String[] {"oai-sse", "ant-sse"}) {
            if (na.containsKey("jetway/" + scenario) || values("jetway", scenario, "r200", "p50_us").length == 0) {
                continue;
            }
            double f = med("jetway", scenario, "r200", "ttfc_p50_us") - med("direct", scenario, "r200", "ttfc_p50_us");
            double l = med("jetway", scenario, "r200", "p50_us") - med("direct", scenario, "r200", "p50_us");
            check(sb, "stream (" + scenario + "): added first-chunk p50 ≤ 0.5 ms", ms(f) + " ms", f <= 500);
            check(sb, "stream (" + scenario + "): added last-chunk p50 ≤ 0.5 ms", ms(l) + " ms", l <= 500);
        }
        for (String scenario : SCENARIOS) {
            double j = Math.max(med("jetway", scenario, "c16", "rps"), med("jetway", scenario, "c64", "rps"));
            double p = Math.max(med("portkey", scenario, "c16", "rps"), med("portkey", scenario, "c64", "rps"));
            if (!Double.isNaN(j) && !Double.isNaN(p)) {
                check(sb, "saturation ≥ 15× Portkey's (" + scenario + ")", num(j / p, "%.1f×"), j / p >= 15);
            }
        }
        if (rss.containsKey("jetway") && rss.containsKey("portkey")) {
            double j = Double.parseDouble(rss.get("jetway").get("peak_mb"));
            double p = Double.parseDouble(rss.get("portkey").get("peak_mb"));
            check(sb, "peak RSS below Portkey's", num(j, "%.0f") + " MB vs " + num(p, "%.0f") + " MB", j < p);
        }
        double s = median(sorted(startup.get("jetway")));
        if (!Double.isNaN(s)) {
            check(sb, "start to first served request ≤ 1.5 s", num(s, "%.0f") + " ms", s <= 1500);
        }
        return sb.toString();
    }

    String rssOf(String target) {
        Map<String, String> m = rss.get(target);
        return m == null ? "–" : m.get("peak_mb");
    }

    static double[] sorted(List<Double> v) {
        return v == null ? new double[0] : v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    static void check(StringBuilder sb, String what, String measured, boolean met) {
        sb.append("| ").append(what).append(" | ").append(measured).append(" | ").append(met ? "yes" : "**no**")
                .append(" |\n");
    }
}
