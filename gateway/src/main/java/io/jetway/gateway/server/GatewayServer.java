package io.jetway.gateway.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.RequestException;
import io.jetway.gateway.GatewayAssembly;
import io.jetway.gateway.GatewaySettings;
import io.jetway.gateway.admin.AdminEndpoint;
import io.jetway.gateway.cache.CacheStats;
import io.jetway.gateway.core.Effects;
import io.jetway.gateway.core.Endpoint;
import io.jetway.gateway.core.ErrorBodies;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.IdGenerator;
import io.jetway.gateway.messages.MessagesErrors;
import io.jetway.gateway.observability.MetricsEndpoint;
import io.jetway.gateway.observability.Observability;
import io.jetway.gateway.server.http.ConnectionAbort;
import io.jetway.gateway.server.http.HttpServer;
import io.jetway.gateway.server.http.ProtocolError;
import io.jetway.gateway.server.http.ServerLimits;
import io.jetway.gateway.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A running gateway: Jetway's own HTTP/1.1 server ({@link HttpServer}) serving the endpoints through
 * the services generated from {@code openapi.yaml} ({@link Routes}), and what it closes when it stops.
 * The endpoints are built by {@link GatewayAssembly}, where all the wiring is; {@link #serve} only
 * routes them and listens.
 */
public final class GatewayServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GatewayServer.class.getName());

    /**
     * The endpoints a gateway serves.
     *
     * @param more further services by path (e.g. the admin API's prices), routed before the others
     */
    public record Endpoints(
            ChatCompletionsEndpoint chat,
            AdminEndpoint admin,
            MetricsEndpoint metrics,
            PassthroughEndpoint passthrough,
            java.util.Map<String, io.helidon.webserver.http.HttpService> more) {}

    /** What a running gateway tells its operator: where the store is, whether admin is on, cache counters. */
    public record Status(String storeDescription, boolean adminEnabled, CacheStats cacheStats) {}

    private final HttpServer server;
    private final Status status;
    private final List<AutoCloseable> resources;

    private GatewayServer(HttpServer server, Status status, List<AutoCloseable> resources) {
        this.server = server;
        this.status = status;
        this.resources = resources;
    }

    /** Starts with real sleeping and randomness, and the given ids and clock. */
    public static GatewayServer start(GatewaySettings settings, IdGenerator ids, Clock clock) {
        Effects system = Effects.system();
        return start(settings, new Effects(clock, system.sleeper(), system.random(), ids));
    }

    /** Starts with metrics only (no tracing). */
    public static GatewayServer start(GatewaySettings settings, Effects effects) {
        return start(settings, effects, Observability.metricsOnly());
    }

    /** {@link GatewayAssembly#start}, for the callers that start a gateway from here. */
    public static GatewayServer start(GatewaySettings settings, Effects effects, Observability observability) {
        return GatewayAssembly.start(settings, effects, observability);
    }

    /**
     * Routes the endpoints and listens on {@code host:port}. From then on the server owns
     * {@code resources} and closes them, in their order, after it stops serving; if it cannot
     * listen it closes none of them (its caller, who opened them, does).
     *
     * @throws UncheckedIOException when the port cannot be listened on
     */
    public static GatewayServer serve(
            String host,
            int port,
            ServerLimits limits,
            Endpoints endpoints,
            IdGenerator ids,
            Status status,
            List<AutoCloseable> resources) {
        Routes routes = new Routes();
        endpoints.more().forEach(routes::register);
        routes(routes, endpoints.chat(), endpoints.admin(), endpoints.metrics(), ids);
        // The passthrough is hand-written, not generated (PassthroughEndpoint says why), and comes last:
        // every generated route wins over it.
        routes.register("/v1", endpoints.passthrough());
        HttpServer server;
        try {
            // Nagle is off on every connection: a stream is many small flushed writes (headers, then one
            // chunk per event); with Nagle each waits for the ACK of the previous one, which a keep-alive
            // client delays by up to 40 ms (delayed ACK): measured +44 ms per stream (bench/README.md).
            server = HttpServer.start(host, port, limits, routes.handler(new Answers(ids)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new GatewayServer(server, status, List.copyOf(resources));
    }

    private static void routes(
            Routes routing,
            ChatCompletionsEndpoint chat,
            AdminEndpoint admin,
            MetricsEndpoint metrics,
            IdGenerator ids) {
        routing.register("/v1/chat/completions", chat)
                .register("/v1/embeddings", chat.embeddings())
                .register("/v1/models", chat.models())
                .register("/v1/messages", chat.messages())
                .register("/v1/admin", admin)
                .register("/health", new HealthEndpoint())
                .register("/metrics", metrics)
                .any(
                        "/v1/chat/completions",
                        (req, res) -> Answers.error(
                                req,
                                res,
                                ids,
                                new GatewayException(
                                        405,
                                        GatewayException.INVALID_REQUEST,
                                        req.prologue().method().text()
                                                + " is not allowed on /v1/chat/completions: use POST.",
                                        null,
                                        "method_not_allowed")))
                .any(
                        "/v1/embeddings",
                        (req, res) -> Answers.error(
                                req,
                                res,
                                ids,
                                new GatewayException(
                                        405,
                                        GatewayException.INVALID_REQUEST,
                                        req.prologue().method().text() + " is not allowed on /v1/embeddings: use POST.",
                                        null,
                                        "method_not_allowed")))
                .any(
                        "/v1/models",
                        (req, res) -> Answers.error(
                                req,
                                res,
                                ids,
                                new GatewayException(
                                        405,
                                        GatewayException.INVALID_REQUEST,
                                        req.prologue().method().text() + " is not allowed on /v1/models: use GET.",
                                        null,
                                        "method_not_allowed")))
                .any(
                        "/v1/messages",
                        (req, res) -> Answers.error(
                                req,
                                res,
                                ids,
                                new GatewayException(
                                        405,
                                        GatewayException.INVALID_REQUEST,
                                        req.prologue().method().text() + " is not allowed on /v1/messages: use POST.",
                                        null,
                                        "method_not_allowed")));
    }

    /** The answers to requests no route took, and to failures of routes. */
    private record Answers(IdGenerator ids) implements Routes.Failures {

        @Override
        public void unrouted(RoutedRequest req, RoutedResponse res) {
            error(
                    req,
                    res,
                    ids,
                    new GatewayException(
                            404,
                            GatewayException.NOT_FOUND,
                            "No route for " + req.http().method() + " "
                                    + printable(req.http().path())
                                    + ". This gateway serves POST /v1/chat/completions, POST /v1/embeddings, GET /v1/models,"
                                    + " POST /v1/messages, GET /health,"
                                    + " GET /metrics and the admin API under /v1/admin (virtual-keys, configs, api-keys, limits, usage,"
                                    + " logs, prices); the rest of OpenAI's API under /v1 passes through to OpenAI-format providers.",
                            null,
                            "not_found"));
        }

        @Override
        public void failed(RoutedRequest req, RoutedResponse res, Throwable failure) throws IOException {
            switch (failure) {
                case GatewayException e -> error(req, res, ids, e);
                case ProtocolError e -> {
                    // The rest of the request cannot be trusted (or read): the connection closes after this.
                    res.http().closeConnection();
                    error(
                            req,
                            res,
                            ids,
                            new GatewayException(
                                    e.status(),
                                    e.status() == 408 ? GatewayException.TIMEOUT : GatewayException.INVALID_REQUEST,
                                    e.getMessage(),
                                    null,
                                    e.code()));
                }
                case ConnectionAbort e -> throw e;
                case UncheckedIOException e -> throw e.getCause(); // the client is gone: the connection closes
                case StoreException e -> {
                    LOG.log(Level.ERROR, "store failure on " + req.http().path(), e);
                    error(
                            req,
                            res,
                            ids,
                            new GatewayException(
                                    503,
                                    GatewayException.SERVER,
                                    "The gateway's store is unavailable; the failure is logged. Please retry.",
                                    null,
                                    "store_unavailable"));
                }
                case RequestException e ->
                    error(
                            req,
                            res,
                            ids,
                            new GatewayException(
                                    e.status().code(),
                                    GatewayException.INVALID_REQUEST,
                                    e.status().code() == 413
                                            ? "The request body is too large."
                                            : "The request is malformed: " + e.getMessage(),
                                    null,
                                    null));
                case jakarta.validation.ValidationException e ->
                    error(
                            req,
                            res,
                            ids,
                            GatewayException.invalidRequest("The request is invalid: " + e.getMessage(), null));
                default -> {
                    LOG.log(Level.ERROR, "unexpected failure on " + req.http().path(), failure);
                    error(
                            req,
                            res,
                            ids,
                            GatewayException.internal(
                                    "The gateway failed unexpectedly; the failure is logged. Please retry."));
                }
            }
        }

        static void error(
                io.helidon.webserver.http.ServerRequest req,
                io.helidon.webserver.http.ServerResponse res,
                IdGenerator ids,
                GatewayException e) {
            if (res.isSent()) {
                // A stream under way: no error can follow its head, so it is cut short instead.
                throw new ConnectionAbort("failed after the response started: " + e.getMessage());
            }
            // Anthropic's Messages API answers its errors in Anthropic's shape, those of the server too.
            boolean anthropic = req instanceof RoutedRequest routed
                    && isMessages(routed.http().path());
            res.status(anthropic ? MessagesErrors.status(e) : e.status());
            res.header("x-portkey-trace-id", ChatCompletionsEndpoint.traceId(req, ids));
            for (Map.Entry<String, String> h : e.headers().entrySet()) {
                res.header(h.getKey(), h.getValue());
            }
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(anthropic ? MessagesErrors.json(e) : ErrorBodies.json(e));
        }

        /** Whether the request was to {@code /v1/messages} (its query aside). */
        private static boolean isMessages(String path) {
            String messages = Endpoint.MESSAGES.path();
            return path.startsWith(messages)
                    && (path.length() == messages.length() || path.charAt(messages.length()) == '?');
        }

        private static String printable(String path) {
            return path.length() <= 200 ? path : path.substring(0, 200) + "…";
        }
    }

    public int port() {
        return server.port();
    }

    /** The response cache's counters. */
    public CacheStats cacheStats() {
        return status.cacheStats();
    }

    /** Where the store is (no credentials), for the start-up line. */
    public String storeDescription() {
        return status.storeDescription();
    }

    public boolean adminEnabled() {
        return status.adminEnabled();
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        try {
            server.close();
        } finally {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception e) {
                    if (failure == null) {
                        failure = e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
