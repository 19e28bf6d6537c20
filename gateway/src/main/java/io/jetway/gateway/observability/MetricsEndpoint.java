package io.jetway.gateway.observability;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.server.stub.ObservabilityService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** {@code GET /metrics}: every meter in Prometheus text format 0.0.4. */
public final class MetricsEndpoint extends ObservabilityService {

    /** Prometheus text exposition format 0.0.4 (what {@link PrometheusMeterRegistry#scrape()} writes). */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void handleGetMetrics(ServerRequest request, ServerResponse response) {
        ByteArrayOutputStream text = new ByteArrayOutputStream(16 * 1024);
        try {
            registry.scrape(text, CONTENT_TYPE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        response.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        response.send(text.toByteArray());
    }
}
