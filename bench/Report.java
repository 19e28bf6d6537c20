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
 * spread (min–max) where it matters, then the issue's targets checked one by one.
 *
 * <p>Usage: {@code java Report.java results.txt}
 */
public final class Report {

    static final String[] SCENARIOS = {"oai-json", "oai-sse", "ant-json", "ant-sse"};
    static final String[] LOADS = {"c1", "c16", "c64", "r200"};
    /** nginx: nginx as a plain reverse proxy in front of the upstream, the floor for one HTTP hop. */
    static final String[] TARGETS = {"direct", "nginx", "jetway", "portkey"};

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
        double size = Math.abs(ms); // added latencies can be negative (noise): same digits as positive ones
        return size < 1 ? String.format(Locale.ROOT, "%.2f", ms) : size < 100 ? String.format(Locale.ROOT, "%.1f", ms)
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
                .append(" on node ").append(meta.getOrDefault("node", "?"))
                .append(meta.containsKey("nginx") ? "; nginx " + meta.get("nginx") + " (upstream, and proxy: 1 worker, "
                        + "keep-alive upstream pool, proxy_buffering off)" : "").append(".  \n");
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

        sb.append("\nAdded latency (target minus direct, medians) and ratios; for streams at a fixed rate the ")
                .append("first chunk's too (p50 and p99 are the last chunk's):\n\n");
        sb.append("| scenario | load | nginx added p50 | nginx added p99 | Jetway added p50 | Jetway added p99 ")
                .append("| Jetway/nginx added p50 | Jetway/nginx added p99 | Portkey added p50 | Portkey added p99 ")
                .append("| Portkey/Jetway added p50 |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String scenario : SCENARIOS) {
            for (String load : LOADS) {
                if (Double.isNaN(med("direct", scenario, load, "p50_us"))) {
                    continue;
                }
                if (Double.isNaN(added("jetway", scenario, load, "p50_us"))
                        && Double.isNaN(added("portkey", scenario, load, "p50_us"))
                        && Double.isNaN(added("nginx", scenario, load, "p50_us"))) {
                    continue;
                }
                addedRow(sb, SCENARIO_NAMES.get(scenario), scenario, load, "p50_us", "p99_us");
                if (values("direct", scenario, load, "ttfc_p50_us").length > 0) {
                    addedRow(sb, SCENARIO_NAMES.get(scenario) + ", first chunk", scenario, load, "ttfc_p50_us",
                            "ttfc_p99_us");
                }
            }
        }

