package io.jetway.gateway.observability;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.pipeline.Exchange;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spans of requests through the standard pipeline, captured in memory. */
class TracingTest {

    static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    static final String CALLER_SPAN = "b7ad6b7169203331";
    static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01";

    final Harness h = new Harness(true);

    @AfterEach
    void close() {
        h.close();
    }

    List<SpanData> spans() {
        return h.spans.getFinishedSpanItems();
    }

    static SpanData only(List<SpanData> spans, SpanKind kind) {
        List<SpanData> of = spans.stream().filter(s -> s.getKind() == kind).toList();
        assertThat(of).hasSize(1);
        return of.getFirst();
    }

    @Test
    void theRequestSpanContinuesTheCallersTraceAndEachUpstreamAttemptIsAClientChild() {
        h.upstream.json(429, MetricsTest.RATE_LIMITED, 0, 0).json(200, MetricsTest.COMPLETION, 0, 0);
        String config = "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":["
                + "{\"provider\":\"openai\",\"api_key\":\"a\"},{\"provider\":\"groq\",\"api_key\":\"b\"}]}";
        Map<String, String> headers = new HashMap<>(Map.of(
                "config",
                config,
                "traceparent",
                TRACEPARENT,
                "x-portkey-trace-id",
                "pk-trace",
                "x-portkey-span-id",
                "pk-span",
                "x-portkey-parent-span-id",
                "pk-parent",
                "x-portkey-span-name",
                "answer the user"));

        assertThat(h.run(
                                "{\"model\":\"gpt-4o\",\"temperature\":0.3,\"max_tokens\":50,"
                                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                                headers)
                        .status())
                .isEqualTo(200);

        assertThat(spans()).hasSize(3);
        SpanData request = only(spans(), SpanKind.SERVER);
        assertThat(request.getName()).isEqualTo("chat gpt-4o");
        assertThat(request.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(request.getParentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(request.getAttributes().asMap())
                .containsEntry(stringKey("gen_ai.operation.name"), "chat")
                .containsEntry(stringKey("gen_ai.request.model"), "gpt-4o")
                .containsEntry(io.opentelemetry.api.common.AttributeKey.doubleKey("gen_ai.request.temperature"), 0.3)
                .containsEntry(longKey("gen_ai.request.max_tokens"), 50L)
                .containsEntry(stringKey("gen_ai.system"), "groq")
                .containsEntry(stringKey("gen_ai.response.id"), "chatcmpl-1")
                .containsEntry(stringKey("gen_ai.response.model"), "gpt-4o-2024-08-06")
                .containsEntry(longKey("gen_ai.usage.input_tokens"), 12L)
                .containsEntry(longKey("gen_ai.usage.output_tokens"), 5L)
                .containsEntry(longKey("http.response.status_code"), 200L)
                .containsEntry(longKey("jetway.attempts"), 2L)
                .containsEntry(stringKey("portkey.trace_id"), "pk-trace")
                .containsEntry(stringKey("portkey.span_id"), "pk-span")
                .containsEntry(stringKey("portkey.parent_span_id"), "pk-parent")
                .containsEntry(stringKey("portkey.span_name"), "answer the user");
        assertThat(request.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

        List<SpanData> attempts =
                spans().stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
        assertThat(attempts).hasSize(2).allSatisfy(a -> {
            assertThat(a.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(a.getParentSpanId()).isEqualTo(request.getSpanId());
            assertThat(a.getName()).isEqualTo("chat gpt-4o");
            assertThat(a.getAttributes().get(stringKey("gen_ai.request.model"))).isEqualTo("gpt-4o");
            assertThat(a.getAttributes().get(longKey("server.port"))).isEqualTo(443L);
        });
        SpanData failed = attempts.stream()
                .filter(a -> "openai".equals(a.getAttributes().get(stringKey("gen_ai.system"))))
                .findFirst()
                .orElseThrow();
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failed.getAttributes().asMap())
                .containsEntry(longKey("http.response.status_code"), 429L)
                .containsEntry(stringKey("error.type"), "rate_limit_exceeded")
                .containsEntry(stringKey("server.address"), "api.openai.com")
                .containsEntry(stringKey("jetway.attempt.reason"), "first");
        SpanData answered = attempts.stream()
                .filter(a -> "groq".equals(a.getAttributes().get(stringKey("gen_ai.system"))))
                .findFirst()
                .orElseThrow();
        assertThat(answered.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(answered.getAttributes().asMap())
                .containsEntry(longKey("http.response.status_code"), 200L)
                .containsEntry(stringKey("server.address"), "api.groq.com")
                .containsEntry(stringKey("gen_ai.provider.name"), "groq")
                .containsEntry(stringKey("gen_ai.response.id"), "chatcmpl-1")
                .containsEntry(longKey("gen_ai.usage.input_tokens"), 12L)
                .containsEntry(longKey("gen_ai.usage.output_tokens"), 5L)
                .containsEntry(stringKey("jetway.attempt.reason"), "fallback");
    }

    @Test
    void withoutATraceparentTheRequestStartsANewTrace() {
        h.upstream.json(200, MetricsTest.COMPLETION, 0, 0);

        h.run(MetricsTest.SIMPLE, MetricsTest.OPENAI);

        SpanData request = only(spans(), SpanKind.SERVER);
        assertThat(request.getParentSpanContext().isValid()).isFalse();
        assertThat(only(spans(), SpanKind.CLIENT).getParentSpanId()).isEqualTo(request.getSpanId());
    }

    @Test
    void aRequestThatFailsBeforeAnyAttemptEndsItsSpanWithAnError() {
        h.run(MetricsTest.SIMPLE, Map.of("provider", "no-such-provider"));

        SpanData request = only(spans(), SpanKind.SERVER);
        assertThat(spans()).hasSize(1);
        assertThat(request.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(request.getAttributes().asMap())
                .containsEntry(longKey("http.response.status_code"), 400L)
                .containsEntry(stringKey("error.type"), "400")
                .doesNotContainKey(stringKey("gen_ai.system"));
    }

    @Test
    void aStreamsSpansEndWithTheStreamAndCarryItsUsageAndTheRequestsMetadata() {
        h.upstream.sse(MetricsTest.streamChunks(true), true, 0, 0);
        Exchange ex = Harness.exchange(MetricsTest.STREAM, MetricsTest.OPENAI);
        ex.metadata(Map.of("_user", "u-7", "env", "prod"));

        GatewayResponse.Streaming answer = (GatewayResponse.Streaming) h.pipeline.execute(ex);
        assertThat(spans()).as("open while the stream is").isEmpty();
        while (answer.chunks().next() != null) {
            // drain
        }
        answer.chunks().close();

        assertThat(spans()).hasSize(2);
        for (SpanData s : spans()) {
            assertThat(s.getAttributes().asMap())
                    .containsEntry(stringKey("gen_ai.response.id"), "chatcmpl-s")
                    .containsEntry(longKey("gen_ai.usage.input_tokens"), 9L)
                    .containsEntry(longKey("gen_ai.usage.output_tokens"), 3L);
            assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        }
        assertThat(only(spans(), SpanKind.SERVER).getAttributes().asMap())
                .containsEntry(stringKey("portkey.metadata.env"), "prod")
                .containsEntry(stringKey("user.id"), "u-7");
    }

    @Test
    void aStreamThatBreaksMarksBothSpansFailed() {
        h.upstream.sse(MetricsTest.streamChunks(false).subList(0, 2), false, 0, 0);

        assertThat(h.run(MetricsTest.STREAM, MetricsTest.OPENAI).failure()).isNotNull();

        assertThat(spans())
                .hasSize(2)
                .allSatisfy(s -> assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
        assertThat(only(spans(), SpanKind.SERVER).getAttributes().get(longKey("http.response.status_code")))
                .isEqualTo(200L);
    }

    @Test
    void aClientThatLeavesMidStreamEndsBothSpans() {
        h.upstream.sse(MetricsTest.streamChunks(true), true, 0, 0);
        GatewayResponse.Streaming answer = (GatewayResponse.Streaming)
                h.pipeline.execute(Harness.exchange(MetricsTest.STREAM, MetricsTest.OPENAI));

        answer.chunks().next();
        answer.chunks().close();

        assertThat(spans()).hasSize(2);
        SpanData request = only(spans(), SpanKind.SERVER);
        assertThat(request.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(request.getAttributes().get(stringKey("error.type"))).isEqualTo("client_closed");
        assertThat(only(spans(), SpanKind.CLIENT).getAttributes().get(stringKey("error.type")))
                .isEqualTo("cancelled");
        assertThat(h.counters("jetway.upstream.errors"))
                .as("the provider did nothing wrong")
                .isEmpty();
    }

    @Test
    void withTracingOffNoSpanIsMade() {
        try (Harness off = new Harness(false)) {
            off.upstream.json(200, MetricsTest.COMPLETION, 0, 0);

            assertThat(off.run(MetricsTest.SIMPLE, MetricsTest.OPENAI).status()).isEqualTo(200);

            assertThat(off.spans.getFinishedSpanItems()).isEmpty();
            assertThat(off.observability.tracingEnabled()).isFalse();
        }
    }
}
