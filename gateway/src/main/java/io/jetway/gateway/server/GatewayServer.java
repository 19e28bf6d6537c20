package io.jetway.gateway.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.RequestException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.gateway.GatewaySettings;
import io.jetway.gateway.core.Effects;
import io.jetway.gateway.core.ErrorBodies;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.IdGenerator;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.pipeline.Pipeline;
import io.jetway.gateway.pipeline.VirtualKeys;
import io.jetway.gateway.provider.Providers;
import io.jetway.gateway.upstream.CustomHostPolicy;
import io.jetway.gateway.upstream.HelidonUpstreamClient;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Map;

/** Assembles the gateway (providers, pipeline, endpoints) and runs it on Helidon SE. */
public final class GatewayServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GatewayServer.class.getName());

    private final WebServer server;

    private GatewayServer(WebServer server) {
        this.server = server;
    }

    /** Starts with real sleeping and randomness, and the given ids and clock. */
    public static GatewayServer start(GatewaySettings settings, IdGenerator ids, Clock clock) {
        Effects system = Effects.system();
        return start(settings, new Effects(clock, system.sleeper(), system.random(), ids));
    }

    public static GatewayServer start(GatewaySettings settings, Effects effects) {
        IdGenerator ids = effects.ids();
        Pipeline pipeline = Pipeline.standard(settings.gatewayApiKeys(), Providers.defaults(),
                CustomHostPolicy.fromEnv(settings.trustedCustomHosts()), VirtualKeys.none(),
                new HelidonUpstreamClient(settings.connectTimeout()), settings.upstreamTimeout(), effects);
        ResponseWriter writer = new ResponseWriter();
        ChatCompletionsEndpoint chat = new ChatCompletionsEndpoint(new RequestParser(Json.MAPPER), pipeline, writer, ids,
                effects.clock());

        WebServer server = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .maxPayloadSize(settings.maxBodyBytes())
                // Nagle off: a stream is many small flushed writes (headers, then one chunk per event);
                // with Nagle each waits for the ACK of the previous one, which a keep-alive client
                // delays by up to 40 ms (delayed ACK): measured +44 ms per stream (bench/README.md).
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .routing(routing -> routes(routing, chat, ids))
                .build()
                .start();
        return new GatewayServer(server);
    }

    private static void routes(HttpRouting.Builder routing, ChatCompletionsEndpoint chat, IdGenerator ids) {
        routing.register("/v1/chat/completions", chat)
                .register("/health", new HealthEndpoint())
                .any("/v1/chat/completions", (req, res) -> error(req, res, ids, new GatewayException(405,
                        GatewayException.INVALID_REQUEST, req.prologue().method().text()
                        + " is not allowed on /v1/chat/completions: use POST.", null, "method_not_allowed")))
                .any((req, res) -> error(req, res, ids, new GatewayException(404, GatewayException.NOT_FOUND,
                        "No route for " + req.prologue().method().text() + " " + req.path().path()
                        + ". This gateway serves POST /v1/chat/completions and GET /health.", null, "not_found")))
                .error(GatewayException.class, (req, res, e) -> error(req, res, ids, e))
                .error(RequestException.class, (req, res, e) -> error(req, res, ids, new GatewayException(
                        e.status().code(), e.status().code() == 413 ? GatewayException.INVALID_REQUEST
                        : GatewayException.INVALID_REQUEST, e.status().code() == 413
                        ? "The request body is too large." : "The request is malformed: " + e.getMessage(),
                        null, null)))
                .error(Throwable.class, (req, res, e) -> {
                    LOG.log(Level.ERROR, "unexpected failure on " + req.path().path(), e);
                    error(req, res, ids, GatewayException.internal(
                            "The gateway failed unexpectedly; the failure is logged. Please retry."));
                });
    }

    private static void error(ServerRequest req, ServerResponse res, IdGenerator ids, GatewayException e) {
        if (res.isSent()) {
            return;
        }
        res.status(e.status());
        res.header("x-portkey-trace-id", ChatCompletionsEndpoint.traceId(req, ids));
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            res.header(h.getKey(), h.getValue());
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(ErrorBodies.json(e));
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
