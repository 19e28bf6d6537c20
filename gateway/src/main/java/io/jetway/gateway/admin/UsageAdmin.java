package io.jetway.gateway.admin;

import static io.jetway.gateway.admin.AdminAnswers.send;

import io.helidon.webserver.http.ServerResponse;
import io.jetway.api.model.UsageList;
import io.jetway.api.model.UsageRecord;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.requestlog.RequestLog;
import io.jetway.gateway.store.Store;
import io.jetway.gateway.store.UsageRow;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Optional;

/** {@code /v1/admin/usage}: requests, tokens and cost per day, gateway key, provider and model. */
final class UsageAdmin {

    private final Store store;
    private final RequestLog requestLog;
    private final Clock clock;

    /** @param requestLog flushed before each query (null: nothing to flush) */
    UsageAdmin(Store store, RequestLog requestLog, Clock clock) {
        this.store = store;
        this.requestLog = requestLog;
        this.clock = clock;
    }

    void get(ServerResponse response, Optional<Long> from, Optional<Long> to, Optional<String> apiKeyId) {
        Instant now = clock.instant();
        Instant start = from.map(Instant::ofEpochMilli).orElse(now.truncatedTo(ChronoUnit.DAYS));
        Instant end = to.map(Instant::ofEpochMilli).orElse(now.plusMillis(1));
        if (!end.isAfter(start)) {
            throw GatewayException.invalidRequest("to must be after from (to is exclusive).", "to");
        }
        if (requestLog != null) {
            requestLog.flush();
        }
        UsageList list = new UsageList()._object(UsageList.ObjectEnum.LIST).data(new ArrayList<>());
        for (UsageRow r : store.usage(start, end, apiKeyId.orElse(null))) {
            list.addDataItem(new UsageRecord()
                    ._object(UsageRecord.ObjectEnum.USAGE)
                    .day(r.day().toString())
                    .apiKeyId(r.apiKeyId())
                    .provider(r.provider())
                    .model(r.model())
                    .requests(r.requests())
                    .inputTokens(r.inputTokens())
                    .outputTokens(r.outputTokens())
                    .costUsd(r.costUsd())
                    .unpricedRequests(r.unpriced()));
        }
        send(response, 200, list);
    }
}
