package io.jetway.gateway.admin;

import static io.jetway.gateway.admin.AdminAnswers.send;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.api.model.RequestLogList;
import io.jetway.api.model.RequestLogRecord;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.ProviderRegistry;
import io.jetway.gateway.requestlog.RequestLog;
import io.jetway.gateway.store.RequestLogEntry;
import io.jetway.gateway.store.RequestLogQuery;
import io.jetway.gateway.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v1/admin/logs}: the request log, newest first, a page at a time. Each query parameter
 * is checked here ({@code param}: its name), since the generated parsers let a malformed number
 * through as a 500 and a malformed string through as an empty page.
 */
public final class RequestLogsAdmin {

    /** Entries per page when {@code limit} is absent. */
    static final int DEFAULT_LOG_LIMIT = 50;

    /** The query parameters of {@code GET /v1/admin/logs}; any other is a 400 (a misspelt filter must not be ignored). */
    static final List<String> LOG_PARAMETERS = List.of(
            "trace_id",
            "provider",
            "status",
            "status_class",
            "metadata_key",
            "metadata_value",
            "from",
            "to",
            "limit",
            "before");
    /** The provider of entries answered before a provider was chosen. */
    private static final String NO_PROVIDER = "none";

    private final Store store;
    private final ProviderRegistry providers;
    private final RequestLog requestLog;

    /** @param requestLog flushed before each query (null: nothing to flush) */
    RequestLogsAdmin(Store store, ProviderRegistry providers, RequestLog requestLog) {
        this.store = store;
        this.providers = providers;
        this.requestLog = requestLog;
    }

    // ------------------------------------------------------------ parameters

    Optional<String> traceId(ServerRequest r) {
        return query(r, "trace_id").map(s -> {
            if (s.isEmpty() || s.length() > 256) {
                throw GatewayException.invalidRequest("trace_id must be 1 to 256 characters.", "trace_id");
            }
            return s;
        });
    }

    Optional<String> provider(ServerRequest r) {
        return query(r, "provider").map(s -> {
            if (!providers.ids().contains(s) && !s.equals(NO_PROVIDER)) {
                throw GatewayException.invalidRequest(
                        "provider must be a provider id ("
                                + String.join(
                                        ", ", providers.ids().stream().sorted().toList()) + ") or " + NO_PROVIDER
                                + " (requests refused before one was chosen).",
                        "provider");
            }
            return s;
        });
    }

    Optional<String> metadataKey(ServerRequest r) {
        return query(r, "metadata_key").map(s -> {
            if (s.isEmpty()) {
                throw GatewayException.invalidRequest("metadata_key must not be empty.", "metadata_key");
            }
            return s;
        });
    }

    Optional<String> before(ServerRequest r) {
        return query(r, "before").map(s -> {
            if (!RequestLog.isId(s)) {
                throw GatewayException.invalidRequest(
                        "before must be the next_cursor of a previous page " + "(a log entry id such as log_…).",
                        "before");
            }
            return s;
        });
    }

    Optional<Integer> status(ServerRequest r) {
        return query(r, "status").map(s -> (int) number("status", s, 100, 599));
    }

    Optional<String> statusClass(ServerRequest r) {
        return query(r, "status_class").map(s -> {
            if (!s.matches("[1-5]xx")) {
                throw GatewayException.invalidRequest(
                        "status_class must be one of 1xx, 2xx, 3xx, 4xx, 5xx.", "status_class");
            }
            return s;
        });
    }

    Optional<Long> from(ServerRequest r) {
        return query(r, "from").map(s -> number("from", s, 0, Long.MAX_VALUE));
    }

    Optional<Long> to(ServerRequest r) {
        return query(r, "to").map(s -> number("to", s, 0, Long.MAX_VALUE));
    }

    Optional<Integer> limit(ServerRequest r) {
        return query(r, "limit").map(s -> (int) number("limit", s, 1, 200));
    }

