package io.jetway.gateway.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The usage aggregate: the request log summed per UTC day, gateway API key, provider and model
 * (requests, tokens, cost, and how many entries had tokens but no price).
 */
final class UsageRepository {

    private final Database db;

    UsageRepository(Database db) {
        this.db = db;
    }

    List<UsageRow> sum(Instant from, Instant to, String apiKeyId) {
        String sql = "SELECT created_at / 86400000 AS day, api_key_id, provider, model, COUNT(*), "
                + "COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cost_picos), 0), "
                + "SUM(CASE WHEN cost_picos IS NULL AND input_tokens IS NOT NULL THEN 1 ELSE 0 END) "
                + "FROM jetway_request_log WHERE created_at >= ? AND created_at < ?"
                + (apiKeyId == null ? "" : " AND api_key_id = ?")
                + " GROUP BY created_at / 86400000, api_key_id, provider, model ORDER BY 1, 2, 3, 4";
        return db.run("sum the request log", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, from.toEpochMilli());
                ps.setLong(2, to.toEpochMilli());
                if (apiKeyId != null) {
                    ps.setString(3, apiKeyId);
                }
                List<UsageRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new UsageRow(
                                LocalDate.ofEpochDay(rs.getLong(1)),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getLong(5),
                                rs.getLong(6),
                                rs.getLong(7),
                                RequestLogRepository.usd(rs.getLong(8)),
                                rs.getLong(9)));
                    }
                }
                return out;
            }
        });
    }
}
