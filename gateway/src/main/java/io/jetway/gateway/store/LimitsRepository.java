package io.jetway.gateway.store;

import static io.jetway.gateway.store.Database.nullableLong;
import static io.jetway.gateway.store.Database.setLong;

import io.jetway.gateway.limits.LimitScope;
import io.jetway.gateway.limits.Limits;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Limits and budgets per subject ({@code jetway_limits}, keyed by scope and subject). Budgets are
 * decimal text, so that they come back exactly as they were set.
 */
final class LimitsRepository {

    private static final String COLUMNS = "scope, subject, requests_per_minute, tokens_per_minute, "
            + "daily_budget_usd, monthly_budget_usd, created_at, updated_at";

    private final Database db;

    LimitsRepository(Database db) {
        this.db = db;
    }

    StoredLimits put(LimitScope scope, String subject, Limits limits) {
        long now = db.now();
        db.run("set limits", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jetway_limits (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope, subject) DO UPDATE SET "
                    + "requests_per_minute = EXCLUDED.requests_per_minute, tokens_per_minute = "
                    + "EXCLUDED.tokens_per_minute, daily_budget_usd = EXCLUDED.daily_budget_usd, monthly_budget_usd = "
                    + "EXCLUDED.monthly_budget_usd, updated_at = EXCLUDED.updated_at")) {
                ps.setString(1, scope.wire());
                ps.setString(2, subject);
                setLong(ps, 3, limits.requestsPerMinute());
                setLong(ps, 4, limits.tokensPerMinute());
                ps.setString(
                        5,
                        limits.dailyBudgetUsd() == null
                                ? null
                                : limits.dailyBudgetUsd().toPlainString());
                ps.setString(
                        6,
                        limits.monthlyBudgetUsd() == null
                                ? null
                                : limits.monthlyBudgetUsd().toPlainString());
                ps.setLong(7, now);
                ps.setLong(8, now);
                ps.executeUpdate();
            }
            return null;
        });
        return get(scope, subject).orElseThrow();
    }

    Optional<StoredLimits> get(LimitScope scope, String subject) {
        return db.run("read limits", c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM jetway_limits WHERE scope = ? AND subject = ?")) {
                ps.setString(1, scope.wire());
                ps.setString(2, subject);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    List<StoredLimits> all() {
        return db.all(
                "list limits",
                "SELECT " + COLUMNS + " FROM jetway_limits ORDER BY scope, subject",
                LimitsRepository::read);
    }

    boolean delete(LimitScope scope, String subject) {
        return db.run("delete limits", c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM jetway_limits WHERE scope = ? AND subject = ?")) {
                ps.setString(1, scope.wire());
                ps.setString(2, subject);
                return ps.executeUpdate() > 0;
            }
        });
    }

    boolean any() {
        return db.exists("count limits", "SELECT EXISTS (SELECT 1 FROM jetway_limits)");
    }

    private static StoredLimits read(ResultSet rs) throws SQLException {
        String day = rs.getString(5);
        String month = rs.getString(6);
        return new StoredLimits(
                LimitScope.of(rs.getString(1)),
                rs.getString(2),
                new Limits(
                        nullableLong(rs, 3),
                        nullableLong(rs, 4),
                        day == null ? null : new BigDecimal(day),
                        month == null ? null : new BigDecimal(month)),
                Instant.ofEpochSecond(rs.getLong(7)),
                Instant.ofEpochSecond(rs.getLong(8)));
    }
}
