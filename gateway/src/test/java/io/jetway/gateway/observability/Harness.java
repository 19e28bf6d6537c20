package io.jetway.gateway.observability;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.Effects;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.PortkeyHeaders;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.pipeline.Exchange;
import io.jetway.gateway.pipeline.Pipeline;
import io.jetway.gateway.pipeline.VirtualKeys;
import io.jetway.gateway.provider.Providers;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.gateway.upstream.CustomHostPolicy;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The standard pipeline with observability, over a {@link ScriptedUpstream}: a manual ticker
 * (moved only by the scripted provider, the custom-host resolver, retry backoff and simulated
 * client writes), metrics in a fresh registry and spans in memory.
 */
final class Harness implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final RequestParser PARSER = new RequestParser(Json.MAPPER);

    final ScriptedUpstream.ManualTicker ticker = new ScriptedUpstream.ManualTicker();
    final ScriptedUpstream upstream = new ScriptedUpstream(ticker);
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
    final List<Duration> slept = new ArrayList<>();
    /** Time the custom-host check takes (gateway work). */
    long resolveMillis;
    /** Time each chunk takes to write to the client (gateway work, as far as overhead goes). */
    long writeMillis;

    final Observability observability;
    final Pipeline pipeline;

    Harness(boolean tracing) {
        this(null, tracing);
    }

    /** Over a given observability (its own ticker, registry and tracing) instead of the harness's. */
    Harness(Observability given) {
        this(given, false);
    }

    private Harness(Observability given, boolean tracing) {
        observability = given != null ? given : Observability.create(registry, tracing ? otel : null, ticker);
        RandomGenerator half = new RandomGenerator() {
            @Override
            public long nextLong() {
                return 42;
            }

            @Override
            public double nextDouble() {
                return 0.5;
            }
        };
        Effects effects = new Effects(
                Clock.fixed(NOW, ZoneOffset.UTC),
                d -> {
                    slept.add(d);
                    ticker.advanceMillis(d.toMillis());
                },
                half,
                () -> "generated");
        CustomHostPolicy hosts = new CustomHostPolicy(Set.of(), host -> {
            ticker.advanceMillis(resolveMillis);
            return new InetAddress[] {InetAddress.getByName("93.184.216.34")};
        });
        pipeline = Pipeline.standard(
                Providers.defaults(),
                hosts,
                VirtualKeys.none(),
                io.jetway.gateway.pipeline.StoredConfigs.none(),
                upstream,
                Duration.ofSeconds(5),
                new io.jetway.gateway.cache.InProcessResponseCache(1 << 20, effects.clock()),
                new io.jetway.gateway.cache.CacheOwner(new byte[32]),
                new io.jetway.gateway.cache.CacheStats(),
                effects,
                observability);
    }

    /** A request's headers; {@code h} keys: provider, authorization, custom-host, config, trace, plus any client header. */
    static PortkeyHeaders headers(Map<String, String> h) {
        Map<String, String> lower = new HashMap<>();
        h.forEach((k, v) -> lower.put(k.toLowerCase(), v));
        Function<String, String> client = lower::get;
        return new PortkeyHeaders(
                lower.get("provider"),
                lower.get("config"),
                null,
                null,
                lower.get("authorization"),
                lower.get("custom-host"),
                lower.get("x-portkey-trace-id"),
                lower.get("x-portkey-span-id"),
                lower.get("x-portkey-parent-span-id"),
                lower.get("x-portkey-span-name"),
                null,
                null,
                null,
                null,
                null,
                null,
                new EnumMap<>(ProviderOption.class),
                client);
    }

    static Exchange exchange(String body, Map<String, String> headers) {
        ChatRequest request = PARSER.parse("application/json", body.getBytes(StandardCharsets.UTF_8));
        PortkeyHeaders h = headers(headers);
        return new Exchange(request, h, h.traceId() != null ? h.traceId() : "trace-1", NOW);
    }

    /** Runs a request like the server would: the answer, or the stream drained (each chunk "written"). */
    Outcome run(String body, Map<String, String> headers) {
        Exchange ex = exchange(body, headers);
        GatewayResponse answer;
        try {
            answer = pipeline.execute(ex);
        } catch (GatewayException e) {
            return new Outcome(e.status(), null, List.of(), e);
        }
        return switch (answer) {
            case GatewayResponse.Complete c ->
                new Outcome(c.status(), new String(c.body(), StandardCharsets.UTF_8), List.of(), null);
            case GatewayResponse.Streaming s -> {
                List<String> chunks = new ArrayList<>();
                GatewayException failure = null;
                try (ChunkSource source = s.chunks()) {
                    for (String p = source.next(); p != null; p = source.next()) {
                        chunks.add(p);
                        ticker.advanceMillis(writeMillis);
                    }
                } catch (GatewayException e) {
                    failure = e;
                }
                yield new Outcome(s.status(), null, chunks, failure);
            }
        };
    }

    record Outcome(int status, String body, List<String> chunks, GatewayException failure) {}

    /** Every series of a counter: "k=v,k=v" (tags sorted by key) → count. */
    Map<String, Double> counters(String name) {
        Map<String, Double> out = new TreeMap<>();
        registry.find(name).counters().forEach(c -> out.put(tags(c), c.count()));
        return out;
    }

    /** Every series of a timer: tags → [count, total ms]. */
    Map<String, List<Double>> timers(String name) {
        Map<String, List<Double>> out = new TreeMap<>();
        registry.find(name)
                .timers()
                .forEach(t -> out.put(tags(t), List.of((double) t.count(), t.totalTime(TimeUnit.MILLISECONDS))));
        return out;
    }

    private static String tags(Meter m) {
        return m.getId().getTags().stream()
                .map(t -> t.getKey() + "=" + t.getValue())
                .collect(Collectors.joining(","));
    }

    static String tagString(Tag... tags) {
        return java.util.Arrays.stream(tags)
                .map(t -> t.getKey() + "=" + t.getValue())
                .collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        otel.close();
    }
}
