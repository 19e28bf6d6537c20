package io.jetway.gateway.console;

import io.helidon.webserver.http.ServerResponse;
import io.jetway.api.model.ConsoleBudget;
import io.jetway.api.model.ConsoleBudgetList;
import io.jetway.api.model.ConsoleSeries;
import io.jetway.gateway.admin.LimitsAdmin;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.store.Store;
import io.jetway.gateway.store.StoredLimits;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Optional;

/**
 * The Usage page's resources: time series per provider, model, key or end user ({@link SeriesCache},
 * {@link SeriesJson}) and every stored limit with the cost spent today and this month and what is left.
 */
final class UsageResource {

    static final int DEFAULT_BUCKETS = 24;

    private final ConsoleQueries queries;
    private final SeriesCache seriesCache;
    private final Store store;
    private final Runnable flush;
    private final Clock clock;

    /** @param flush makes the log hold every request that ended before on this node */
    UsageResource(ConsoleQueries queries, Store store, Runnable flush, Clock clock) {
        this.queries = queries;
        this.seriesCache = new SeriesCache(queries, clock);
        this.store = store;
        this.flush = flush;
        this.clock = clock;
    }

    /** {@code GET /v1/admin/console/series}. */
    void series(
            ServerResponse response,
            Optional<Long> from,
            Optional<Long> to,
            Optional<String> groupBy,
            Optional<Integer> buckets) {
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
            default ->
                throw GatewayException.invalidRequest("group_by must be provider, model, api_key or user.", "group_by");
        };
        flush.run();

        ConsoleAnswers.send(
                response,
                new ConsoleSeries()
                        ._object(ConsoleSeries.ObjectEnum.CONSOLE_SERIES)
                        .from(start)
                        .to(end)
                        .bucketMs(bucketMs)
                        .groupBy(groupBy.orElse("provider"))
                        .series(SeriesJson.groups(seriesCache.buckets(by, start, bucketMs, n))));
    }

    /** The last 24 hours in {@code n} whole buckets since the epoch (so that they can be kept: SeriesCache). */
    private static long defaultBucketMs(int n) {
        return Math.max(1, (Duration.ofHours(24).toMillis() + n - 1) / n);
    }

    private long defaultEnd(long bucketMs) {
        return Math.ceilDiv(clock.millis() + 1, bucketMs) * bucketMs;
    }

    /** Reads (and so keeps) the buckets of the default view: the last 24 hours per {@code by}. */
    void defaultSeries(ConsoleQueries.GroupBy by) {
        long bucketMs = defaultBucketMs(DEFAULT_BUCKETS);
        seriesCache.buckets(by, defaultEnd(bucketMs) - DEFAULT_BUCKETS * bucketMs, bucketMs, DEFAULT_BUCKETS);
    }

    /** {@code GET /v1/admin/console/budgets}. */
    void budgets(ServerResponse response) {
        flush.run();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Instant dayStart = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant monthStart =
                today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        ConsoleBudgetList list = new ConsoleBudgetList()
                ._object(ConsoleBudgetList.ObjectEnum.LIST)
                .data(new ArrayList<>());
        for (StoredLimits l : store.allLimits()) {
            ConsoleBudget b = new ConsoleBudget()
                    ._object(ConsoleBudget.ObjectEnum.CONSOLE_BUDGET)
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
                    b.monthlyLeftUsd(
                            l.limits().monthlyBudgetUsd().subtract(month).max(BigDecimal.ZERO));
                }
            }
            list.addDataItem(b);
        }
        ConsoleAnswers.send(response, list);
    }
}
