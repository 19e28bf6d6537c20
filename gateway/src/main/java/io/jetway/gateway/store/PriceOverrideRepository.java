package io.jetway.gateway.store;

import io.jetway.gateway.usage.Price;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The price overrides set through the admin API ({@code /v1/admin/prices}), one row per provider and
 * model, in {@code jetway_prices} (schema version 5, {@link #SCHEMA}). Prices are kept as decimal
 * text, so they are read back exactly. The same SQL runs on SQLite and PostgreSQL.
 */
public final class PriceOverrideRepository {

    /** The table, created by {@link JdbcStore}'s migration 5. */
    static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS jetway_prices (
              provider VARCHAR(64) NOT NULL,
              model VARCHAR(256) NOT NULL,
              input_usd VARCHAR(40) NOT NULL,
              cached_input_usd VARCHAR(40),
              cache_write_usd VARCHAR(40),
              output_usd VARCHAR(40) NOT NULL,
              reasoning_usd VARCHAR(40),
              as_of VARCHAR(32),
              source VARCHAR(512),
              created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL,
              PRIMARY KEY (provider, model))""";

    private static final String COLUMNS = "provider, model, input_usd, cached_input_usd, cache_write_usd, output_usd, "
            + "reasoning_usd, as_of, source, created_at, updated_at";

    /** An override and when it was last set (Unix seconds). */
    public record StoredPrice(Price price, long updatedAt) {}

    private final DataSource pool;
    private final String where;
    private final Clock clock;

    /**
     * @param where how the store is named in errors (never its credentials)
     */
    public PriceOverrideRepository(DataSource pool, String where, Clock clock) {
        this.pool = pool;
        this.where = where;
        this.clock = clock;
    }

    public PriceOverrideRepository(JdbcStore store, Clock clock) {
        this(store.dataSource(), store.describe(), clock);
    }

    /** Every override, by provider then model. */
    public List<StoredPrice> all() {
        return run("list price overrides", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT " + COLUMNS + " FROM jetway_prices " + "ORDER BY provider, model");
                    ResultSet rs = ps.executeQuery()) {
                List<StoredPrice> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(read(rs));
                }
                return out;
            }
        });
    }

    /** The overrides' prices alone (what {@link io.jetway.gateway.usage.LivePrices} reloads). */
    public List<Price> prices() {
        return all().stream().map(StoredPrice::price).toList();
    }

    /** Sets (creates or replaces) the override of {@code price}'s provider and model. */
    public StoredPrice put(Price price) {
        long now = clock.millis() / 1000;
        run("set a price override", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jetway_prices (" + COLUMNS + ") VALUES "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (provider, model) DO UPDATE SET "
                    + "input_usd = EXCLUDED.input_usd, cached_input_usd = EXCLUDED.cached_input_usd, "
                    + "cache_write_usd = EXCLUDED.cache_write_usd, output_usd = EXCLUDED.output_usd, "
                    + "reasoning_usd = EXCLUDED.reasoning_usd, as_of = EXCLUDED.as_of, source = EXCLUDED.source, "
                    + "updated_at = EXCLUDED.updated_at")) {
                ps.setString(1, price.provider());
                ps.setString(2, price.model());
                ps.setString(3, text(price.input()));
                ps.setString(4, text(price.cachedInput()));
                ps.setString(5, text(price.cacheWrite()));
                ps.setString(6, text(price.output()));
                ps.setString(7, text(price.reasoning()));
                ps.setString(8, price.asOf());
                ps.setString(9, price.source());
                ps.setLong(10, now);
                ps.setLong(11, now);
                ps.executeUpdate();
                return null;
            }
        });
        return new StoredPrice(price, now);
    }

    /** Removes an override; false when there was none. */
    public boolean delete(String provider, String model) {
        return run("delete a price override", c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM jetway_prices WHERE provider = ? AND model = ?")) {
                ps.setString(1, provider);
                ps.setString(2, model);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static StoredPrice read(ResultSet rs) throws SQLException {
        return new StoredPrice(
                new Price(
                        rs.getString(1),
                        rs.getString(2),
                        decimal(rs.getString(3)),
                        decimal(rs.getString(4)),
                        decimal(rs.getString(5)),
                        decimal(rs.getString(6)),
                        decimal(rs.getString(7)),
                        rs.getString(8),
                        rs.getString(9)),
                rs.getLong(11));
    }

    private static String text(BigDecimal v) {
        return v == null ? null : v.toPlainString();
    }

    private static BigDecimal decimal(String v) {
        return v == null ? null : new BigDecimal(v);
    }

    private interface Sql<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T run(String what, Sql<T> sql) {
        try (Connection c = pool.getConnection()) {
            return sql.apply(c);
        } catch (SQLException e) {
            throw new StoreException("The store (" + where + ") failed to " + what + ": " + e.getMessage(), e);
        }
    }
}
