package io.jetway.gateway.server;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.server.stub.HealthService;
import java.nio.charset.StandardCharsets;

/** {@code GET /health}: answers while the gateway is serving. */
public final class HealthEndpoint extends HealthService {

    private static final byte[] OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected void handleGetHealth(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(OK);
    }
}
