package io.jetway.gateway.console;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.api.model.ConsoleTrace;
import io.jetway.api.model.RequestLogList;
import io.jetway.gateway.admin.RequestLogsAdmin;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.requestlog.RequestLog;
import io.jetway.gateway.store.RequestLogEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Traffic page's resources: the request log filtered and paged by cursor ({@link ConsoleQueries#page}),
 * and one request's trace: the entry with its bodies, its attempts, whether a fallback answered, and the
 * other requests of its trace id.
 */
final class TrafficResource {

    static final int DEFAULT_PAGE = 50;
    static final List<String> REQUEST_PARAMETERS = List.of(
            "provider",
            "model",
            "status_class",
            "api_key_id",
            "metadata_key",
            "metadata_value",
            "from",
            "to",
            "limit",
            "before");

    private final ConsoleQueries queries;
    private final Runnable flush;

    /** @param flush makes the log hold every request that ended before on this node */
    TrafficResource(ConsoleQueries queries, Runnable flush) {
        this.queries = queries;
        this.flush = flush;
    }

    /** {@code GET /v1/admin/console/requests}: one page of the log, newest first, without bodies. */
    void list(
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
        for (String name : request.query().names()) {
            if (!REQUEST_PARAMETERS.contains(name)) {
                throw GatewayException.invalidRequest(
                        name + " is not a parameter of this query; the parameters are "
                                + String.join(", ", REQUEST_PARAMETERS) + ".",
                        name);
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
        flush.run();
        ConsoleQueries.Filter filter = new ConsoleQueries.Filter(
                blank(provider),
                blank(model),
                statusClass.map(c -> c.charAt(0) - '0').orElse(null),
                blank(apiKeyId),
                blank(metadataKey),
                metadataValue.orElse(null),
                from.map(Instant::ofEpochMilli).orElse(null),
                to.map(Instant::ofEpochMilli).orElse(null));
        // One more than the page: whether there is a next page, without a count.
        List<RequestLogEntry> rows =
                queries.page(filter, before.filter(b -> !b.isBlank()).orElse(null), pageSize + 1);
        RequestLogList page =
                new RequestLogList()._object(RequestLogList.ObjectEnum.LIST).data(new ArrayList<>());
        rows.stream().limit(pageSize).forEach(e -> page.addDataItem(RequestLogsAdmin.view(e)));
        if (rows.size() > pageSize) {
            page.setNextCursor(rows.get(pageSize - 1).id());
        }
        ConsoleAnswers.send(response, page);
    }

    private static String blank(Optional<String> value) {
        return value.map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
    }

    /** {@code GET /v1/admin/console/requests/{id}}: one request's trace. */
    void trace(ServerResponse response, String id) {
        flush.run();
        RequestLogEntry e = queries.entry(id)
                .orElseThrow(() -> new GatewayException(
                        404,
                        GatewayException.NOT_FOUND,
                        "No request in the log has the id '" + printable(id) + "'.",
                        "id",
                        "request_not_found"));
        ConsoleTrace trace = new ConsoleTrace()
                ._object(ConsoleTrace.ObjectEnum.CONSOLE_TRACE)
                .entry(RequestLogsAdmin.view(e))
                .attempts(attempts(e))
                .fallback(attempts(e) > 1 && notFirst(e.targetPath()))
                .related(new ArrayList<>());
        if (e.traceId() != null) {
            queries.sameTrace(e.traceId(), e.id(), 50).forEach(r -> trace.addRelatedItem(RequestLogsAdmin.view(r)));
        }
        ConsoleAnswers.send(response, trace);
    }

    /** Upstream attempts: none for a cache hit or a request refused before any provider was called. */
    static int attempts(RequestLogEntry e) {
        boolean cached = e.cacheStatus() != null
                && e.cacheStatus().toUpperCase(Locale.ROOT).startsWith("HIT");
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
}
