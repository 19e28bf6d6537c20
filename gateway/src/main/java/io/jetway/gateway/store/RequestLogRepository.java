package io.jetway.gateway.store;

import static io.jetway.gateway.store.Database.nullableDouble;
import static io.jetway.gateway.store.Database.nullableLong;
import static io.jetway.gateway.store.Database.setLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.jetway.gateway.core.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request log ({@code jetway_request_log}): appended in batches, read newest first with
 * filters. An entry's metadata is JSON text in the entry and, for the portable metadata filter,
 * one row per key in {@code jetway_request_log_metadata} (keys and values cut to
 * {@link #METADATA_INDEX_MAX} there). Cost is kept in pico-dollars, so that sums are exact.
 */
public final class RequestLogRepository {

    /** Longest metadata key or value kept in the filter table (the entry's JSON keeps all of it). */
    static final int METADATA_INDEX_MAX = 512;

    private static final String COLUMNS = "id, created_at, trace_id, span_id, parent_span_id, span_name, metadata, "
            + "provider, model, target_path, stream, status, retries, cache_status, input_tokens, output_tokens, "
            + "first_byte_ms, total_ms, error, request_body, response_body, bodies_truncated, cost_picos, api_key_id";
    static final BigDecimal PICOS_PER_USD = BigDecimal.TEN.pow(12);
    private static final TypeReference<LinkedHashMap<String, String>> METADATA = new TypeReference<>() {};

    private final Database db;

    RequestLogRepository(Database db) {
        this.db = db;
    }

    void append(List<RequestLogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        db.transaction("append to the request log", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jetway_request_log (" + COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement meta = c.prepareStatement("INSERT INTO jetway_request_log_metadata "
                            + "(log_id, meta_key, meta_value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                boolean anyMeta = false;
                for (RequestLogEntry e : entries) {
                    bind(ps, e);
                    ps.addBatch();
                    for (Map.Entry<String, String> m : e.metadata().entrySet()) {
                        meta.setString(1, e.id());
                        meta.setString(2, cut(m.getKey()));
                        meta.setString(3, cut(m.getValue()));
                        meta.addBatch();
                        anyMeta = true;
                    }
                }
                ps.executeBatch();
                if (anyMeta) {
                    meta.executeBatch();
                }
            }
            return null;
        });
    }

    List<RequestLogEntry> find(RequestLogQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM jetway_request_log l WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.traceId() != null) {
            sql.append(" AND l.trace_id = ?");
            args.add(q.traceId());
        }
        if (q.provider() != null) {
            sql.append(" AND l.provider = ?");
            args.add(q.provider());
        }
        if (q.status() != null) {
            sql.append(" AND l.status = ?");
            args.add(q.status());
        }
        if (q.statusClass() != null) {
            sql.append(" AND l.status >= ? AND l.status < ?");
            args.add(q.statusClass() * 100);
            args.add(q.statusClass() * 100 + 100);
        }
        if (q.from() != null) {
            sql.append(" AND l.created_at >= ?");
            args.add(q.from().toEpochMilli());
        }
        if (q.to() != null) {
            sql.append(" AND l.created_at < ?");
            args.add(q.to().toEpochMilli());
        }
        if (q.before() != null) {
            sql.append(" AND l.id < ?");
            args.add(q.before());
        }
        if (q.metadataKey() != null) {
            sql.append(
                    " AND EXISTS (SELECT 1 FROM jetway_request_log_metadata m WHERE m.log_id = l.id AND m.meta_key = ?");
            args.add(cut(q.metadataKey()));
            if (q.metadataValue() != null) {
                sql.append(" AND m.meta_value = ?");
                args.add(cut(q.metadataValue()));
            }
            sql.append(")");
        }
        sql.append(" ORDER BY l.id DESC LIMIT ?");
        args.add(q.limit());
        return db.run("read the request log", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    Object a = args.get(i);
                    if (a instanceof Integer n) {
                        ps.setInt(i + 1, n);
                    } else if (a instanceof Long n) {
                        ps.setLong(i + 1, n);
                    } else {
                        ps.setString(i + 1, (String) a);
                    }
                }
                List<RequestLogEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
                return out;
            }
        });
    }

    private static String cut(String s) {
        return s.length() <= METADATA_INDEX_MAX ? s : s.substring(0, METADATA_INDEX_MAX);
    }

    private static void bind(PreparedStatement ps, RequestLogEntry e) throws SQLException {
        ps.setString(1, e.id());
        ps.setLong(2, e.createdAt().toEpochMilli());
        ps.setString(3, e.traceId());
        ps.setString(4, e.spanId());
        ps.setString(5, e.parentSpanId());
        ps.setString(6, e.spanName());
        try {
            ps.setString(7, Json.MAPPER.writeValueAsString(e.metadata()));
        } catch (JsonProcessingException x) {
            throw new IllegalStateException("metadata is not serialisable", x);
        }
        ps.setString(8, e.provider());
        ps.setString(9, e.model());
        ps.setString(10, e.targetPath());
        ps.setInt(11, e.stream() ? 1 : 0);
        ps.setInt(12, e.status());
        ps.setInt(13, e.retries());
        ps.setString(14, e.cacheStatus());
        setLong(ps, 15, e.inputTokens());
        setLong(ps, 16, e.outputTokens());
        if (e.firstByteMs() == null) {
            ps.setNull(17, Types.DOUBLE);
        } else {
            ps.setDouble(17, e.firstByteMs());
        }
        ps.setDouble(18, e.totalMs());
        ps.setString(19, e.error());
        ps.setString(20, e.requestBody());
        ps.setString(21, e.responseBody());
        ps.setInt(22, e.bodiesTruncated() ? 1 : 0);
        setLong(
                ps,
                23,
                e.costUsd() == null
                        ? null
                        : e.costUsd()
                                .multiply(PICOS_PER_USD)
                                .setScale(0, RoundingMode.HALF_UP)
                                .longValueExact());
        ps.setString(24, e.apiKeyId());
    }

    /**
     * The entry of a row selected with the log's columns in their order ({@code id} … {@code api_key_id},
     * as {@code COLUMNS} lists them), as this repository and the console both select it.
     */
    public static RequestLogEntry read(ResultSet rs) throws SQLException {
        Map<String, String> metadata;
        try {
            metadata = Json.MAPPER.readValue(rs.getString(7), METADATA);
        } catch (JsonProcessingException e) {
            throw new SQLException("request log " + rs.getString(1) + " has unreadable metadata", e);
        }
        return new RequestLogEntry(
                rs.getString(1),
                Instant.ofEpochMilli(rs.getLong(2)),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                metadata,
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getInt(11) != 0,
                rs.getInt(12),
                rs.getInt(13),
                rs.getString(14),
                nullableLong(rs, 15),
                nullableLong(rs, 16),
                nullableDouble(rs, 17),
                rs.getDouble(18),
                rs.getString(19),
                rs.getString(20),
                rs.getString(21),
                rs.getInt(22) != 0,
                usd(nullableLong(rs, 23)),
                rs.getString(24));
    }

    /** Pico-dollars as dollars, without trailing zeros. */
    static BigDecimal usd(Long picos) {
        return picos == null
                ? null
                : new BigDecimal(picos).divide(PICOS_PER_USD).stripTrailingZeros();
    }
}
