package io.jetway.contract.support;

import io.jetway.contract.fake.FakeUpstream;
import io.jetway.gateway.GatewaySettings;
import io.jetway.gateway.core.Effects;
import io.jetway.gateway.observability.Observability;
import io.jetway.gateway.server.GatewayServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;

/**
 * A gateway running in-process on an ephemeral port in front of a {@link FakeUpstream}, with a
 * fixed clock, predictable trace ids, seeded randomness and a sleeper that records instead of
 * sleeping. By default 127.0.0.1 is a trusted custom host, the gateway's upstream timeout is 5 s,
 * and its store is a fresh SQLite file in a temp directory (deleted on close). Pass
 * {@code JETWAY_ADMIN_TOKEN} ({@link #ADMIN_TOKEN}) to enable the admin API, then call it with
 * {@link #admin}.
 */
public final class GatewayHarness implements AutoCloseable {

    public static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    public static final String PROVIDER_KEY = "sk-test-provider-key";
    /** An admin token for {@code JETWAY_ADMIN_TOKEN}, sent by {@link #admin}. */
    public static final String ADMIN_TOKEN = "test-admin-token-5f1c2a9e";

    private final FakeUpstream upstream;
    private final GatewayServer gateway;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final List<Duration> slept;
    private final Path dataDir;

    private GatewayHarness(FakeUpstream upstream, GatewayServer gateway, List<Duration> slept, Path dataDir) {
        this.upstream = upstream;
        this.gateway = gateway;
        this.slept = slept;
        this.dataDir = dataDir;
    }

    /** The temp directory holding the default SQLite store (and its generated master key). */
    public Path dataDir() {
        return dataDir;
    }

    /** The waits the gateway asked for (retry backoff): recorded, never slept. */
    public List<Duration> slept() {
        return slept;
    }

    public static GatewayHarness start() {
        return start(Map.of());
    }

    /** Starts with these environment settings over the defaults (an empty value removes a default). */
    public static GatewayHarness start(Map<String, String> env) {
        return start(env, Clock.fixed(NOW, ZoneOffset.UTC), null);
    }

    /** Starts with these environment settings and this clock (e.g. one the test moves, for cache expiry). */
    public static GatewayHarness start(Map<String, String> env, Clock clock) {
        return start(env, clock, null);
    }

    /**
     * Starts with these environment settings and this observability (its registry, tracing and
     * ticker; null for the server's default: metrics only). The gateway closes it when closed.
     */
    public static GatewayHarness start(Map<String, String> env, Observability observability) {
        return start(env, Clock.fixed(NOW, ZoneOffset.UTC), observability);
    }

    private static GatewayHarness start(Map<String, String> env, Clock clock, Observability observability) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("jetway-store-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> merged = new HashMap<>(Map.of(
                "TRUSTED_CUSTOM_HOSTS", "127.0.0.1",
                "JETWAY_UPSTREAM_TIMEOUT_MS", "5000",
                "JETWAY_DATABASE_URL", "jdbc:sqlite:" + dataDir.resolve("jetway.db")));
        merged.putAll(env);
        merged.values().removeIf(String::isEmpty);
        AtomicInteger traces = new AtomicInteger();
        FakeUpstream upstream = FakeUpstream.start();
        List<Duration> slept = new CopyOnWriteArrayList<>();
        Effects effects = new Effects(
                clock,
                slept::add,
                RandomGeneratorFactory.<RandomGenerator>of("L64X128MixRandom").create(7),
                () -> "trace-" + traces.incrementAndGet());
        GatewaySettings settings = GatewaySettings.fromEnv(merged).withAddress("127.0.0.1", 0);
        GatewayServer gateway;
        try {
            gateway = observability == null
                    ? GatewayServer.start(settings, effects)
                    : GatewayServer.start(settings, effects, observability);
        } catch (RuntimeException e) {
            upstream.close();
            deleteRecursively(dataDir);
            throw e;
        }
        return new GatewayHarness(upstream, gateway, slept, dataDir);
    }

    public FakeUpstream upstream() {
        return upstream;
    }

    /** The gateway's response cache counters. */
    public io.jetway.gateway.cache.CacheStats cacheStats() {
        return gateway.cacheStats();
    }

    /** {@code http://127.0.0.1:PORT} of the gateway. */
    public String url() {
        return "http://127.0.0.1:" + gateway.port();
    }

    /** The fake's base URL with OpenAI's {@code /v1} prefix, as a custom host. */
    public String upstreamV1() {
        return upstream.baseUrl() + "/v1";
    }

    /** A chat completions call with the usual OpenAI provider headers, ready to adjust. */
    public Call chat(String body) {
        return new Call(body)
                .header("content-type", "application/json")
                .header("x-portkey-provider", "openai")
                .header("authorization", "Bearer " + PROVIDER_KEY)
                .header("x-portkey-custom-host", upstreamV1());
    }

    /**
     * A {@code JETWAY_DATABASE_URL} for a fresh SQLite store in a temp directory, removed when the
     * JVM exits: for tests that start a {@link GatewayServer} without the harness, so that they do
     * not write {@code ./data/jetway.db} into the module.
     */
    public static String tempDatabaseUrl() {
        try {
            Path dir = Files.createTempDirectory("jetway-store-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
            return "jdbc:sqlite:" + dir.resolve("jetway.db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An admin API call with the harness's admin token (JSON body, or none). */
    public Call admin(String method, String path, String body) {
        Call c = raw(method, path, body).header("authorization", "Bearer " + ADMIN_TOKEN);
        return body == null ? c : c.header("content-type", "application/json");
    }

    /** A bare call: no headers at all. */
    public Call raw(String method, String path, String body) {
        Call c = new Call(body);
        c.method = method;
        c.path = path;
        return c;
    }

    @Override
    public void close() {
        try {
            gateway.close();
            upstream.close();
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    /** One request to the gateway. */
    public final class Call {
        private final String body;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String method = "POST";
        private String path = "/v1/chat/completions";

        private Call(String body) {
            this.body = body;
        }

        public Call header(String name, String value) {
            headers.put(name.toLowerCase(), value);
            return this;
        }

        /** The same call to another path of the gateway. */
        public Call path(String path) {
            this.path = path;
            return this;
        }

        /** The same call with another method. */
        public Call method(String method) {
            this.method = method;
            return this;
        }

        public Call without(String name) {
            headers.remove(name.toLowerCase());
            return this;
        }

        private HttpRequest request() {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path))
                    .timeout(Duration.ofSeconds(20))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(b::header);
            return b.build();
        }

        public HttpResponse<String> send() {
            try {
                return http.send(request(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        public <T> HttpResponse<T> send(HttpResponse.BodyHandler<T> answer) {
            try {
                return http.send(request(), answer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        public HttpResponse<InputStream> open() {
            try {
                return http.send(request(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
