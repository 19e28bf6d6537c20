package io.jetway.contract.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.atlassian.oai.validator.model.Request;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.FakeUpstream;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import io.jetway.contract.support.Sse;
import io.jetway.gateway.observability.Observability;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Observability through the running gateway: {@code GET /metrics} after a known sequence of
 * requests (exact series and values), and the spans those requests produce (in-memory exporter).
 * The ticker is frozen, so durations are zero and only counts are asserted here; timings are
 * checked exactly in the gateway module's MetricsTest.
 */
class ObservabilityEndToEndTest {

    static final String SIMPLE = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final String STREAM_WITH_USAGE = "{\"model\":\"gpt-4o-mini\",\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    /** One line of Prometheus text format 0.0.4: {@code name{labels} value}. */
    static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)");

    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
    GatewayHarness gw;
    FakeUpstream second;

    @BeforeEach
    void start() {
        gw = GatewayHarness.start(
                Map.of(), Observability.create(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), otel, () -> 0L));
        second = FakeUpstream.start();
    }

    @AfterEach
    void stop() {
        second.close();
        gw.close();
        otel.close();
    }

    String fallbackConfig() {
        return "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":["
                + "{\"provider\":\"openai\",\"api_key\":\"sk-first\",\"custom_host\":\"" + gw.upstreamV1() + "\"},"
                + "{\"provider\":\"groq\",\"api_key\":\"gsk-second\",\"custom_host\":\"" + second.baseUrl()
                + "/openai/v1\"}]}";
    }

    /** Two successes, an upstream 429, a stream with usage, a fallback from openai to groq. */
    void knownSequence() {
        gw.upstream()
                .enqueue(
                        FakeResponse.chatCompletion("one").withUsage(10, 3),
                        FakeResponse.chatCompletion("two").withUsage(10, 4),
                        FakeResponse.error(429, "Rate limit reached", "requests", "rate_limit_exceeded"),
                        FakeResponse.chatStream("Hel", "lo").withUsageChunk(12, 2),
                        FakeResponse.error(503, "overloaded", "server_error", null));
        second.enqueue(FakeResponse.chatCompletion("from groq").withUsage(8, 1));

        assertThat(gw.chat(SIMPLE).send().statusCode()).isEqualTo(200);
        assertThat(gw.chat(SIMPLE).send().statusCode()).isEqualTo(200);
        assertThat(gw.chat(SIMPLE).send().statusCode()).isEqualTo(429);
        assertThat(Sse.data(gw.chat(STREAM_WITH_USAGE).open().body())).last().isEqualTo("[DONE]");
        HttpResponse<String> fallback = gw.chat(SIMPLE)
                .without("x-portkey-provider")
                .without("authorization")
                .without("x-portkey-custom-host")
                .header("x-portkey-config", fallbackConfig())
                .send();
        assertThat(fallback.statusCode()).isEqualTo(200);
        assertThat(fallback.headers().firstValue("x-portkey-provider")).hasValue("groq");
    }

    /** The samples of one metric family: labels → value. */
    static Map<String, String> samples(String metrics, String name) {
        Map<String, String> out = new TreeMap<>();
        for (String line : metrics.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches() && m.group(1).equals(name)) {
                out.put(m.group(2) == null ? "" : m.group(2), m.group(3));
            }
        }
        return out;
    }

    @Test
    void metricsCountAKnownSequenceOfRequestsExactly() {
        knownSequence();

        HttpResponse<String> res = gw.raw("GET", "/metrics", null).send();

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        String m = res.body();
        String openai = "model=\"gpt-4o-mini\",provider=\"openai\"";
        String groq = "model=\"gpt-4o-mini\",provider=\"groq\"";
        assertThat(samples(m, "jetway_requests_total"))
                .containsExactly(
                        entry("{" + groq + ",status=\"200\"}", "1.0"),
                        entry("{" + openai + ",status=\"200\"}", "3.0"),
                        entry("{" + openai + ",status=\"429\"}", "1.0"));
        assertThat(samples(m, "jetway_tokens_total"))
                .containsExactly(
                        entry("{" + groq + ",type=\"input\"}", "8.0"),
                        entry("{" + groq + ",type=\"output\"}", "1.0"),
                        entry("{" + openai + ",type=\"input\"}", "32.0"),
                        entry("{" + openai + ",type=\"output\"}", "9.0"));
        assertThat(samples(m, "jetway_upstream_errors_total"))
                .containsExactly(
                        entry("{" + openai + ",status=\"429\"}", "1.0"),
                        entry("{" + openai + ",status=\"503\"}", "1.0"));
        assertThat(samples(m, "jetway_fallbacks_total")).containsExactly(entry("{" + openai + "}", "1.0"));
        assertThat(samples(m, "jetway_retries_total")).isEmpty();
        assertThat(samples(m, "jetway_cache_requests_total")).isEmpty();
        assertThat(samples(m, "jetway_request_duration_seconds_count"))
                .containsExactly(
                        entry("{" + groq + ",status_class=\"2xx\",stream=\"false\"}", "1"),
                        entry("{" + openai + ",status_class=\"2xx\",stream=\"false\"}", "2"),
                        entry("{" + openai + ",status_class=\"2xx\",stream=\"true\"}", "1"),
                        entry("{" + openai + ",status_class=\"4xx\",stream=\"false\"}", "1"));
        assertThat(samples(m, "jetway_gateway_overhead_seconds_count")).hasSize(4);
        assertThat(samples(m, "jetway_request_first_byte_seconds_count"))
                .containsExactly(
                        entry("{" + groq + ",stream=\"false\"}", "1"),
                        entry("{" + openai + ",stream=\"false\"}", "2"),
                        entry("{" + openai + ",stream=\"true\"}", "1"));
        assertThat(samples(m, "jetway_request_duration_seconds_bucket"))
                .containsEntry("{" + openai + ",status_class=\"2xx\",stream=\"false\",le=\"0.005\"}", "2")
                .containsEntry("{" + openai + ",status_class=\"2xx\",stream=\"false\",le=\"+Inf\"}", "2");
        assertThat(m).as("no trace id ever becomes a label").doesNotContain("trace-");
    }

    @Test
    void theMetricsResponseIsWellFormedAndMatchesTheContract() {
        knownSequence();

        HttpResponse<String> res = gw.raw("GET", "/metrics", null).send();

        for (String line : res.body().split("\n")) {
            assertThat(line.startsWith("# HELP ")
                            || line.startsWith("# TYPE ")
                            || SAMPLE.matcher(line).matches())
                    .as("line: %s", line)
                    .isTrue();
        }
        OpenApiContract.get()
                .assertValidResponse(
                        "/metrics",
                        Request.Method.GET,
                        res.statusCode(),
                        res.headers().firstValue("content-type").orElseThrow(),
                        res.body());
    }

    @Test
    void spansContinueTheCallersTraceWithAClientChildPerUpstreamAttempt() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callerSpan = "00f067aa0ba902b7";
        gw.upstream().enqueue(FakeResponse.chatStream("Hel", "lo").withUsageChunk(12, 2));

        List<String> data = Sse.data(gw.chat(STREAM_WITH_USAGE)
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .header("x-portkey-trace-id", "pk-42")
                .header("x-portkey-span-id", "s-1")
                .header("x-portkey-parent-span-id", "s-0")
                .header("x-portkey-span-name", "greeting")
                .open()
                .body());
        assertThat(data).last().isEqualTo("[DONE]");

        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).hasSize(2);
        SpanData server = finished.stream()
                .filter(s -> s.getKind() == SpanKind.SERVER)
                .findFirst()
                .orElseThrow();
        SpanData client = finished.stream()
                .filter(s -> s.getKind() == SpanKind.CLIENT)
                .findFirst()
                .orElseThrow();
        assertThat(server.getTraceId()).isEqualTo(traceId);
        assertThat(server.getParentSpanId()).isEqualTo(callerSpan);
        assertThat(server.getName()).isEqualTo("chat gpt-4o-mini");
        assertThat(server.getAttributes().asMap())
                .containsEntry(AttributeKey.stringKey("portkey.trace_id"), "pk-42")
                .containsEntry(AttributeKey.stringKey("portkey.span_id"), "s-1")
                .containsEntry(AttributeKey.stringKey("portkey.parent_span_id"), "s-0")
                .containsEntry(AttributeKey.stringKey("portkey.span_name"), "greeting")
                .containsEntry(AttributeKey.longKey("gen_ai.usage.input_tokens"), 12L)
                .containsEntry(AttributeKey.longKey("gen_ai.usage.output_tokens"), 2L);
        assertThat(client.getTraceId()).isEqualTo(traceId);
        assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(client.getAttributes().asMap())
                .containsEntry(AttributeKey.stringKey("gen_ai.system"), "openai")
                .containsEntry(AttributeKey.stringKey("gen_ai.request.model"), "gpt-4o-mini")
                .containsEntry(AttributeKey.stringKey("server.address"), "127.0.0.1")
                .containsEntry(AttributeKey.longKey("server.port"), (long)
                        gw.upstream().port())
                .containsEntry(AttributeKey.longKey("http.response.status_code"), 200L)
                .containsEntry(AttributeKey.longKey("gen_ai.usage.input_tokens"), 12L)
                .containsKey(AttributeKey.stringKey("gen_ai.response.id"));
    }

    @Test
    void aProviderErrorEndsBothSpansWithAnErrorStatus() {
        gw.upstream().enqueue(FakeResponse.error(429, "Rate limit reached", "requests", "rate_limit_exceeded"));

        assertThat(gw.chat(SIMPLE).send().statusCode()).isEqualTo(429);

        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).hasSize(2).allSatisfy(s -> {
            assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(s.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
                    .isEqualTo(429L);
        });
        assertThat(finished).extracting(SpanData::getKind).containsExactlyInAnyOrder(SpanKind.SERVER, SpanKind.CLIENT);
    }
}
