package io.jetway.gateway;

import io.jetway.gateway.core.Effects;
import io.jetway.gateway.observability.Observability;
import io.jetway.gateway.server.GatewayServer;

/** {@code ./jetway serve}: runs the gateway in the foreground until interrupted. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        // The parser and Helidon warm up on their own threads while the settings and observability are read.
        GatewayAssembly.warmUp();
        GatewaySettings settings;
        Observability observability;
        try {
            settings = GatewaySettings.fromEnv(System.getenv());
            observability = Observability.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("jetway: " + e.getMessage());
            System.exit(2);
            return;
        }
        GatewayServer server;
        try {
            server = GatewayAssembly.start(settings, Effects.system(), observability);
        } catch (IllegalStateException | IllegalArgumentException | java.io.UncheckedIOException e) {
            System.err.println("jetway: cannot start: " + e.getMessage());
            observability.close();
            System.exit(2);
            return;
        }
        // Flush the spans still batched when the process is stopped.
        Runtime.getRuntime().addShutdownHook(new Thread(observability::close, "jetway-observability-flush"));
        System.out.println("Jetway listening on http://" + settings.host() + ":" + server.port()
                + "  (POST /v1/chat/completions, GET /health, GET /metrics, /v1/admin/*)"
                + (observability.tracingEnabled() ? "  [traces: OTLP]" : ""));
        System.out.println("  store: " + server.storeDescription() + "; admin API "
                + (server.adminEnabled() ? "enabled" : "disabled (set JETWAY_ADMIN_TOKEN)")
                + (settings.gatewayApiKeys().isEmpty()
                        ? "; gateway keys: stored ones only (open while there are none)"
                        : "; gateway keys: JETWAY_API_KEYS and stored ones"));
    }
}
