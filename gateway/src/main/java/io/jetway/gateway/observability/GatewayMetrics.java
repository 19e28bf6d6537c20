package io.jetway.gateway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's meters. Labels are bounded: {@code provider} (a registered provider id, or
 * {@code none} before one was chosen), {@code model} (see {@link ModelLabels}), HTTP status codes,
 * {@code stream} ({@code true}/{@code false}); never trace ids or metadata.
 *
 * <p>Requests rejected before the pipeline (unreadable body, malformed headers) are not counted.
 *
 * <table>
 *   <tr><th>Prometheus name</th><th>labels</th><th>what</th></tr>
 *   <tr><td>jetway_requests_total</td><td>provider, model, status</td><td>requests answered by the pipeline,
 *       by the HTTP status sent (a stream that fails after its first byte was sent with 200)</td></tr>
 *   <tr><td>jetway_request_duration_seconds</td><td>provider, model, stream, status_class</td><td>total time,
 *       to the end of the stream for streams</td></tr>
 *   <tr><td>jetway_request_first_byte_seconds</td><td>provider, model, stream</td><td>time until the answer
 *       (or a stream's first chunk) was ready to write; successful answers only</td></tr>
 *   <tr><td>jetway_gateway_overhead_seconds</td><td>provider, model, stream, status_class</td><td>total time
 *       minus time spent waiting on providers (upstream I/O and retry backoff); for a stream this includes
 *       writing to the client, so a slow reader shows here</td></tr>
 *   <tr><td>jetway_tokens_total</td><td>provider, model, type (input, output)</td><td>tokens the provider
 *       reported (streams: only when the caller asked for {@code include_usage})</td></tr>
 *   <tr><td>jetway_cache_requests_total</td><td>provider, model, status (hit, semantic_hit, miss, refresh,
 *       other)</td><td>from the {@code x-portkey-cache-status} the cache set; requests without a cache
 *       config ({@code DISABLED}) are not counted</td></tr>
 *   <tr><td>jetway_retries_total</td><td>provider, model</td><td>upstream attempts that were retries</td></tr>
 *   <tr><td>jetway_fallbacks_total</td><td>provider, model</td><td>times routing left this provider's target
 *       for the next one after a failure</td></tr>
 *   <tr><td>jetway_upstream_errors_total</td><td>provider, model, status</td><td>failed upstream calls: the
 *       provider's error status, or the gateway's (502 unreachable, 504/408 timeout, 502 broken stream)</td></tr>
 *   <tr><td>jetway_cost_usd_total</td><td>provider, model</td><td>cost of the usage reported, at the price
 *       table's prices ({@link io.jetway.gateway.usage.Prices})</td></tr>
 *   <tr><td>jetway_cost_unpriced_total</td><td>provider, model</td><td>requests with usage but no price
 *       for their model (their cost is unknown, not counted above)</td></tr>
 * </table>
 */
public final class GatewayMetrics {

    /** Bucket bounds for request latencies: 5 ms to 5 min. */
    private static final Duration[] LATENCY =
            durations(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000);
    /** Bucket bounds for the gateway's own time: 0.5 ms to 5 s. */
    private static final Duration[] OVERHEAD = durations(0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 5_000);

    private static final Set<String> CACHE_STATUSES = Set.of("hit", "semantic_hit", "miss", "refresh", "disabled");

    private final ModelLabels models;
    private final Meter.MeterProvider<Counter> requests;
    private final Meter.MeterProvider<Counter> tokens;
    private final Meter.MeterProvider<Counter> cache;
    private final Meter.MeterProvider<Counter> retries;
    private final Meter.MeterProvider<Counter> fallbacks;
    private final Meter.MeterProvider<Counter> upstreamErrors;
    private final Meter.MeterProvider<Counter> cost;
    private final Meter.MeterProvider<Counter> unpriced;
    private final Meter.MeterProvider<Timer> duration;
    private final Meter.MeterProvider<Timer> firstByte;
    private final Meter.MeterProvider<Timer> overhead;
    /**
     * The meters of one (provider, model, stream, status), looked up once: building a meter id from
     * tags and finding it in the registry costs more than the whole rest of the bookkeeping. Bounded
     * like the labels themselves (providers × bounded models × statuses).
     */
    private final ConcurrentHashMap<RequestKey, RequestMeters> requestMeters = new ConcurrentHashMap<>();

    private final ConcurrentHashMap<TokenKey, Counter> tokenCounters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<CostKey, Counter> costCounters = new ConcurrentHashMap<>();

    private record RequestKey(String provider, String model, boolean stream, int status) {}

    private record RequestMeters(Counter requests, Timer duration, Timer overhead, Timer firstByte) {}

    private record TokenKey(String provider, String model, String type) {}

    private record CostKey(String provider, String model) {}

    GatewayMetrics(MeterRegistry registry, int maxModels) {
        this.models = new ModelLabels(maxModels);
        requests = Counter.builder("jetway.requests")
                .description("Requests answered, by provider, model and HTTP status")
                .withRegistry(registry);
        tokens = Counter.builder("jetway.tokens")
                .description("Tokens reported by providers, by type (input, output)")
                .withRegistry(registry);
        cache = Counter.builder("jetway.cache.requests")
                .description("Requests by cache status (x-portkey-cache-status)")
                .withRegistry(registry);
        retries = Counter.builder("jetway.retries")
                .description("Upstream attempts that retried the same target")
                .withRegistry(registry);
        fallbacks = Counter.builder("jetway.fallbacks")
                .description("Fallbacks away from this provider's target after a failure")
                .withRegistry(registry);
        upstreamErrors = Counter.builder("jetway.upstream.errors")
                .description("Failed upstream calls, by the provider's or the gateway's status")
                .withRegistry(registry);
        cost = Counter.builder("jetway.cost.usd")
                .description("Cost of the reported usage at the price table's prices, in US dollars")
                .withRegistry(registry);
        unpriced = Counter.builder("jetway.cost.unpriced")
                .description("Requests with usage whose model has no price")
                .withRegistry(registry);
        duration = Timer.builder("jetway.request.duration")
                .description("Total request time (to the end of the stream for streams)")
                .serviceLevelObjectives(LATENCY)
                .withRegistry(registry);
        firstByte = Timer.builder("jetway.request.first.byte")
                .description("Time until the answer or the stream's first chunk was ready to write")
                .serviceLevelObjectives(LATENCY)
                .withRegistry(registry);
        overhead = Timer.builder("jetway.gateway.overhead")
                .description("Total time minus time spent waiting on providers (upstream I/O, retry backoff)")
                .serviceLevelObjectives(OVERHEAD)
                .withRegistry(registry);
    }

    /** The bounded label for a model name. */
    String model(String model) {
        return models.of(model);
    }

    /**
     * One request, once it is over (streams: once the stream ended).
     *
     * @param firstByteNanos negative when no answer was produced
     */
    void request(
            String provider,
            String model,
            boolean stream,
            int status,
            long totalNanos,
            long firstByteNanos,
            long waitNanos) {
        RequestMeters m =
                requestMeters.computeIfAbsent(new RequestKey(provider, model, stream, status), this::requestMeters);
        m.requests().increment();
        m.duration().record(totalNanos, TimeUnit.NANOSECONDS);
        m.overhead().record(Math.max(0, totalNanos - waitNanos), TimeUnit.NANOSECONDS);
        if (firstByteNanos >= 0 && status < 300) {
            m.firstByte().record(firstByteNanos, TimeUnit.NANOSECONDS);
        }
    }

    private RequestMeters requestMeters(RequestKey k) {
        String s = Boolean.toString(k.stream());
        String statusClass = (k.status() / 100) + "xx";
        return new RequestMeters(
                requests.withTags("provider", k.provider(), "model", k.model(), "status", Integer.toString(k.status())),
                duration.withTags(
                        "provider", k.provider(), "model", k.model(), "stream", s, "status_class", statusClass),
                overhead.withTags(
                        "provider", k.provider(), "model", k.model(), "stream", s, "status_class", statusClass),
                // Only successful answers record a first byte: no empty series for the others.
                k.status() < 300
                        ? firstByte.withTags("provider", k.provider(), "model", k.model(), "stream", s)
                        : null);
    }

    /** Token usage a provider reported; negative counts are unknown and skipped. */
    void tokens(String provider, String model, long input, long output) {
        if (input >= 0) {
            tokenCounter(provider, model, "input").increment(input);
        }
        if (output >= 0) {
            tokenCounter(provider, model, "output").increment(output);
        }
    }

    /** A request's cost; null: its model has no price. */
    void cost(String provider, String model, java.math.BigDecimal usd) {
        if (usd == null) {
            unpriced.withTags("provider", provider, "model", model).increment();
        } else if (usd.signum() > 0) {
            costCounters
                    .computeIfAbsent(
                            new CostKey(provider, model),
                            k -> cost.withTags("provider", k.provider(), "model", k.model()))
                    .increment(usd.doubleValue());
        }
    }

    private Counter tokenCounter(String provider, String model, String type) {
        return tokenCounters.computeIfAbsent(
                new TokenKey(provider, model, type),
                k -> tokens.withTags("provider", k.provider(), "model", k.model(), "type", k.type()));
    }

    /**
     * A cache status as the cache reported it (Portkey's values, e.g. {@code HIT}, {@code SEMANTIC HIT}).
     * {@code DISABLED} (no cache configured for the request) is not a cache outcome and is not counted.
     */
    void cache(String provider, String model, String status) {
        String s = status.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        if (s.equals("disabled")) {
            return;
        }
        cache.withTags("provider", provider, "model", model, "status", CACHE_STATUSES.contains(s) ? s : "other")
                .increment();
    }

    void retry(String provider, String model) {
        retries.withTags("provider", provider, "model", model).increment();
    }

    void fallback(String fromProvider, String model) {
        fallbacks.withTags("provider", fromProvider, "model", model).increment();
    }

    void upstreamError(String provider, String model, int status) {
        upstreamErrors
                .withTags("provider", provider, "model", model, "status", Integer.toString(status))
                .increment();
    }

    private static Duration[] durations(double... millis) {
        Duration[] out = new Duration[millis.length];
        for (int i = 0; i < millis.length; i++) {
            out[i] = Duration.ofNanos((long) (millis[i] * 1_000_000));
        }
        return out;
    }
}
