package io.jetway.gateway.console;

import io.jetway.gateway.store.RequestLogEntry;
import io.jetway.gateway.store.RequestLogRepository;
import io.jetway.gateway.store.StoreException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The console's reads of the request log, on the store's pool (portable SQL: SQLite and PostgreSQL).
 * They use the indices the log already has: the primary key (ids sort by time, so newest-first paging
 * is a walk down the key), {@code created_at} for time ranges, {@code provider}, {@code trace_id}, and
 * the metadata table's key. Pages leave the bodies out; only a single entry reads them.
 */
public final class ConsoleQueries {

    /** The log's columns without the bodies (null in their place), in {@link #entry}'s order. */
    private static final String SUMMARY = "l.id, l.created_at, l.trace_id, l.span_id, l.parent_span_id, l.span_name, "
            + "l.metadata, l.provider, l.model, l.target_path, l.stream, l.status, l.retries, l.cache_status, "
            + "l.input_tokens, l.output_tokens, l.first_byte_ms, l.total_ms, l.error, NULL, NULL, l.bodies_truncated, "
            + "l.cost_picos, l.api_key_id";

    private static final String FULL = SUMMARY.replace("NULL, NULL", "l.request_body, l.response_body");
    static final BigDecimal PICOS_PER_USD = BigDecimal.TEN.pow(12);
    /** Longest metadata value kept in the filter table (JdbcStore's METADATA_INDEX_MAX). */
    private static final int METADATA_INDEX_MAX = 512;

    /** The Traffic page's filters; null means any. */
    public record Filter(
            String provider,
            String model,
            Integer statusClass,
            String apiKeyId,
            String metadataKey,
            String metadataValue,
            Instant from,
            Instant to) {}

    private final DataSource db;

    public ConsoleQueries(DataSource db) {
        this.db = db;
    }

    /** Up to {@code limit} entries below the cursor {@code before} (null: the newest), newest first, without bodies. */
    public List<RequestLogEntry> page(Filter f, String before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + SUMMARY + " FROM jetway_request_log l WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        where(sql, args, f);
        if (before != null) {
            sql.append(" AND l.id < ?");
            args.add(before);
        }
        sql.append(" ORDER BY l.id DESC LIMIT ?");
        args.add(limit);
        return entries("read the request log", sql.toString(), args);
    }

    /** One entry, with its bodies. */
    public Optional<RequestLogEntry> entry(String id) {
        return entries("read a request", "SELECT " + FULL + " FROM jetway_request_log l WHERE l.id = ?", List.of(id))
                .stream()
                .findFirst();
    }

    /** The other entries of a trace id, newest first, at most {@code limit}, without bodies. */
    public List<RequestLogEntry> sameTrace(String traceId, String exceptId, int limit) {
        return entries(
                "read a trace",
                "SELECT " + SUMMARY + " FROM jetway_request_log l WHERE l.trace_id = ? "
                        + "AND l.id <> ? ORDER BY l.id DESC LIMIT ?",
                List.of(traceId, exceptId, limit));
    }

    /** What a series is per. */
    public enum GroupBy {
        PROVIDER("l.provider"),
        MODEL("l.model"),
        API_KEY("l.api_key_id"),
        USER("u.meta_value");

        final String column;

        GroupBy(String column) {
            this.column = column;
        }
    }

