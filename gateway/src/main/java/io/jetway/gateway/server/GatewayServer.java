package io.jetway.gateway.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.RequestException;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.gateway.GatewaySettings;
import io.jetway.gateway.admin.AdminAuth;
import io.jetway.gateway.admin.AdminEndpoint;
import io.jetway.gateway.cache.CacheOwner;
import io.jetway.gateway.cache.CacheStats;
import io.jetway.gateway.cache.InProcessResponseCache;
import io.jetway.gateway.cache.RedisResponseCache;
import io.jetway.gateway.cache.ResponseCache;
import io.jetway.gateway.core.Effects;
import io.jetway.gateway.core.ErrorBodies;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.IdGenerator;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.observability.MetricsEndpoint;
import io.jetway.gateway.observability.Observability;
import io.jetway.gateway.pipeline.GatewayAuth;
import io.jetway.gateway.pipeline.Pipeline;
import io.jetway.gateway.provider.ProviderRegistry;
import io.jetway.gateway.provider.Providers;
import io.jetway.gateway.requestlog.RequestLog;
import io.jetway.gateway.server.http.ConnectionAbort;
import io.jetway.gateway.server.http.HttpServer;
import io.jetway.gateway.server.http.ProtocolError;
import io.jetway.gateway.server.http.ServerLimits;
import io.jetway.gateway.store.CachedLookups;
import io.jetway.gateway.store.DatabaseUrl;
import io.jetway.gateway.store.JdbcStore;
import io.jetway.gateway.store.MasterKey;
import io.jetway.gateway.store.SecretBox;
import io.jetway.gateway.store.Store;
import io.jetway.gateway.store.StoreException;
import io.jetway.gateway.upstream.CustomHostPolicy;
import io.jetway.gateway.upstream.Http1UpstreamClient;
import io.jetway.gateway.upstream.UpstreamClient;
import java.lang.System.Logger.Level;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Assembles the gateway (store, providers, pipeline, endpoints) and serves it on Jetway's own HTTP/1.1
 * server ({@link HttpServer}), through the services generated from {@code openapi.yaml} ({@link Routes}).
 */
