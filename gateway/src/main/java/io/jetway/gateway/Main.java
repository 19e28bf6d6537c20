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
        GatewayServer server = GatewayServer.start(settings, Effects.system());
        System.out.println("Jetway listening on http://" + settings.host() + ":" + server.port()
                + "  (POST /v1/chat/completions, GET /health)"
                + (settings.gatewayApiKeys().isEmpty() ? "  [open: no JETWAY_API_KEYS set]" : ""));
    }
}
