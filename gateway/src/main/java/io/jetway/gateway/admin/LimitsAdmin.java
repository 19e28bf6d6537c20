package io.jetway.gateway.admin;

import static io.jetway.gateway.admin.AdminAnswers.deleted;
import static io.jetway.gateway.admin.AdminAnswers.send;

import io.helidon.webserver.http.ServerResponse;
import io.jetway.api.model.LimitsList;
import io.jetway.api.model.LimitsRecord;
import io.jetway.api.model.LimitsSetRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.limits.LimitScope;
import io.jetway.gateway.limits.Limits;
import io.jetway.gateway.store.CachedLookups;
import io.jetway.gateway.store.Store;
import io.jetway.gateway.store.StoredLimits;
import java.math.BigDecimal;
import java.util.ArrayList;

/** {@code /v1/admin/limits/{scope}/{subject}}: request, token and spending limits per subject. */
public final class LimitsAdmin {

    private final Store store;
    private final CachedLookups lookups;
    private final java.util.function.Predicate<String> envKeyIds;

    /** @param envKeyIds whether an id is an environment key's ({@code JETWAY_API_KEYS}): limits may be set on it */
    LimitsAdmin(Store store, CachedLookups lookups, java.util.function.Predicate<String> envKeyIds) {
        this.store = store;
        this.lookups = lookups;
        this.envKeyIds = envKeyIds;
    }

    void list(ServerResponse response) {
        LimitsList list = new LimitsList()._object(LimitsList.ObjectEnum.LIST).data(new ArrayList<>());
        store.allLimits().forEach(l -> list.addDataItem(view(l)));
        send(response, 200, list);
    }

    void get(ServerResponse response, String scope, String subject) {
        LimitScope s = scope(scope);
        send(response, 200, view(store.limits(s, subject).orElseThrow(() -> notFound(s, subject))));
    }

    void set(ServerResponse response, String scope, String subject, LimitsSetRequest body) {
        LimitScope s = scope(scope);
        boolean known = switch (s) {
            case API_KEY -> envKeyIds.test(subject) || store.apiKey(subject).isPresent();
            case VIRTUAL_KEY -> store.virtualKey(subject).isPresent();
            case USER -> true;
        };
        if (!known) {
            throw GatewayException.invalidRequest(
                    "No "
                            + (s == LimitScope.API_KEY
                                    ? "gateway API key (stored, or in JETWAY_API_KEYS)"
                                    : "virtual key")
                            + " has the id '" + subject + "': create it first.",
                    "subject");
        }
        StoredLimits stored = store.putLimits(
                s,
                subject,
                new Limits(
                        body.getRequestsPerMinute(),
                        body.getTokensPerMinute(),
                        budget(body.getDailyBudgetUsd()),
                        budget(body.getMonthlyBudgetUsd())));
        lookups.invalidateLimits();
        send(response, 200, view(stored));
    }

    void delete(ServerResponse response, String scope, String subject) {
        LimitScope s = scope(scope);
        if (!store.deleteLimits(s, subject)) {
            throw notFound(s, subject);
        }
        lookups.invalidateLimits();
        send(response, 200, deleted(s.wire() + "/" + subject, "limits"));
    }

    /** Budgets are counted in nano-dollars: finer amounts are refused rather than rounded. */
    private static BigDecimal budget(BigDecimal usd) {
        if (usd != null && usd.stripTrailingZeros().scale() > 9) {
            throw GatewayException.invalidRequest("A budget has at most 9 decimal places (nano-dollars).", "budget");
        }
        return usd;
    }

    private static LimitScope scope(String scope) {
        LimitScope s = LimitScope.of(scope);
        if (s == null) {
            throw GatewayException.invalidRequest(
                    "scope must be api_key, virtual_key or user, not '" + scope + "'.", "scope");
        }
        return s;
    }

    private static GatewayException notFound(LimitScope scope, String subject) {
        return new GatewayException(
                404,
                GatewayException.NOT_FOUND,
                "No limits are set for " + scope.wire() + " '" + subject + "'.",
                "subject",
                "limits_not_found");
    }

    /** Stored limits as the spec's {@code LimitsRecord} (the console's budgets answer it too). */
    public static LimitsRecord view(StoredLimits l) {
        return new LimitsRecord()
                ._object(LimitsRecord.ObjectEnum.LIMITS)
                .scope(LimitsRecord.ScopeEnum.fromValue(l.scope().wire()))
                .subject(l.subject())
                .requestsPerMinute(l.limits().requestsPerMinute())
                .tokensPerMinute(l.limits().tokensPerMinute())
                .dailyBudgetUsd(l.limits().dailyBudgetUsd())
                .monthlyBudgetUsd(l.limits().monthlyBudgetUsd())
                .createdAt(l.createdAt().getEpochSecond())
                .updatedAt(l.updatedAt().getEpochSecond());
    }
}