public final class GatewayServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GatewayServer.class.getName());

    /** A parser warm-up begun by {@link #warmUp}, taken by the next {@link #start}. */
    private static final AtomicReference<FutureTask<RequestParser>> EARLY_PARSER = new AtomicReference<>();
    private static final AtomicBoolean LIBRARIES_WARMED_UP = new AtomicBoolean();

    private final HttpServer server;
    private final Store store;
    private final boolean adminEnabled;
    private final ResponseCache cache;
    private final CacheStats cacheStats;
    private final Observability observability;
    private final RequestLog requestLog;
    private final io.jetway.gateway.limits.Counters limitCounters;

    private GatewayServer(HttpServer server, Store store, boolean adminEnabled, ResponseCache cache, CacheStats cacheStats,
                          Observability observability, RequestLog requestLog,
                          io.jetway.gateway.limits.Counters limitCounters) {
        this.requestLog = requestLog;
        this.limitCounters = limitCounters;
        this.server = server;
        this.store = store;
        this.adminEnabled = adminEnabled;
        this.cache = cache;
        this.cacheStats = cacheStats;
        this.observability = observability;
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

    /**
     * Opens the store ({@code JETWAY_DATABASE_URL}, default SQLite), then serves with the given
     * observability, which the server then owns (closed with it).
     *
     * <p>Start-up uses a second core where it can: the store opens (connect, migrate the schema, check
     * the master key) and the request parser is built and run once on a sample request (the
     * validator's and the JSON mapper's metadata, otherwise built by the first request) on threads of
     * their own, while this thread assembles the providers and the upstream client. It waits for both
     * before it uses them and before it serves; a failure of either fails the start as it did when they
     * ran first (the store's failure first, as before).
     *
     * @throws IllegalStateException or IllegalArgumentException when the store settings are unusable
     *                               (the message says what to fix)
     */
    public static GatewayServer start(GatewaySettings settings, Effects effects, Observability observability) {
        DatabaseUrl db = DatabaseUrl.parse(settings.databaseUrl());
        SecureRandom random = new SecureRandom();
        AtomicReference<byte[]> masterKey = new AtomicReference<>();
        FutureTask<Store> opening = background("jetway-store-open", () -> {
            masterKey.set(MasterKey.resolve(settings.masterKey(), db, random));
            return JdbcStore.open(db, new SecretBox(masterKey.get(), random), effects.clock());
        });
        FutureTask<RequestParser> parsing = EARLY_PARSER.getAndSet(null);
        if (parsing == null) {
            parsing = background("jetway-parser-warm-up", GatewayServer::warmParser);
        }
        warmUpLibraries();
        Store store = null;
        try {
            CustomHostPolicy hosts = CustomHostPolicy.fromEnv(settings.trustedCustomHosts());
            ProviderRegistry providers = Providers.defaults(hosts, effects.clock());
            UpstreamClient upstream = Http1UpstreamClient.forSystem(settings.connectTimeout());
            store = await(opening);
            return start(settings, effects, observability, store, CacheOwner.fromMasterKey(masterKey.get()), random,
                    hosts, providers, upstream, parsing);
        } catch (RuntimeException | Error e) {
            if (store == null) {
                // Failed before the store was at hand: its own failure came first before, so it still wins.
                store = await(opening);
            }
            store.close();
            throw e;
        }
    }

    /**
     * Starts, ahead of {@link #start}, the warm-ups that need no settings: the request parser
     * ({@link #warmParser}) and the JSON mapper's deserializers of the request types. {@code Main} calls
     * it first, so that they overlap reading the settings and setting up observability; without it
     * {@link #start} begins them itself. They change nothing a caller sees: the same objects are
     * built, earlier and on other threads.
     */
    public static void warmUp() {
        warmUpLibraries();
        if (EARLY_PARSER.get() == null) {
            EARLY_PARSER.set(background("jetway-parser-warm-up", GatewayServer::warmParser));
        }
    }

    private static void warmUpLibraries() {
        if (LIBRARIES_WARMED_UP.compareAndSet(false, true)) {
            // Nothing to wait for: what start builds waits for a set-up still in progress (class initialisation,
            // the JSON mapper's cache of deserializers) and does not repeat it.
            Thread.ofPlatform().name("jetway-json-warm-up").daemon().start(() -> {
                try {
                    // The request types' deserializers, meanwhile the parser thread bootstraps the validator.
                    Json.MAPPER.readValue(WARM_UP_REQUEST, CreateChatCompletionRequest.class);
                } catch (IOException | RuntimeException e) {
                    // Only a warm-up.
                }
            });
        }
    }

    /**
     * Runs {@code task} on a new thread (daemon or not like the caller, as the code it runs saw before);
     * {@link #await} gives its result or rethrows its failure.
     */
    private static <T> FutureTask<T> background(String name, Callable<T> task) {
        FutureTask<T> future = new FutureTask<>(task);
        Thread.ofPlatform().name(name).start(future);
        return future;
    }

    /** The task's result, or its own exception rethrown; waits through interrupts (start-up is not interruptible). */
    private static <T> T await(FutureTask<T> future) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    switch (e.getCause()) {
                        case RuntimeException r -> throw r;
                        case Error r -> throw r;
                        default -> throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The request parser, after parsing and validating one typical request: the JSON mapper's
     * deserializers and the validator's constraint metadata for the request types are built here, on
     * the warm-up thread, instead of by the first request.
     */
    private static RequestParser warmParser() {
        RequestParser parser = new RequestParser(Json.MAPPER);
        try {
            parser.parse("application/json", WARM_UP_REQUEST);
        } catch (RuntimeException e) {
            // Only a warm-up: the first request builds whatever this did not.
            LOG.log(Level.DEBUG, "parser warm-up: {0}", e.toString());
        }
        return parser;
    }

    /** The usual first request: a system and a user message. */
    private static final byte[] WARM_UP_REQUEST = """
            {"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant."},\
            {"role":"user","content":"Hello!"}],"max_tokens":64}"""
            .getBytes(StandardCharsets.UTF_8);

    private static GatewayServer start(GatewaySettings settings, Effects effects, Observability observability,
                                       Store store, CacheOwner cacheOwner, SecureRandom random, CustomHostPolicy hosts,
                                       ProviderRegistry providers, UpstreamClient upstream,
                                       FutureTask<RequestParser> parser) {
        IdGenerator ids = effects.ids();
        ResponseCache cache = settings.redisUrl() == null
                ? new InProcessResponseCache(settings.cacheMaxBytes(), effects.clock())
                : RedisResponseCache.connect(settings.redisUrl(), settings.redisTimeout(), effects.clock());
        CacheStats cacheStats = new CacheStats();
        CachedLookups lookups = new CachedLookups(store, effects.clock(), CachedLookups.DEFAULT_TTL);
        RequestLog requestLog = RequestLog.start(store::appendRequestLogs, observability.registry(), effects.clock());
        observability.logRequests(requestLog, settings.logBodies());
        io.jetway.gateway.limits.Counters limitCounters = settings.redisUrl() == null
                ? new io.jetway.gateway.limits.InProcessCounters(effects.clock())
                : new io.jetway.gateway.limits.RedisCounters(settings.redisUrl(), settings.redisTimeout(),
                        settings.limitsFailClosed(),
                        observability.registry().counter("jetway.limit.redis.failures")::increment, effects.clock());
        io.jetway.gateway.limits.LimitsInterceptor limits = new io.jetway.gateway.limits.LimitsInterceptor(lookups,
                new io.jetway.gateway.limits.Limiter(limitCounters, effects.clock()),
                io.jetway.gateway.usage.Prices.load(settings.pricesFile() == null ? null
                        : java.nio.file.Path.of(settings.pricesFile())));
        Pipeline pipeline = Pipeline.standard(providers, hosts, lookups, lookups.storedConfigs(),
                upstream, settings.upstreamTimeout(), cache, cacheOwner, cacheStats,
                effects, observability, limits);
        MetricsEndpoint metrics = new MetricsEndpoint(observability.registry());
        // The system's sleeper, in tests too: the pause before a broken stream's cut is network timing for
        // clients (the JDK's HttpClient drops bytes that arrive together with a close), not gateway logic.
        ResponseWriter writer = new ResponseWriter(Effects.system().sleeper());
        ChatCompletionsEndpoint chat = new ChatCompletionsEndpoint(new GatewayAuth(settings.gatewayApiKeys(), lookups),
                code -> observability.registry().counter("jetway.auth.failures", "code", code).increment(),
                await(parser), pipeline, writer, ids, effects.clock());
        io.jetway.gateway.console.ConsoleSessions consoleSessions =
                new io.jetway.gateway.console.ConsoleSessions(effects.clock(), random);
        AdminAuth adminAuth = new AdminAuth(settings.adminToken(), consoleSessions);
        AdminEndpoint admin = new AdminEndpoint(adminAuth, store, lookups, providers, random, requestLog,
                effects.clock());
        LOG.log(Level.INFO, "store: " + store.describe() + "; admin API " + (adminAuth.enabled() ? "enabled"
                : "disabled (set JETWAY_ADMIN_TOKEN to enable it)"));

        Routes routes = new Routes();
        // The console's resources come before the admin API's (whose authentication covers all of /v1/admin).
        routes.register("/v1/admin/console", new io.jetway.gateway.console.ConsoleApi(adminAuth, consoleSessions,
                new io.jetway.gateway.console.ConsoleQueries(((JdbcStore) store).dataSource()), store, requestLog,
                settings.logBodies(), effects.clock()))
                .register("/console", new io.jetway.gateway.console.ConsolePages(adminAuth.enabled()));
        routes(routes, chat, admin, metrics, ids);
        // The passthrough is hand-written, not generated (PassthroughEndpoint says why), and comes last:
        // every generated route wins over it.
        routes.register("/v1", new PassthroughEndpoint(new GatewayAuth(settings.gatewayApiKeys(), lookups),
                code -> observability.registry().counter("jetway.auth.failures", "code", code).increment(),
                new io.jetway.gateway.pipeline.PassthroughTargets(providers, hosts, lookups), upstream,
                settings.upstreamTimeout(), requestLog, observability.registry(), ids, effects.clock(), limits));
        HttpServer server;
        try {
            // Nagle is off on every connection: a stream is many small flushed writes (headers, then one
            // chunk per event); with Nagle each waits for the ACK of the previous one, which a keep-alive
            // client delays by up to 40 ms (delayed ACK): measured +44 ms per stream (bench/README.md).
            server = HttpServer.start(settings.host(), settings.port(), settings.serverLimits(),
                    routes.handler(new Answers(ids)));
        } catch (IOException | RuntimeException e) {
            requestLog.close();
            limitCounters.close();
            throw e instanceof IOException io ? new UncheckedIOException("cannot listen on " + settings.host() + ":"
                    + settings.port() + ": " + io.getMessage(), io) : (RuntimeException) e;
        }
        LOG.log(Level.INFO, "response cache: {0}", cache.name());
        return new GatewayServer(server, store, adminAuth.enabled(), cache, cacheStats, observability, requestLog,
                limitCounters);
    }

    private static void routes(Routes routing, ChatCompletionsEndpoint chat, AdminEndpoint admin,
                               MetricsEndpoint metrics, IdGenerator ids) {
        routing.register("/v1/chat/completions", chat)
                .register("/v1/embeddings", chat.embeddings())
                .register("/v1/models", chat.models())
                .register("/v1/admin", admin)
                .register("/health", new HealthEndpoint())
                .register("/metrics", metrics)
                .any("/v1/chat/completions", (req, res) -> Answers.error(req, res, ids, new GatewayException(405,
                        GatewayException.INVALID_REQUEST, req.prologue().method().text()
                        + " is not allowed on /v1/chat/completions: use POST.", null, "method_not_allowed")))
                .any("/v1/embeddings", (req, res) -> Answers.error(req, res, ids, new GatewayException(405,
                        GatewayException.INVALID_REQUEST, req.prologue().method().text()
                        + " is not allowed on /v1/embeddings: use POST.", null, "method_not_allowed")))
                .any("/v1/models", (req, res) -> Answers.error(req, res, ids, new GatewayException(405,
                        GatewayException.INVALID_REQUEST, req.prologue().method().text()
                        + " is not allowed on /v1/models: use GET.", null, "method_not_allowed")));
    }

    /** The answers to requests no route took, and to failures of routes. */
    private record Answers(IdGenerator ids) implements Routes.Failures {

        @Override
        public void unrouted(RoutedRequest req, RoutedResponse res) {
            error(req, res, ids, new GatewayException(404, GatewayException.NOT_FOUND,
                    "No route for " + req.http().method() + " " + printable(req.http().path())
                    + ". This gateway serves POST /v1/chat/completions, POST /v1/embeddings, GET /v1/models, GET /health,"
                    + " GET /metrics and the admin API under /v1/admin (virtual-keys, configs, api-keys, limits, usage,"
                    + " logs); the rest of OpenAI's API under /v1 passes through to OpenAI-format providers.", null,
                    "not_found"));
        }

        @Override
        public void failed(RoutedRequest req, RoutedResponse res, Throwable failure) throws IOException {
            switch (failure) {
                case GatewayException e -> error(req, res, ids, e);
                case ProtocolError e -> {
                    // The rest of the request cannot be trusted (or read): the connection closes after this.
                    res.http().closeConnection();
                    error(req, res, ids, new GatewayException(e.status(), e.status() == 408
                            ? GatewayException.TIMEOUT : GatewayException.INVALID_REQUEST, e.getMessage(), null,
                            e.code()));
                }
                case ConnectionAbort e -> throw e;
                case UncheckedIOException e -> throw e.getCause(); // the client is gone: the connection closes
                case StoreException e -> {
                    LOG.log(Level.ERROR, "store failure on " + req.http().path(), e);
                    error(req, res, ids, new GatewayException(503, GatewayException.SERVER,
                            "The gateway's store is unavailable; the failure is logged. Please retry.", null,
                            "store_unavailable"));
                }
                case RequestException e -> error(req, res, ids, new GatewayException(e.status().code(),
                        GatewayException.INVALID_REQUEST, e.status().code() == 413
                        ? "The request body is too large." : "The request is malformed: " + e.getMessage(),
                        null, null));
                case jakarta.validation.ValidationException e -> error(req, res, ids,
                        GatewayException.invalidRequest("The request is invalid: " + e.getMessage(), null));
                default -> {
                    LOG.log(Level.ERROR, "unexpected failure on " + req.http().path(), failure);
                    error(req, res, ids, GatewayException.internal(
                            "The gateway failed unexpectedly; the failure is logged. Please retry."));
                }
            }
        }

        static void error(io.helidon.webserver.http.ServerRequest req, io.helidon.webserver.http.ServerResponse res,
                          IdGenerator ids, GatewayException e) {
            if (res.isSent()) {
                // A stream under way: no error can follow its head, so it is cut short instead.
                throw new ConnectionAbort("failed after the response started: " + e.getMessage());
            }
            res.status(e.status());
            res.header("x-portkey-trace-id", ChatCompletionsEndpoint.traceId(req, ids));
            for (Map.Entry<String, String> h : e.headers().entrySet()) {
                res.header(h.getKey(), h.getValue());
            }
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(ErrorBodies.json(e));
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
        return cacheStats;
    }

    /** Where the store is (no credentials), for the start-up line. */
    public String storeDescription() {
        return store.describe();
    }

    public boolean adminEnabled() {
        return adminEnabled;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            // Requests are over: what they logged goes to the store before it closes.
            requestLog.close();
            cache.close();
            limitCounters.close();
            store.close();
            observability.close();
        }
    }
}