    private static Optional<String> query(ServerRequest r, String name) {
        return r.query().first(name).asOptional();
    }

    private static long number(String name, String value, long min, long max) {
        try {
            long n = Long.parseLong(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw GatewayException.invalidRequest(name + " must be an integer between " + min + " and " + max + ".", name);
    }

    // ----------------------------------------------------------------- query

    /** The filters, each already checked by the parameter methods above. */
    record Filters(
            Optional<String> traceId,
            Optional<String> provider,
            Optional<Integer> status,
            Optional<String> statusClass,
            Optional<String> metadataKey,
            Optional<String> metadataValue,
            Optional<Long> from,
            Optional<Long> to,
            Optional<Integer> limit,
            Optional<String> before) {}

    void list(ServerRequest request, ServerResponse response, Filters f) {
        for (String name : request.query().names()) {
            if (!LOG_PARAMETERS.contains(name)) {
                throw GatewayException.invalidRequest(
                        name + " is not a parameter of this query; the parameters are "
                                + String.join(", ", LOG_PARAMETERS) + ".",
                        name);
            }
            if (request.query().all(name).size() > 1) {
                throw GatewayException.invalidRequest(name + " is given more than once.", name);
            }
        }
        if (f.metadataValue().isPresent() && f.metadataKey().isEmpty()) {
            throw GatewayException.invalidRequest("metadata_value needs metadata_key.", "metadata_value");
        }
        if (f.from().isPresent() && f.to().isPresent() && f.from().get() >= f.to().get()) {
            throw GatewayException.invalidRequest("to must be after from (to is exclusive).", "to");
        }
        int pageSize = f.limit().orElse(DEFAULT_LOG_LIMIT);
        if (requestLog != null) {
            requestLog.flush();
        }
        // One more than the page: whether there is a next page, without a count.
        List<RequestLogEntry> rows = store.requestLogs(new RequestLogQuery(
                f.traceId().orElse(null),
                f.provider().orElse(null),
                f.status().orElse(null),
                f.statusClass().map(c -> c.charAt(0) - '0').orElse(null),
                f.metadataKey().orElse(null),
                f.metadataValue().orElse(null),
                f.from().map(Instant::ofEpochMilli).orElse(null),
                f.to().map(Instant::ofEpochMilli).orElse(null),
                f.before().orElse(null),
                pageSize + 1));
        RequestLogList page =
                new RequestLogList()._object(RequestLogList.ObjectEnum.LIST).data(new ArrayList<>());
        rows.stream().limit(pageSize).forEach(e -> page.addDataItem(view(e)));
        if (rows.size() > pageSize) {
            page.setNextCursor(rows.get(pageSize - 1).id());
        }
        send(response, 200, page);
    }

    /** A log entry as the spec's {@code RequestLogRecord} (the console answers it too). */
    public static RequestLogRecord view(RequestLogEntry e) {
        return new RequestLogRecord()
                        .id(e.id())
                        ._object(RequestLogRecord.ObjectEnum.REQUEST_LOG)
                        .createdAt(e.createdAt().toEpochMilli())
                        .traceId(e.traceId())
                        .spanId(e.spanId())
                        .parentSpanId(e.parentSpanId())
                        .spanName(e.spanName())
                        .metadata(new LinkedHashMap<>(e.metadata()))
                        .provider(e.provider())
                        .model(e.model())
                        .targetPath(e.targetPath())
                        .stream(e.stream())
                        .status(e.status())
                        .retries(e.retries())
                        .cacheStatus(e.cacheStatus())
                        .promptTokens(e.inputTokens())
                        .completionTokens(e.outputTokens())
                        .firstByteMs(e.firstByteMs())
                        .totalMs(e.totalMs())
                        .error(e.error())
                        .requestBody(e.requestBody())
                        .responseBody(e.responseBody())
                        .bodiesTruncated(e.bodiesTruncated())
                        .costUsd(e.costUsd())
                        .apiKeyId(e.apiKeyId());
    }
}
