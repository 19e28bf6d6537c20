package io.jetway.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Production assembly from the environment: tracing off by default, OTLP http/protobuf when configured. */
class ObservabilityFromEnvTest {

    record Export(String path, String contentType, String authorization, byte[] body) {}

    @Test
    void tracingIsOffWithoutAnOtlpEndpointOrWhenTheSdkIsDisabled() {
        try (Observability none = Observability.fromEnv(Map.of());
                Observability disabled = Observability.fromEnv(
                        Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318", "OTEL_SDK_DISABLED", "true"))) {
            assertThat(none.tracingEnabled()).isFalse();
            assertThat(disabled.tracingEnabled()).isFalse();
            assertThat(none.registry().scrape()).as("JVM metrics are bound").contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void onlyHttpProtobufIsAccepted() {
        assertThatThrownBy(() -> Observability.fromEnv(Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http/protobuf");
    }

    @Test
    void exportHeadersArePairsWithUrlEncodedValues() {
        assertThat(Observability.headers("Authorization=Bearer%20abc, x-tenant = t1"))
                .containsExactly(Map.entry("authorization", "Bearer abc"), Map.entry("x-tenant", "t1"));
        assertThatThrownBy(() -> Observability.headers("novalue")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spansAreExportedOverOtlpHttpProtobufToTheConfiguredCollector() throws IOException {
        List<Export> received = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            received.add(new Export(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("content-type"),
                    exchange.getRequestHeaders().getFirst("authorization"),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try {
            Observability obs = Observability.fromEnv(Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT",
                            "http://127.0.0.1:" + collector.getAddress().getPort(),
                    "OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20collector-key",
                    "OTEL_SERVICE_NAME", "jetway-test"));
            assertThat(obs.tracingEnabled()).isTrue();
            try (Harness h = new Harness(obs)) {
                h.upstream.json(200, MetricsTest.COMPLETION, 0, 0);
                assertThat(h.run(MetricsTest.SIMPLE, MetricsTest.OPENAI).status())
                        .isEqualTo(200);
            }
            obs.close(); // flushes the batch

            assertThat(received).hasSize(1);
            Export export = received.getFirst();
            assertThat(export.path()).isEqualTo("/v1/traces");
            assertThat(export.contentType()).isEqualTo("application/x-protobuf");
            assertThat(export.authorization()).isEqualTo("Bearer collector-key");
            // Protobuf keeps strings as UTF-8: the span names, attributes and service name are in the body.
            String body = new String(export.body(), StandardCharsets.ISO_8859_1);
            assertThat(body)
                    .contains("chat gpt-4o")
                    .contains("gen_ai.usage.input_tokens")
                    .contains("jetway-test");
        } finally {
            collector.stop(0);
        }
    }
}
