import io.jetway.gateway.GatewaySettings;
import io.jetway.gateway.core.Effects;
import io.jetway.gateway.server.GatewayServer;
import io.jetway.gateway.store.DatabaseUrl;
import io.jetway.gateway.store.JdbcStore;
import io.jetway.gateway.store.MasterKey;
import io.jetway.gateway.store.RequestLogEntry;
import io.jetway.gateway.store.SecretBox;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console with a full request log: fills a fresh SQLite store with N log rows (default 100 000,
 * all within the last 24 hours: the worst case for the default charts, which read every row of their
 * range), starts the gateway on it, logs in, and times each page and each data call the page makes
 * (warm-up, then repeats; median, p95, max). A page's time is its HTML, its scripts and styles, and
 * its data calls, one after another (what a browser waits for, without its rendering).
 *
 * <p>Run: {@code bench/console.sh [rows] [repeats]}.
 */
public class ConsoleBench {

    static final String TOKEN = "bench-admin-token-0123456789";
    static final String[] MODELS = {"gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "claude-sonnet-4", "gemini-2.5-flash",
            "mistral-large"};
    static final String[] PROVIDERS = {"openai", "openai", "openai", "anthropic", "google", "mistral-ai"};
    static final String[] ASSETS = {"/console/", "/console/console.css", "/console/vendor/uPlot.min.css",
            "/console/vendor/uPlot.iife.min.js", "/console/app.js", "/console/api.js", "/console/dom.js",
            "/console/traffic.js", "/console/usage.js", "/console/keys.js", "/console/charts.js"};

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static String base;
    static String cookie;

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path dir = Files.createTempDirectory("jetway-console-bench-");
        String url = "jdbc:sqlite:" + dir.resolve("jetway.db");
        Instant now = Instant.now();
        long fillStart = System.nanoTime();
        fill(url, rows, now);
        System.out.printf("filled %,d rows in %.1f s (%s)%n", rows, (System.nanoTime() - fillStart) / 1e9, url);

