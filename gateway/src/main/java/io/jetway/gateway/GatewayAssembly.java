package io.jetway.gateway;

import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.gateway.admin.AdminAuth;
import io.jetway.gateway.admin.AdminEndpoint;
import io.jetway.gateway.admin.AdminPricesEndpoint;
import io.jetway.gateway.cache.CacheOwner;
import io.jetway.gateway.cache.CacheStats;
import io.jetway.gateway.cache.InProcessResponseCache;
import io.jetway.gateway.cache.RedisResponseCache;
import io.jetway.gateway.cache.ResponseCache;
import io.jetway.gateway.console.Console;
import io.jetway.gateway.console.ConsoleSessions;
import io.jetway.gateway.core.Effects;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.limits.Counters;
import io.jetway.gateway.limits.EnvKeyLimitLookups;
import io.jetway.gateway.limits.InProcessCounters;
import io.jetway.gateway.limits.Limiter;
import io.jetway.gateway.limits.LimitsInterceptor;
import io.jetway.gateway.limits.RedisCounters;
import io.jetway.gateway.limits.TargetLimitsInterceptor;
import io.jetway.gateway.observability.MetricsEndpoint;
import io.jetway.gateway.observability.Observability;
import io.jetway.gateway.pipeline.GatewayAuth;
import io.jetway.gateway.pipeline.PassthroughTargets;
import io.jetway.gateway.pipeline.Pipeline;
import io.jetway.gateway.provider.ProviderRegistry;
import io.jetway.gateway.provider.Providers;
import io.jetway.gateway.requestlog.RequestLog;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.gateway.server.ChatCompletionsEndpoint;
import io.jetway.gateway.server.GatewayServer;
import io.jetway.gateway.server.PassthroughEndpoint;
import io.jetway.gateway.server.ResponseWriter;
import io.jetway.gateway.store.CachedLookups;
import io.jetway.gateway.store.DatabaseUrl;
import io.jetway.gateway.store.JdbcStore;
import io.jetway.gateway.store.MasterKey;
import io.jetway.gateway.store.PriceOverrideRepository;
import io.jetway.gateway.store.SecretBox;
import io.jetway.gateway.store.Store;
import io.jetway.gateway.upstream.CustomHostPolicy;
import io.jetway.gateway.upstream.Http1UpstreamClient;
import io.jetway.gateway.upstream.UpstreamClient;
import io.jetway.gateway.usage.LivePrices;
import io.jetway.gateway.usage.Prices;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The gateway's wiring, all of it: every long-lived object of a running gateway is built here,
 * from the settings, and nowhere else. The order:
 *
 * <ol>
 *   <li><b>Background starts</b>: the store opens on a thread of its own (master key, connect,
 *       migrate the schema, check the master key), and so does the request parser's warm-up
 *       ({@link #warmUp}, if {@code Main} did not begin it already); they are the slow parts of a
 *       start and need nothing else built here.</li>
 *   <li><b>Providers and the upstream client</b>: the custom-host policy, the provider registry and
 *       the HTTP/1.1 client (its deadline watcher and reaper end when it is closed); they need only
 *       the settings.</li>
 *   <li><b>The store</b>, awaited: everything after reads through it. Its failure fails the start
 *       first (before a failure of anything built meanwhile), as when it opened first.</li>
 *   <li><b>Caches and stores of record</b>: the response cache (in process, or Redis), the
 *       short-TTL lookups of virtual keys, configs and API keys, the request log writer.</li>
 *   <li><b>Limits</b>: counters (in process, or Redis), the limiter and prices.</li>
 *   <li><b>The pipeline</b>, from all of the above.</li>
 *   <li><b>Endpoints</b>: chat (with embeddings and models), the admin API, metrics and the
 *       passthrough; the parser warm-up is awaited here, by the chat endpoint that uses it.</li>
 *   <li><b>The server</b>: {@link GatewayServer#serve} routes the endpoints and listens.</li>
 * </ol>
 *
 * <p>What is opened is closed in reverse order when a later step fails; once serving, the
 * {@link GatewayServer} owns it all (and the observability given) and closes it.
 */
public final class GatewayAssembly {

    private static final System.Logger LOG = System.getLogger(GatewayAssembly.class.getName());

    /** A parser warm-up begun by {@link #warmUp}, taken by the next {@link #start}. */
    private static final AtomicReference<FutureTask<RequestParser>> EARLY_PARSER = new AtomicReference<>();

    private static final AtomicBoolean LIBRARIES_WARMED_UP = new AtomicBoolean();

    /** The usual first request: a system and a user message. */
    private static final byte[] WARM_UP_REQUEST = """
            {"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant."},\
            {"role":"user","content":"Hello!"}],"max_tokens":64}""".getBytes(StandardCharsets.UTF_8);

    private final GatewaySettings settings;
    private final Effects effects;
    private final Observability observability;
    private final SecureRandom random = new SecureRandom();
    /** Opened so far, closed in reverse order if the start fails. */
    private final List<AutoCloseable> opened = new ArrayList<>();

    private GatewayAssembly(GatewaySettings settings, Effects effects, Observability observability) {
        this.settings = settings;
        this.effects = effects;
        this.observability = observability;
    }

    /**
     * Assembles the gateway and serves it; the server then owns {@code observability} (closed
     * with it).
     *
     * @throws IllegalStateException or IllegalArgumentException when the settings are unusable (the
     *                               message says what to fix); {@link java.io.UncheckedIOException}
     *                               when the port cannot be listened on
     */
    public static GatewayServer start(GatewaySettings settings, Effects effects, Observability observability) {
        return new GatewayAssembly(settings, effects, observability).start();
    }

    private GatewayServer start() {
        // 1. The slow parts, in the background.
        DatabaseUrl db = DatabaseUrl.parse(settings.databaseUrl());
        AtomicReference<byte[]> masterKey = new AtomicReference<>();
        FutureTask<Store> opening = background("jetway-store-open", () -> {
            masterKey.set(MasterKey.resolve(settings.masterKey(), db, random));
            return JdbcStore.open(db, new SecretBox(masterKey.get(), random), effects.clock());
        });
        FutureTask<RequestParser> parsing = EARLY_PARSER.getAndSet(null);
        if (parsing == null) {
            parsing = background("jetway-parser-warm-up", GatewayAssembly::warmParser);
        }
        warmUpLibraries();
        Store store = null;
        try {
            // 2. Providers and the upstream client.
            CustomHostPolicy hosts = CustomHostPolicy.fromEnv(settings.trustedCustomHosts());
            ProviderRegistry providers = Providers.defaults(hosts, effects.clock());
            UpstreamClient upstream = Http1UpstreamClient.forSystem(settings.connectTimeout());
            opened.add(upstream);
            // 3. The store.
            store = await(opening);
            opened.add(store);
            return assemble(store, CacheOwner.fromMasterKey(masterKey.get()), hosts, providers, upstream, parsing);
        } catch (RuntimeException | Error e) {
            if (store == null) {
                // Failed before the store was at hand: its own failure came first before, so it still wins.
                try {
                    opened.add(await(opening));
                } catch (RuntimeException | Error storeFailure) {
                    closeOpened(storeFailure);
                    throw storeFailure;
                }
            }
            closeOpened(e);
            throw e;
        }
    }

    private GatewayServer assemble(
            Store store,
            CacheOwner cacheOwner,
            CustomHostPolicy hosts,
            ProviderRegistry providers,
            UpstreamClient upstream,
            FutureTask<RequestParser> parser) {
        // 4. Caches and the request log.
        ResponseCache cache = settings.redisUrl() == null
                ? new InProcessResponseCache(settings.cacheMaxBytes(), effects.clock())
                : RedisResponseCache.connect(settings.redisUrl(), settings.redisTimeout(), effects.clock());
        opened.add(cache);
        CacheStats cacheStats = new CacheStats();
        CachedLookups lookups = new CachedLookups(store, effects.clock(), CachedLookups.DEFAULT_TTL);
        RequestLog requestLog = RequestLog.start(store::appendRequestLogs, observability.registry(), effects.clock());
        opened.add(requestLog);
        observability.logRequests(requestLog, settings.logBodies());

        // 5. Limits.
        Counters limitCounters = settings.redisUrl() == null
                ? new InProcessCounters(effects.clock())
                : new RedisCounters(
                        settings.redisUrl(),
                        settings.redisTimeout(),
                        settings.limitsFailClosed(),
                        observability.registry().counter("jetway.limit.redis.failures")::increment,
                        effects.clock());
        opened.add(limitCounters);
        Limiter limiter = new Limiter(limitCounters, effects.clock());
        // Prices: the shipped table, the operator's file over it, the admin API's overrides over both.
        PriceOverrideRepository priceOverrides =
                store instanceof JdbcStore jdbc ? new PriceOverrideRepository(jdbc, effects.clock()) : null;
        LivePrices prices = new LivePrices(
                Prices.load(settings.pricesFile() == null ? null : Path.of(settings.pricesFile())),
                priceOverrides == null ? List::of : priceOverrides::prices,
                effects.clock(),
                CachedLookups.DEFAULT_TTL);
        LimitsInterceptor limits = new LimitsInterceptor(
                new EnvKeyLimitLookups(settings.gatewayApiKeys()::idOf, lookups), limiter, prices);

        // 6. The pipeline.
        Pipeline pipeline = Pipeline.standard(
                providers,
                hosts,
                lookups,
                lookups.storedConfigs(),
                upstream,
                settings.upstreamTimeout(),
                cache,
                cacheOwner,
                cacheStats,
                effects,
                observability,
                limits,
                new TargetLimitsInterceptor(lookups, limiter, prices));

        // 7. Endpoints.
        Consumer<String> authRefused = code -> observability
                .registry()
                .counter("jetway.auth.failures", "code", code)
                .increment();
        GatewayAuth gatewayAuth = new GatewayAuth(settings.gatewayApiKeys().keys(), lookups);
        // The system's sleeper, in tests too: the pause before a broken stream's cut is network timing for
        // clients (the JDK's HttpClient drops bytes that arrive together with a close), not gateway logic.
        ResponseWriter writer = new ResponseWriter(Effects.system().sleeper());
        ChatCompletionsEndpoint chat = new ChatCompletionsEndpoint(
                gatewayAuth, authRefused, await(parser), pipeline, writer, effects.ids(), effects.clock());
        ConsoleSessions consoleSessions = new ConsoleSessions(effects.clock(), random);
        AdminAuth adminAuth = new AdminAuth(settings.adminToken(), consoleSessions);
        AdminEndpoint admin = new AdminEndpoint(
                adminAuth,
                store,
                lookups,
                providers,
                random,
                requestLog,
                effects.clock(),
                settings.gatewayApiKeys()::hasId);
        java.util.Map<String, io.helidon.webserver.http.HttpService> more = new java.util.LinkedHashMap<>();
        if (priceOverrides != null) {
            more.put("/v1/admin/prices", new AdminPricesEndpoint(adminAuth, priceOverrides, prices, providers));
        }
        // The web console: its resources before the admin API (whose authentication covers all of /v1/admin).
        // The store is a JdbcStore (opened above); the console reads the request log through its pool.
        Console console = Console.create(
                adminAuth,
                consoleSessions,
                ((JdbcStore) store).dataSource(),
                store,
                requestLog,
                settings.logBodies(),
                effects.clock());
        more.put("/v1/admin/console", console.api());
        more.put("/console", console.pages());
        MetricsEndpoint metrics = new MetricsEndpoint(observability.registry());
        PassthroughEndpoint passthrough = new PassthroughEndpoint(
                gatewayAuth,
                authRefused,
                new PassthroughTargets(providers, hosts, lookups),
                upstream,
                settings.upstreamTimeout(),
                requestLog,
                observability.registry(),
                effects.ids(),
                effects.clock(),
                limits);
        LOG.log(
                Level.INFO,
                "store: " + store.describe() + "; admin API "
                        + (adminAuth.enabled() ? "enabled" : "disabled (set JETWAY_ADMIN_TOKEN to enable it)"));

        // 8. The server. Once it serves, it closes (in this order) what the requests use.
        GatewayServer server = GatewayServer.serve(
                settings.host(),
                settings.port(),
                settings.serverLimits(),
                new GatewayServer.Endpoints(chat, admin, metrics, passthrough, more),
                effects.ids(),
                new GatewayServer.Status(store.describe(), adminAuth.enabled(), cacheStats),
                // Requests are over: what they logged goes to the store before it closes.
                List.of(requestLog, cache, limitCounters, upstream, store, observability));
        LOG.log(Level.INFO, "response cache: {0}", cache.name());
        return server;
    }

    private void closeOpened(Throwable failure) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
        opened.clear();
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
            EARLY_PARSER.set(background("jetway-parser-warm-up", GatewayAssembly::warmParser));
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
}
