package io.jetway.gateway.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The connection pool, the dialect and the clock the repositories share, and the few ways they
 * talk to the database: one statement on a pooled connection ({@link #run}), several in one
 * transaction ({@link #transaction}). Every {@link SQLException} becomes a {@link StoreException}
 * naming the operation and the database (never a credential: {@link DatabaseUrl#describe()}).
 */
final class Database implements AutoCloseable {

    private final DatabaseUrl url;
    private final HikariDataSource pool;
    private final Clock clock;

    Database(DatabaseUrl url, HikariDataSource pool, Clock clock) {
        this.url = url;
        this.pool = pool;
        this.clock = clock;
    }

    DatabaseUrl.Dialect dialect() {
        return url.dialect();
    }

    String describe() {
        return url.describe();
    }

    /** The pool itself, for a repository that takes a plain {@link javax.sql.DataSource}. */
    javax.sql.DataSource dataSource() {
        return pool;
    }

    /** Now in epoch seconds, the unit of every {@code created_at}/{@code updated_at} but the request log's. */
    long now() {
        return clock.instant().getEpochSecond();
    }

    /** Work on one connection. */
    @FunctionalInterface
    interface Sql<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Reads the current row of a result set. */
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs {@code sql} on a pooled connection in auto-commit mode. */
    <T> T run(String what, Sql<T> sql) {
        try (Connection c = pool.getConnection()) {
            return sql.apply(c);
        } catch (SQLException e) {
            throw new StoreException("The store (" + url.describe() + ") failed to " + what + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code sql} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T transaction(String what, Sql<T> sql) {
        return run(what, c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = sql.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        });
    }

    /** The row a one-parameter query finds, if any. */
    <T> Optional<T> one(String what, String query, String param, Row<T> row) {
        return run(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(query)) {
                ps.setString(1, param);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Every row of a parameterless query. */
    <T> List<T> all(String what, String query, Row<T> row) {
        return run(what, c -> {
            List<T> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(query)) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        });
    }

    /** Whether a parameterless {@code SELECT EXISTS (…)} is true. */
    boolean exists(String what, String query) {
        return run(what, c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(query)) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    /** Deletes the row of {@code table} with this id; whether there was one. */
    boolean deleteById(String table, String id, String what) {
        return run(what, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    static Long nullableLong(ResultSet rs, int index) throws SQLException {
        long v = rs.getLong(index);
        return rs.wasNull() ? null : v;
    }

    static Double nullableDouble(ResultSet rs, int index) throws SQLException {
        double v = rs.getDouble(index);
        return rs.wasNull() ? null : v;
    }

    @Override
    public void close() {
        pool.close();
    }
}
