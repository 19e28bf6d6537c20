package io.jetway.gateway.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.api.model.ConsoleLogout;
import io.jetway.api.model.ConsoleBudget;
import io.jetway.api.model.ConsoleBudgetList;
import io.jetway.api.model.ConsoleLoginRequest;
import io.jetway.api.model.ConsoleSeries;
import io.jetway.api.model.ConsoleSession;
import io.jetway.api.model.ConsoleTrace;
import io.jetway.api.model.RequestLogList;
import io.jetway.gateway.admin.AdminAuth;
import io.jetway.gateway.admin.LimitsAdmin;
import io.jetway.gateway.admin.RequestLogsAdmin;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.requestlog.RequestLog;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.gateway.store.RequestLogEntry;
import io.jetway.gateway.store.Store;
import io.jetway.gateway.store.StoredLimits;
import io.jetway.server.stub.AdminConsoleService;
import io.jetway.server.stub.ValidatorUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The console's admin resources (tag {@code AdminConsole}): its session, the Traffic page's log and
 * traces, the Usage page's series and budgets. Off (404) without an admin token. Every call but the
 * login passes {@link AdminAuth} (bearer token, or session cookie plus CSRF token for a change) before
 * anything is read; the login reads at most {@link #LOGIN_MAX_BYTES} of body.
 */
public final class ConsoleApi extends AdminConsoleService {

    private static final System.Logger LOG = System.getLogger(ConsoleApi.class.getName());
    static final int LOGIN_MAX_BYTES = 4096;
    static final int DEFAULT_PAGE = 50;
    static final int DEFAULT_BUCKETS = 24;
    static final List<String> REQUEST_PARAMETERS = List.of("provider", "model", "status_class", "api_key_id",
            "metadata_key", "metadata_value", "from", "to", "limit", "before");
    private static final ObjectMapper STRICT = Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final AdminAuth auth;
    private final ConsoleSessions sessions;
    private final ConsoleQueries queries;
    private final Store store;
    private final RequestLog requestLog;
    private final boolean logBodies;
    private final Clock clock;
    private final RequestParser parser = new RequestParser(STRICT);
    private final SeriesCache seriesCache;

    /**
     * @param requestLog flushed before each read of the log, so that it shows every request that ended
     *                   before on this node (null: nothing to flush)
     */
    public ConsoleApi(AdminAuth auth, ConsoleSessions sessions, ConsoleQueries queries, Store store,
                      RequestLog requestLog, boolean logBodies, Clock clock) {
        this.auth = auth;
        this.sessions = sessions;
        this.queries = queries;
        this.store = store;
        this.requestLog = requestLog;
        this.logBodies = logBodies;
        this.clock = clock;
        this.seriesCache = new SeriesCache(queries, clock);
    }

    @Override
    public void routing(HttpRules rules) {
        // Before any body is read.
        rules.any((req, res) -> {
            if (!auth.enabled()) {
                throw ConsolePages.off();
            }
            String method = req.prologue().method().text();
            boolean login = "POST".equals(method) && "/session".equals(req.path().path());
            if (!login) {
                auth.check(method, req.headers().first(HeaderNames.AUTHORIZATION).orElse(null),
                        req.headers().first(HeaderNames.COOKIE).orElse(null),
                        req.headers().first(HeaderNames.create(AdminAuth.CSRF_HEADER)).orElse(null));
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
                    throw new GatewayException(413, GatewayException.INVALID_REQUEST, "A login is a small JSON object "
                            + "{\"token\": \"…\"}; this body is larger than " + LOGIN_MAX_BYTES + " bytes.", null,
                            "request_too_large");
                }
                return parser.parseObject(r.headers().first(HeaderNames.CONTENT_TYPE).orElse(null), raw,
                        ConsoleLoginRequest.class);
            }
        };
    }

    @Override
    protected void handleCreateConsoleSession(ServerRequest request, ServerResponse response, ConsoleLoginRequest body) {
        if (!auth.matches(body.getToken())) {
            throw new GatewayException(401, GatewayException.AUTHENTICATION, "The admin token is not valid.", "token",
                    "invalid_admin_token");
        }
        ConsoleSessions.Session s = sessions.create();
        response.header(HeaderNames.SET_COOKIE, ConsoleSessions.setCookie(s, tls(request)));
        send(response, session(s));
        // What the Usage page first shows (24 hours per provider), read while the operator looks at Traffic.
        Thread.ofVirtual().name("jetway-console-series").start(() -> {
            try {
                defaultSeries(ConsoleQueries.GroupBy.PROVIDER);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "console: series prefetch failed: {0}", e.toString());
            }
        });
    }

    @Override
    protected void handleGetConsoleSession(ServerRequest request, ServerResponse response) {
        send(response, session(current(request)));
    }

    @Override
    protected void handleDeleteConsoleSession(ServerRequest request, ServerResponse response) {
        sessions.find(request.headers().first(HeaderNames.COOKIE).orElse(null)).ifPresent(sessions::end);
        response.header(HeaderNames.SET_COOKIE, ConsoleSessions.clearCookie(tls(request)));
        send(response, new ConsoleLogout()._object(ConsoleLogout.ObjectEnum.CONSOLE_LOGOUT).loggedOut(true));
    }

    private ConsoleSessions.Session current(ServerRequest request) {
        return sessions.find(request.headers().first(HeaderNames.COOKIE).orElse(null)).orElseThrow(() ->
                new GatewayException(401, GatewayException.AUTHENTICATION, "No console session: log in at /console.",
                        null, "console_session_expired"));
    }

    private ConsoleSession session(ConsoleSessions.Session s) {
        return new ConsoleSession()._object(ConsoleSession.ObjectEnum.CONSOLE_SESSION).csrfToken(s.csrfToken())
                .expiresAt(s.expiresAt().toEpochMilli()).logBodies(logBodies);
    }

    /**
     * Whether the browser came over TLS. The gateway itself speaks plain HTTP, so TLS is a proxy's in
     * front of it, which says so in {@code X-Forwarded-Proto}; a client that sends it itself only gets
     * a stricter cookie.
     */
    private static boolean tls(ServerRequest request) {
        return request.headers().first(HeaderNames.X_FORWARDED_PROTO).map(p -> p.strip().equalsIgnoreCase("https"))
                .orElse(false);
    }

    // --------------------------------------------------------------- traffic

    @Override
    protected void handleListConsoleRequests(ServerRequest request, ServerResponse response, Optional<String> provider,
                                             Optional<String> model, Optional<String> statusClass,
                                             Optional<String> apiKeyId, Optional<String> metadataKey,
                                             Optional<String> metadataValue, Optional<Long> from, Optional<Long> to,
                                             Optional<Integer> limit, Optional<String> before) {
        for (String name : request.query().names()) {
            if (!REQUEST_PARAMETERS.contains(name)) {
                throw GatewayException.invalidRequest(name + " is not a parameter of this query; the parameters are "
                        + String.join(", ", REQUEST_PARAMETERS) + ".", name);
            }
            if (request.query().all(name).size() > 1) {
                throw GatewayException.invalidRequest(name + " is given more than once.", name);
            }
        }
        if (metadataValue.isPresent() && metadataKey.isEmpty()) {
            throw GatewayException.invalidRequest("metadata_value needs metadata_key.", "metadata_value");
        }
        if (from.isPresent() && to.isPresent() && from.get() >= to.get()) {
            throw GatewayException.invalidRequest("to must be after from (to is exclusive).", "to");
        }
        if (before.isPresent() && !before.get().isBlank() && !RequestLog.isId(before.get())) {
            throw GatewayException.invalidRequest("before must be the next_cursor of a previous page.", "before");
        }
        int pageSize = limit.orElse(DEFAULT_PAGE);
        flush();
        ConsoleQueries.Filter filter = new ConsoleQueries.Filter(blank(provider), blank(model),
                statusClass.map(c -> c.charAt(0) - '0').orElse(null), blank(apiKeyId), blank(metadataKey),
                metadataValue.orElse(null), from.map(Instant::ofEpochMilli).orElse(null),
                to.map(Instant::ofEpochMilli).orElse(null));
        // One more than the page: whether there is a next page, without a count.
        List<RequestLogEntry> rows = queries.page(filter, before.filter(b -> !b.isBlank()).orElse(null), pageSize + 1);
        RequestLogList page = new RequestLogList()._object(RequestLogList.ObjectEnum.LIST).data(new ArrayList<>());
        rows.stream().limit(pageSize).forEach(e -> page.addDataItem(RequestLogsAdmin.view(e)));
        if (rows.size() > pageSize) {
            page.setNextCursor(rows.get(pageSize - 1).id());
        }
        send(response, page);
    }

    private static String blank(Optional<String> value) {
        return value.map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
    }

    @Override
    protected void handleGetConsoleRequest(ServerRequest request, ServerResponse response, String id) {
        flush();
        RequestLogEntry e = queries.entry(id).orElseThrow(() -> new GatewayException(404, GatewayException.NOT_FOUND,
                "No request in the log has the id '" + printable(id) + "'.", "id", "request_not_found"));
        ConsoleTrace trace = new ConsoleTrace()._object(ConsoleTrace.ObjectEnum.CONSOLE_TRACE)
                .entry(RequestLogsAdmin.view(e)).attempts(attempts(e))
                .fallback(attempts(e) > 1 && notFirst(e.targetPath())).related(new ArrayList<>());
        if (e.traceId() != null) {
            queries.sameTrace(e.traceId(), e.id(), 50).forEach(r -> trace.addRelatedItem(RequestLogsAdmin.view(r)));
        }
        send(response, trace);
    }

    /** Upstream attempts: none for a cache hit or a request refused before any provider was called. */
    static int attempts(RequestLogEntry e) {
        boolean cached = e.cacheStatus() != null && e.cacheStatus().toUpperCase(Locale.ROOT).startsWith("HIT");
        if (cached || "none".equals(e.provider())) {
            return 0;
        }
        return e.retries() + 1;
    }

    /**
     * Whether a target path ({@code config.targets[1].targets[0]}) names a target other than the first of
     * its strategy somewhere.
     */
    static boolean notFirst(String targetPath) {
        if (targetPath == null) {
            return false;
        }
        int i = targetPath.indexOf('[');
        while (i >= 0) {
            int end = targetPath.indexOf(']', i);
            if (end < 0) {
                return false;
            }
            if (!targetPath.substring(i + 1, end).strip().equals("0")) {
                return true;
            }
            i = targetPath.indexOf('[', end);
        }
        return false;
    }

    private static String printable(String s) {
        String t = s.length() <= 100 ? s : s.substring(0, 100) + "…";
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    // ----------------------------------------------------------------- usage

    @Override
    protected void handleGetConsoleSeries(ServerRequest request, ServerResponse response, Optional<Long> from,
                                          Optional<Long> to, Optional<String> groupBy, Optional<Integer> buckets) {
        int n = buckets.orElse(DEFAULT_BUCKETS);
        long start;
        long end;
        long bucketMs;
        if (from.isEmpty() && to.isEmpty()) {
            bucketMs = defaultBucketMs(n);
            end = defaultEnd(bucketMs);
            start = end - n * bucketMs;
        } else {
            end = to.orElse(clock.millis());
            start = from.orElse(end - Duration.ofHours(24).toMillis());
            if (start >= end) {
                throw GatewayException.invalidRequest("to must be after from (to is exclusive).", "to");
            }
            bucketMs = Math.max(1, (end - start + n - 1) / n);
        }
        ConsoleQueries.GroupBy by = switch (groupBy.orElse("provider")) {
            case "model" -> ConsoleQueries.GroupBy.MODEL;
            case "api_key" -> ConsoleQueries.GroupBy.API_KEY;
            case "user" -> ConsoleQueries.GroupBy.USER;
            case "provider" -> ConsoleQueries.GroupBy.PROVIDER;
            default -> throw GatewayException.invalidRequest("group_by must be provider, model, api_key or user.",
                    "group_by");
        };
        flush();

        send(response, new ConsoleSeries()._object(ConsoleSeries.ObjectEnum.CONSOLE_SERIES).from(start).to(end)
                .bucketMs(bucketMs).groupBy(groupBy.orElse("provider"))
                .series(SeriesJson.groups(seriesCache.buckets(by, start, bucketMs, n))));
    }

    /** The last 24 hours in {@code n} whole buckets since the epoch (so that they can be kept: SeriesCache). */
    private static long defaultBucketMs(int n) {
        return Math.max(1, (Duration.ofHours(24).toMillis() + n - 1) / n);
    }

    private long defaultEnd(long bucketMs) {
        return Math.ceilDiv(clock.millis() + 1, bucketMs) * bucketMs;
    }

    private void defaultSeries(ConsoleQueries.GroupBy by) {
        long bucketMs = defaultBucketMs(DEFAULT_BUCKETS);
        seriesCache.buckets(by, defaultEnd(bucketMs) - DEFAULT_BUCKETS * bucketMs, bucketMs, DEFAULT_BUCKETS);
    }

    @Override
    protected void handleListConsoleBudgets(ServerRequest request, ServerResponse response) {
        flush();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Instant dayStart = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant monthStart = today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        ConsoleBudgetList list = new ConsoleBudgetList()._object(ConsoleBudgetList.ObjectEnum.LIST).data(new ArrayList<>());
        for (StoredLimits l : store.allLimits()) {
            ConsoleBudget b = new ConsoleBudget()._object(ConsoleBudget.ObjectEnum.CONSOLE_BUDGET)
                    .limits(LimitsAdmin.view(l));
            BigDecimal day = null;
            BigDecimal month = null;
            switch (l.scope()) {
                case API_KEY -> {
                    day = queries.spentByApiKey(l.subject(), dayStart);
                    month = queries.spentByApiKey(l.subject(), monthStart);
                }
                case USER -> {
                    if (!"*".equals(l.subject())) {
                        day = queries.spentByUser(l.subject(), dayStart);
                        month = queries.spentByUser(l.subject(), monthStart);
                    }
                }
                case VIRTUAL_KEY -> {
                    // The log does not name the virtual key a request used.
                }
            }
            if (day != null) {
                b.spentTodayUsd(day).spentMonthUsd(month);
                if (l.limits().dailyBudgetUsd() != null) {
                    b.dailyLeftUsd(l.limits().dailyBudgetUsd().subtract(day).max(BigDecimal.ZERO));
                }
                if (l.limits().monthlyBudgetUsd() != null) {
                    b.monthlyLeftUsd(l.limits().monthlyBudgetUsd().subtract(month).max(BigDecimal.ZERO));
                }
            }
            list.addDataItem(b);
        }
        send(response, list);
    }

    private void flush() {
        if (requestLog != null) {
            requestLog.flush();
        }
    }

    /** Sends one of the spec's models. */
    private static void send(ServerResponse response, Object model) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a console answer does not serialise: " + e.getOriginalMessage(), e);
        }
        response.status(200);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(bytes);
    }
}