        sb.append("\nSaturation (best of c=16 / c=64, req/s), start-up, memory:\n\n");
        sb.append("| | direct | nginx | Jetway | Portkey | Jetway/nginx | Jetway/Portkey |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (String scenario : SCENARIOS) {
            double d = saturation("direct", scenario);
            double n = saturation("nginx", scenario);
            double j = saturation("jetway", scenario);
            double p = saturation("portkey", scenario);
            if (Double.isNaN(d)) {
                continue;
            }
            sb.append("| saturation, ").append(SCENARIO_NAMES.get(scenario)).append(" | ").append(num(d, "%.0f"))
                    .append(" | ").append(Double.isNaN(n) ? "n/a" : num(n, "%.0f"))
                    .append(" | ").append(Double.isNaN(j) ? "n/a" : num(j, "%.0f")).append(" | ").append(num(p, "%.0f"))
                    .append(" | ").append(Double.isNaN(j) || Double.isNaN(n) ? "–" : num(100 * j / n, "%.0f %%"))
                    .append(" | ").append(Double.isNaN(j) ? "–" : num(j / p, "%.1f×")).append(" |\n");
        }
        sb.append("| start to first served request (median of 3, ms) | – | – | ")
                .append(num(median(sorted(startup.get("jetway"))), "%.0f")).append(" | ")
                .append(num(median(sorted(startup.get("portkey"))), "%.0f")).append(" | | |\n");
        sb.append("| CPU used until then (median, ms) | – | – | ")
                .append(num(median(sorted(startupCpu.get("jetway"))), "%.0f")).append(" | ")
                .append(num(median(sorted(startupCpu.get("portkey"))), "%.0f")).append(" | | |\n");
        sb.append("| peak RSS over the sitting (MB) | – | ").append(rssOf("nginx")).append(" | ")
                .append(rssOf("jetway")).append(" | ").append(rssOf("portkey")).append(" | | |\n");

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
        issue14(sb);
        return sb.toString();
    }

    /** Issue 14's goals 2 and 3, checked when the sitting has the nginx proxy beside Jetway. */
    void issue14(StringBuilder sb) {
        String load = "r200";
        for (String scenario : SCENARIOS) {
            if (values("jetway", scenario, load, "p50_us").length == 0 || values("nginx", scenario, load, "p50_us").length == 0) {
                continue;
            }
            boolean stream = values("direct", scenario, load, "ttfc_p50_us").length > 0;
            String[][] fields = stream
                    ? new String[][] {{"first chunk p50", "ttfc_p50_us"}, {"first chunk p99", "ttfc_p99_us"},
                        {"last chunk p50", "p50_us"}, {"last chunk p99", "p99_us"}}
                    : new String[][] {{"p50", "p50_us"}, {"p99", "p99_us"}};
            for (String[] f : fields) {
                double j = added("jetway", scenario, load, f[1]);
                double n = added("nginx", scenario, load, f[1]);
                check(sb, "issue 14: added " + f[0] + " at 200 req/s ≤ 2× nginx's (" + scenario + ")",
                        ms(j) + " vs " + ms(n) + " ms (" + ratio(j, n) + ")", j <= 2 * Math.max(n, 0));
            }
        }
        double j = saturation("jetway", "oai-json");
        double n = saturation("nginx", "oai-json");
        if (!Double.isNaN(j) && !Double.isNaN(n)) {
            check(sb, "issue 14: saturation ≥ 50 % of nginx's (oai-json)", num(100 * j / n, "%.0f %%"), j >= n / 2);
        }
        for (String scenario : SCENARIOS) {
            double js = saturation("jetway", scenario);
            double p = saturation("portkey", scenario);
            if (!Double.isNaN(js) && !Double.isNaN(p) && !Double.isNaN(n)) {
                check(sb, "issue 14: saturation ≥ 20× Portkey's (" + scenario + ")", num(js / p, "%.1f×"), js / p >= 20);
            }
        }
    }

    /** A target's latency minus the direct one's (medians over the repeats), µs; NaN when either is missing. */
    double added(String target, String scenario, String load, String field) {
        return med(target, scenario, load, field) - med("direct", scenario, load, field);
    }

    /** Best of c=16 and c=64 (medians), req/s. */
    double saturation(String target, String scenario) {
        return Math.max(med(target, scenario, "c16", "rps"), med(target, scenario, "c64", "rps"));
    }

    /** "a/b" as "2.4×", or "–" unless both are positive (noise can put a proxy at or below direct). */
    static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || a <= 0 || b <= 0 ? "–" : num(a / b, "%.1f×");
    }

    void addedRow(StringBuilder sb, String name, String scenario, String load, String p50, String p99) {
        double n50 = added("nginx", scenario, load, p50);
        double n99 = added("nginx", scenario, load, p99);
        double j50 = added("jetway", scenario, load, p50);
        double j99 = added("jetway", scenario, load, p99);
        double k50 = added("portkey", scenario, load, p50);
        double k99 = added("portkey", scenario, load, p99);
        sb.append("| ").append(name).append(" | ").append(loadName(load))
                .append(" | ").append(Double.isNaN(n50) ? "n/a" : ms(n50))
                .append(" | ").append(Double.isNaN(n99) ? "n/a" : ms(n99))
                .append(" | ").append(Double.isNaN(j50) ? "n/a" : ms(j50))
                .append(" | ").append(Double.isNaN(j99) ? "n/a" : ms(j99))
                .append(" | ").append(ratio(j50, n50))
                .append(" | ").append(ratio(j99, n99))
                .append(" | ").append(Double.isNaN(k50) ? "n/a" : ms(k50))
                .append(" | ").append(Double.isNaN(k99) ? "n/a" : ms(k99))
                .append(" | ").append(Double.isNaN(j50) || Double.isNaN(k50) ? "–" : num(k50 / Math.max(j50, 1), "%.0f×"))
                .append(" |\n");
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