    /** Feeds every request between {@code from} and {@code to} to {@code series}, in one pass. */
    public void series(Instant from, Instant to, GroupBy by, Series series) {
        String sql = "SELECT l.created_at, " + by.column + ", l.status, l.total_ms, l.input_tokens, l.output_tokens, "
                + "l.cost_picos FROM jetway_request_log l"
                + (by == GroupBy.USER
                        ? " LEFT JOIN jetway_request_log_metadata u ON u.log_id = l.id AND u.meta_key = '_user'"
                        : "")
                + " WHERE l.created_at >= ? AND l.created_at < ?";
        run("sum the request log", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(1000);
                ps.setLong(1, from.toEpochMilli());
                ps.setLong(2, to.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        series.add(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getInt(3),
                                rs.getDouble(4),
                                rs.getLong(5),
                                rs.getLong(6),
                                rs.getLong(7));
                    }
                }
            }
            return null;
        });
    }

    /** The cost of a gateway API key's requests since {@code since}. */
    public BigDecimal spentByApiKey(String apiKeyId, Instant since) {
        return spent(
                "SELECT COALESCE(SUM(l.cost_picos), 0) FROM jetway_request_log l WHERE l.api_key_id = ? "
                        + "AND l.created_at >= ?",
                apiKeyId,
                since);
    }

    /** The cost of an end user's requests ({@code _user} of the metadata) since {@code since}. */
    public BigDecimal spentByUser(String user, Instant since) {
        return spent(
                "SELECT COALESCE(SUM(l.cost_picos), 0) FROM jetway_request_log l "
                        + "JOIN jetway_request_log_metadata u ON u.log_id = l.id AND u.meta_key = '_user' "
                        + "WHERE u.meta_value = ? AND l.created_at >= ?",
                cut(user),
                since);
    }

    private BigDecimal spent(String sql, String subject, Instant since) {
        return run("sum a budget", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, subject);
                ps.setLong(2, since.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return usd(rs.getLong(1));
                }
            }
        });
    }

    private static void where(StringBuilder sql, List<Object> args, Filter f) {
        if (f.provider() != null) {
            sql.append(" AND l.provider = ?");
            args.add(f.provider());
        }
        if (f.model() != null) {
            sql.append(" AND l.model = ?");
            args.add(f.model());
        }
        if (f.statusClass() != null) {
            sql.append(" AND l.status >= ? AND l.status < ?");
            args.add(f.statusClass() * 100);
            args.add(f.statusClass() * 100 + 100);
        }
        if (f.apiKeyId() != null) {
            sql.append(" AND l.api_key_id = ?");
            args.add(f.apiKeyId());
        }
        if (f.from() != null) {
            sql.append(" AND l.created_at >= ?");
            args.add(f.from().toEpochMilli());
        }
        if (f.to() != null) {
            sql.append(" AND l.created_at < ?");
            args.add(f.to().toEpochMilli());
        }
        if (f.metadataKey() != null) {
            sql.append(
                    " AND EXISTS (SELECT 1 FROM jetway_request_log_metadata m WHERE m.log_id = l.id AND m.meta_key = ?");
            args.add(cut(f.metadataKey()));
            if (f.metadataValue() != null) {
                sql.append(" AND m.meta_value = ?");
                args.add(cut(f.metadataValue()));
            }
            sql.append(")");
        }
    }

    private static String cut(String s) {
        return s.length() <= METADATA_INDEX_MAX ? s : s.substring(0, METADATA_INDEX_MAX);
    }

    private List<RequestLogEntry> entries(String what, String sql, List<Object> args) {
        return run(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.size(); i++) {
                    switch (args.get(i)) {
                        case Integer n -> ps.setInt(i + 1, n);
                        case Long n -> ps.setLong(i + 1, n);
                        case String s -> ps.setString(i + 1, s);
                        default -> throw new IllegalArgumentException("unexpected argument type");
                    }
                }
                List<RequestLogEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(entry(rs));
                    }
                }
                return out;
            }
        });
    }

    /** A row of {@link #SUMMARY} or {@link #FULL}: the request log's columns in the store's order. */
    private static RequestLogEntry entry(ResultSet rs) throws SQLException {
        return RequestLogRepository.read(rs);
    }

    static BigDecimal usd(long picos) {
        return new BigDecimal(picos).divide(PICOS_PER_USD).stripTrailingZeros();
    }

    @FunctionalInterface
    private interface Sql<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T run(String what, Sql<T> sql) {
        try (Connection c = db.getConnection()) {
            return sql.apply(c);
        } catch (SQLException e) {
            throw new StoreException("The store failed to " + what + ": " + e.getMessage(), e);
        }
    }
}