        GatewaySettings settings = GatewaySettings.fromEnv(Map.of("JETWAY_DATABASE_URL", url,
                "JETWAY_ADMIN_TOKEN", TOKEN)).withAddress("127.0.0.1", 0);
        try (GatewayServer gw = GatewayServer.start(settings, Effects.system())) {
            base = "http://127.0.0.1:" + gw.port();
            HttpResponse<String> login = send("POST", "/v1/admin/console/session", "{\"token\":\"" + TOKEN + "\"}");
            String setCookie = login.headers().firstValue("set-cookie").orElseThrow();
            cookie = setCookie.substring(0, setCookie.indexOf(';'));
            String first = send("GET", "/v1/admin/console/requests?limit=50", null).body();
            String id = match(first, "\"id\":\"(log_[0-9a-f]+)\"");
            String deep = "/v1/admin/console/requests?limit=50";
            for (int i = 0; i < 100; i++) {
                deep = "/v1/admin/console/requests?limit=50&before=" + match(send("GET", deep, null).body(),
                        "\"next_cursor\":\"([^\"]+)\"");
            }
            // As the console asks: whole buckets since the epoch (an hour for 24 h, a minute for 1 h).
            long hour = 3_600_000;
            long to = Math.ceilDiv(now.toEpochMilli() + 1, hour) * hour;
            long from = to - 24 * hour;
            long toMinute = Math.ceilDiv(now.toEpochMilli() + 1, 60_000L) * 60_000L;
            Map<String, String> calls = new LinkedHashMap<>();
            calls.put("session", "/v1/admin/console/session");
            calls.put("requests, newest 50", "/v1/admin/console/requests?limit=50");
            calls.put("requests, model filter", "/v1/admin/console/requests?limit=50&model=claude-sonnet-4");
            calls.put("requests, 5xx filter", "/v1/admin/console/requests?limit=50&status_class=5xx");
            calls.put("requests, metadata filter", "/v1/admin/console/requests?limit=50&metadata_key=_user&metadata_value=user-7");
            calls.put("requests, key + model", "/v1/admin/console/requests?limit=50&api_key_id=key-3&model=gpt-4o");
            calls.put("requests, page 101 (cursor)", deep);
            calls.put("trace", "/v1/admin/console/requests/" + id);
            calls.put("series 24h per provider", "/v1/admin/console/series?group_by=provider&buckets=24&from=" + from + "&to=" + to);
            calls.put("series 24h per model", "/v1/admin/console/series?group_by=model&buckets=24&from=" + from + "&to=" + to);
            calls.put("series 24h per end user", "/v1/admin/console/series?group_by=user&buckets=24&from=" + from + "&to=" + to);
            calls.put("series 1h per provider", "/v1/admin/console/series?group_by=provider&buckets=60&from=" + (toMinute - hour) + "&to=" + toMinute);
            calls.put("budgets", "/v1/admin/console/budgets");
            calls.put("virtual keys", "/v1/admin/virtual-keys");
            calls.put("configs", "/v1/admin/configs");
            calls.put("api keys", "/v1/admin/api-keys");
            calls.put("limits", "/v1/admin/limits");
            Map<String, double[]> times = new LinkedHashMap<>();
            for (Map.Entry<String, String> c : calls.entrySet()) {
                times.put(c.getKey(), time(repeats, c.getValue()));
            }
            double[] assets = timeAll(repeats, ASSETS);
            System.out.printf("%n%,d rows, %d repeats after 5 warm-ups, ms%n%n", rows, repeats);
            System.out.println("| call | first (cold) | median | p95 | max |");
            System.out.println("|---|---:|---:|---:|---:|");
            row("HTML + scripts + styles (11 files)", assets);
            times.forEach(ConsoleBench::row);
            System.out.println();
            System.out.println("| page (assets + its data calls, in sequence) | median | p95 |");
            System.out.println("|---|---:|---:|");
            page("Traffic", assets, times, "session", "requests, newest 50");
            page("Traffic, a row's trace opened", assets, times, "session", "requests, newest 50", "trace");
            page("Usage and cost (24h per model)", assets, times, "session", "series 24h per model", "budgets");
            page("Usage and cost (24h per end user)", assets, times, "session", "series 24h per end user", "budgets");
            page("Keys and configs", assets, times, "session", "virtual keys", "configs", "api keys", "limits");
        }
    }

    static void fill(String url, int rows, Instant now) throws Exception {
        DatabaseUrl db = DatabaseUrl.parse(url);
        SecureRandom random = new SecureRandom();
        byte[] key = MasterKey.resolve(null, db, random);
        Random r = new Random(42);
        long span = Duration.ofHours(24).toMillis() - 1000;
        try (JdbcStore store = JdbcStore.open(db, new SecretBox(key, random), Clock.systemUTC())) {
            List<RequestLogEntry> batch = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                long at = now.toEpochMilli() - span + span * i / rows;
                int m = r.nextInt(MODELS.length);
                int roll = r.nextInt(100);
                int status = roll < 95 ? 200 : roll < 97 ? 429 : roll < 98 ? 400 : 502;
                boolean ok = status == 200;
                long in = ok ? 50 + r.nextInt(2000) : 0;
                long out = ok ? 10 + r.nextInt(500) : 0;
                double total = 200 + r.nextGaussian() * 80 + (r.nextInt(100) == 0 ? 3000 : 0);
                Map<String, String> meta = Map.of("_user", "user-" + r.nextInt(50), "team", "team-" + r.nextInt(5));
                String id = String.format("log_%013d%010d%s", at, i, "b0");
                batch.add(new RequestLogEntry(id, Instant.ofEpochMilli(at), "trace-" + i, null, null, null, meta,
                        PROVIDERS[m], MODELS[m], r.nextInt(10) == 0 ? "config.targets[1]" : null, r.nextBoolean(),
                        status, r.nextInt(10) == 0 ? 1 : 0, r.nextInt(5) == 0 ? "HIT" : "MISS", ok ? in : null,
                        ok ? out : null, ok ? Math.max(5, total * 0.3) : null, Math.max(5, total),
                        ok ? null : "upstream said no", null, null, false,
                        ok ? BigDecimal.valueOf(in * 15 + out * 60, 8) : null, "key-" + r.nextInt(5)));
                if (batch.size() == 5000) {
                    store.appendRequestLogs(batch);
                    batch.clear();
                }
            }
            store.appendRequestLogs(batch);
        }
    }

    static void row(String name, double[] t) {
        System.out.printf("| %s | %.1f | %.1f | %.1f | %.1f |%n", name, COLD.get(t), pct(t, 0.5), pct(t, 0.95),
                t[t.length - 1]);
    }

    static void page(String name, double[] assets, Map<String, double[]> times, String... calls) {
        double median = pct(assets, 0.5);
        double p95 = pct(assets, 0.95);
        for (String c : calls) {
            median += pct(times.get(c), 0.5);
            p95 += pct(times.get(c), 0.95);
        }
        System.out.printf("| %s | %.1f | %.1f |%n", name, median, p95);
    }

    static double pct(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static final Map<double[], Double> COLD = new java.util.IdentityHashMap<>();

    static double[] time(int repeats, String path) throws Exception {
        return timeAll(repeats, path);
    }

    /** Each repeat fetches every path in turn; its time is their sum. Sorted. */
    static double[] timeAll(int repeats, String... paths) throws Exception {
        double[] t = new double[repeats];
        double cold = 0;
        for (int i = -5; i < repeats; i++) {
            long start = System.nanoTime();
            for (String p : paths) {
                HttpResponse<String> res = send("GET", p, null);
                if (res.statusCode() != 200) {
                    throw new IllegalStateException(p + " → " + res.statusCode() + " " + res.body());
                }
            }
            if (i >= 0) {
                t[i] = (System.nanoTime() - start) / 1e6;
            } else if (i == -5) {
                cold = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(t);
        COLD.put(t, cold);
        return t;
    }

    static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("content-type", "application/json");
        }
        if (cookie != null) {
            b.header("cookie", cookie);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in " + text.substring(0, Math.min(300, text.length())));
        }
        return m.group(1);
    }
}
