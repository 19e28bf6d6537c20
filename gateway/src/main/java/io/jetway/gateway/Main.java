package io.jetway.gateway;

import io.jetway.gateway.core.Effects;
import io.jetway.gateway.server.GatewayServer;

/** {@code ./jetway serve}: runs the gateway in the foreground until interrupted. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        GatewaySettings settings;
        try {
            settings = GatewaySettings.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("jetway: " + e.getMessage());
            System.exit(2);
            return;
        }
        GatewayServer server;
        try {
            server = GatewayServer.start(settings, Effects.system());
        } catch (IllegalStateException | IllegalArgumentException | java.io.UncheckedIOException e) {
            System.err.println("jetway: cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("Jetway listening on http://" + settings.host() + ":" + server.port()
                + "  (POST /v1/chat/completions, GET /health, /v1/admin/*)");
        System.out.println("  store: " + server.storeDescription() + "; admin API "
                + (server.adminEnabled() ? "enabled" : "disabled (set JETWAY_ADMIN_TOKEN)")
                + (settings.gatewayApiKeys().isEmpty() ? "; gateway keys: stored ones only (open while there are none)"
                : "; gateway keys: JETWAY_API_KEYS and stored ones"));
    }
}
