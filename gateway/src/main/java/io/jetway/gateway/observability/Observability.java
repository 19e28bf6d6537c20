package io.jetway.gateway.observability;

import io.jetway.gateway.pipeline.Interceptor;
import io.jetway.gateway.pipeline.PipelineObservation;
import io.jetway.gateway.upstream.UpstreamClient;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gateway's observability, assembled once: Prometheus metrics (always on, served at
 * {@code GET /metrics}) and OpenTelemetry traces (off, at no cost, unless an OTLP endpoint is
 * configured). It provides the two pipeline interceptors and the upstream client wrapper that
 * {@link io.jetway.gateway.pipeline.Pipeline#standard} puts in place.
 *
 * <p>Environment ({@link #fromEnv}), OpenTelemetry's standard names:
 * <table>
 *   <tr><th>variable</th><th>meaning</th></tr>
 *   <tr><td>OTEL_EXPORTER_OTLP_ENDPOINT</td><td>the collector's base URL (traces go to {@code /v1/traces});
 *       tracing is off without it (or without the next one)</td></tr>
 *   <tr><td>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</td><td>the full traces URL, used as is</td></tr>
 *   <tr><td>OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_TRACES_HEADERS</td><td>{@code k=v,k2=v2} sent
 *       with every export (URL-encoded values)</td></tr>
 *   <tr><td>OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL</td><td>only
 *       {@code http/protobuf} is supported; anything else is refused at startup</td></tr>
 *   <tr><td>OTEL_SERVICE_NAME</td><td>{@code service.name} of the spans; default {@code jetway}</td></tr>
 *   <tr><td>OTEL_SDK_DISABLED</td><td>{@code true} turns tracing off whatever else is set</td></tr>
 * </table>
 */
public final class Observability implements PipelineObservation, AutoCloseable {

    /** Distinct model names kept as labels before new ones become {@code other}. */
    static final int MAX_MODELS = 200;

    private final PrometheusMeterRegistry registry;
    private final GatewayMetrics metrics;
    private final Tracing tracing;
    private final Ticker ticker;
    private final List<AutoCloseable> closeables;
    private volatile RequestLogRecorder requestLog;

    private Observability(
            PrometheusMeterRegistry registry, Tracing tracing, Ticker ticker, List<AutoCloseable> closeables) {
        this.registry = registry;
        this.metrics = new GatewayMetrics(registry, MAX_MODELS);
        this.tracing = tracing;
        this.ticker = ticker;
        this.closeables = closeables;
    }

    /**
     * Metrics into {@code registry}, spans through {@code openTelemetry} (null: no tracing), durations
     * from {@code ticker}. The caller keeps ownership of {@code openTelemetry}.
     */
    public static Observability create(PrometheusMeterRegistry registry, OpenTelemetry openTelemetry, Ticker ticker) {
        return new Observability(
                registry, openTelemetry == null ? Tracing.OFF : Tracing.of(openTelemetry), ticker, List.of());
    }

    /** Metrics only, in a fresh registry, with the system ticker. */
    public static Observability metricsOnly() {
        return create(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), null, Ticker.system());
    }

    /**
     * Production: metrics with JVM and process metrics too, and OTLP traces when configured.
     *
     * @throws IllegalArgumentException when the OpenTelemetry settings are unusable
     */
    public static Observability fromEnv(Map<String, String> env) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<AutoCloseable> closeables = new ArrayList<>();
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeables.add(gc);
        OpenTelemetrySdk sdk = otlp(env);
        if (sdk != null) {
            closeables.add(sdk);
        }
        return new Observability(registry, sdk == null ? Tracing.OFF : Tracing.of(sdk), Ticker.system(), closeables);
    }

    /** An SDK exporting spans over OTLP http/protobuf, or null when tracing is not configured. */
    static OpenTelemetrySdk otlp(Map<String, String> env) {
        String base = blankToNull(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        String traces = blankToNull(env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
        if ((base == null && traces == null)
                || "true"
                        .equalsIgnoreCase(
                                String.valueOf(env.get("OTEL_SDK_DISABLED")).strip())) {
            return null;
        }
        for (String name : new String[] {"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"}) {
            String protocol = blankToNull(env.get(name));
            if (protocol != null && !protocol.strip().equalsIgnoreCase("http/protobuf")) {
                throw new IllegalArgumentException(name + " '" + protocol
                        + "' is not supported: Jetway exports traces over OTLP http/protobuf only");
            }
        }
        String url = traces != null ? traces : base + (base.endsWith("/") ? "" : "/") + "v1/traces";
        OtlpHttpSpanExporterBuilder exporter;
        try {
            exporter = OtlpHttpSpanExporter.builder().setEndpoint(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("OTEL_EXPORTER_OTLP_ENDPOINT is not a usable URL: " + e.getMessage());
        }
        headers(env.get("OTEL_EXPORTER_OTLP_HEADERS")).forEach(exporter::addHeader);
        headers(env.get("OTEL_EXPORTER_OTLP_TRACES_HEADERS")).forEach(exporter::addHeader);
        String service = blankToNull(env.get("OTEL_SERVICE_NAME"));
        Resource resource = Resource.getDefault()
                .merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), service == null ? "jetway" : service.strip())));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .addSpanProcessor(BatchSpanProcessor.builder(exporter.build()).build())
                .build();
        return OpenTelemetrySdk.builder().setTracerProvider(provider).build();
    }

    /** {@code k=v,k2=v2} (values URL-encoded, as the OpenTelemetry spec says). */
    static Map<String, String> headers(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String pair : spec.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "OTEL_EXPORTER_OTLP_HEADERS must be key=value pairs separated by " + "commas");
            }
            out.put(
                    pair.substring(0, eq).strip().toLowerCase(Locale.ROOT),
                    URLDecoder.decode(pair.substring(eq + 1).strip(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The first interceptor: the whole request (span, status, latencies, cache status). */
    @Override
    public Interceptor requests() {
        return new RequestObservationInterceptor(metrics, tracing, ticker, requestLog);
    }

    /**
     * Sends every request's log entry (built where its end is observed) to {@code log}; call before
     * {@link #requests()}. With {@code bodies}, entries keep the request body and the non-stream answer.
     */
    public void logRequests(io.jetway.gateway.requestlog.RequestLog log, boolean bodies) {
        this.requestLog = new RequestLogRecorder(log, bodies);
    }

    /** Just above the provider call: one run per upstream attempt (span, retries, fallbacks, errors, usage). */
    @Override
    public Interceptor upstreamAttempts() {
        return new UpstreamAttemptInterceptor(metrics, tracing, ticker);
    }

    /** The upstream client, timed: what it spends waiting on providers is not gateway overhead. */
    @Override
    public UpstreamClient observe(UpstreamClient upstream) {
        return new ObservedUpstreamClient(upstream, ticker);
    }

    @Override
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public boolean tracingEnabled() {
        return tracing.enabled();
    }

    /** Flushes pending spans and releases what {@link #fromEnv} bound. */
    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                System.getLogger(Observability.class.getName())
                        .log(System.Logger.Level.WARNING, "closing observability: " + e.getMessage());
            }
        }
    }
}
