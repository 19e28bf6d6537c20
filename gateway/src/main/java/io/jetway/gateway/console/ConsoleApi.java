package io.jetway.gateway.console;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.api.model.ConsoleLoginRequest;
import io.jetway.gateway.admin.AdminAuth;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.requestlog.RequestLog;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.gateway.store.Store;
import io.jetway.server.stub.AdminConsoleService;
import io.jetway.server.stub.ValidatorUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;

/**
 * The console's admin resources (tag {@code AdminConsole}), routed to their classes: the session
 * ({@link SessionResource}), the Traffic page's log and traces ({@link TrafficResource}), the Usage
 * page's series and budgets ({@link UsageResource}). Off (404) without an admin token. Every call but the
 * login passes {@link AdminAuth} (bearer token, or session cookie plus CSRF token for a change) before
 * anything is read; the login reads at most {@link #LOGIN_MAX_BYTES} of body.
 */
public final class ConsoleApi extends AdminConsoleService {

    private static final System.Logger LOG = System.getLogger(ConsoleApi.class.getName());
    static final int LOGIN_MAX_BYTES = 4096;
    private static final ObjectMapper STRICT =
            Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final AdminAuth auth;
    private final RequestParser parser = new RequestParser(STRICT);
    private final SessionResource session;
    private final TrafficResource traffic;
    private final UsageResource usage;

    /**
     * @param requestLog flushed before each read of the log, so that it shows every request that ended
     *                   before on this node (null: nothing to flush)
     */
    public ConsoleApi(
            AdminAuth auth,
            ConsoleSessions sessions,
            ConsoleQueries queries,
            Store store,
            RequestLog requestLog,
            boolean logBodies,
            Clock clock) {
        this.auth = auth;
        Runnable flush = requestLog == null ? () -> {} : requestLog::flush;
        this.traffic = new TrafficResource(queries, flush);
        this.usage = new UsageResource(queries, store, flush, clock);
        // What the Usage page shows for its default range (24 hours), read while the operator looks at
        // Traffic: per provider first (the page's first view), then per model, key and end user, so that
        // switching the grouping does not wait for a first read of the whole day's rows (0.3 s at 100k).
        // Settled buckets then stay in the series cache; one thread, one grouping after the other.
        this.session = new SessionResource(
                auth,
                sessions,
                logBodies,
                () -> Thread.ofVirtual().name("jetway-console-series").start(() -> {
                    for (ConsoleQueries.GroupBy by : ConsoleQueries.GroupBy.values()) {
                        try {
                            usage.defaultSeries(by);
                        } catch (RuntimeException e) {
                            LOG.log(System.Logger.Level.DEBUG, "console: series prefetch failed: {0}", e.toString());
                            return;
                        }
                    }
                }));
    }

    @Override
    public void routing(HttpRules rules) {
        // Before any body is read.
        rules.any((req, res) -> {
            if (!auth.enabled()) {
                throw ConsolePages.off();
            }
            String method = req.prologue().method().text();
            boolean login =
                    "POST".equals(method) && "/session".equals(req.path().path());
            if (!login) {
                auth.check(
                        method,
                        req.headers().first(HeaderNames.AUTHORIZATION).orElse(null),
                        req.headers().first(HeaderNames.COOKIE).orElse(null),
                        req.headers()
                                .first(HeaderNames.create(AdminAuth.CSRF_HEADER))
                                .orElse(null));
            }
            res.next();
        });
        super.routing(rules);
    }

    // --------------------------------------------------------------- session

    @Override
    protected CreateConsoleSessionOp createCreateConsoleSessionOp() {
        return new CreateConsoleSessionOp() {
            @Override
            protected ConsoleLoginRequest consoleLoginRequest(ServerRequest r, ValidatorUtils.Validator v) {
                byte[] raw;
                try (InputStream in = r.content().inputStream()) {
                    raw = in.readNBytes(LOGIN_MAX_BYTES + 1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (raw.length > LOGIN_MAX_BYTES) {
                    throw new GatewayException(
                            413,
                            GatewayException.INVALID_REQUEST,
                            "A login is a small JSON object " + "{\"token\": \"…\"}; this body is larger than "
                                    + LOGIN_MAX_BYTES + " bytes.",
                            null,
                            "request_too_large");
                }
                return parser.parseObject(
                        r.headers().first(HeaderNames.CONTENT_TYPE).orElse(null), raw, ConsoleLoginRequest.class);
            }
        };
    }

    @Override
    protected void handleCreateConsoleSession(
            ServerRequest request, ServerResponse response, ConsoleLoginRequest body) {
        session.login(request, response, body);
    }

    @Override
    protected void handleGetConsoleSession(ServerRequest request, ServerResponse response) {
        session.get(request, response);
    }

    @Override
    protected void handleDeleteConsoleSession(ServerRequest request, ServerResponse response) {
        session.logout(request, response);
    }

    @Override
    protected void handleListConsoleRequests(
            ServerRequest request,
            ServerResponse response,
            Optional<String> provider,
            Optional<String> model,
            Optional<String> statusClass,
            Optional<String> apiKeyId,
            Optional<String> metadataKey,
            Optional<String> metadataValue,
            Optional<Long> from,
            Optional<Long> to,
            Optional<Integer> limit,
            Optional<String> before) {
        traffic.list(
                request,
                response,
                provider,
                model,
                statusClass,
                apiKeyId,
                metadataKey,
                metadataValue,
                from,
                to,
                limit,
                before);
    }

    @Override
    protected void handleGetConsoleRequest(ServerRequest request, ServerResponse response, String id) {
        traffic.trace(response, id);
    }

    @Override
    protected void handleGetConsoleSeries(
            ServerRequest request,
            ServerResponse response,
            Optional<Long> from,
            Optional<Long> to,
            Optional<String> groupBy,
            Optional<Integer> buckets) {
        usage.series(response, from, to, groupBy, buckets);
    }

    @Override
    protected void handleListConsoleBudgets(ServerRequest request, ServerResponse response) {
        usage.budgets(response);
    }
}
