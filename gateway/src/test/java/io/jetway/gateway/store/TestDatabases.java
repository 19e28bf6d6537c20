package io.jetway.gateway.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * Databases for store tests: a SQLite file in a temp directory, or a fresh schema in the
 * PostgreSQL named by {@code JETWAY_TEST_POSTGRES_URL} (which {@code .ci/run} starts and exports).
 * Without that variable the PostgreSQL tests are skipped locally and FAIL under CI ({@code CI} set),
 * so a broken CI setup cannot pass unnoticed.
 */
final class TestDatabases {

    static final String POSTGRES_ENV = "JETWAY_TEST_POSTGRES_URL";

    private TestDatabases() {}

    static DatabaseUrl sqlite(Path dir) {
        return DatabaseUrl.parse("jdbc:sqlite:" + dir.resolve("jetway.db"));
    }

    /** The test PostgreSQL server (skips or fails as described above). */
    static DatabaseUrl postgres() {
        String url = System.getenv(POSTGRES_ENV);
        if (url == null || url.isBlank()) {
            String ci = System.getenv("CI");
            if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
                fail(POSTGRES_ENV + " is not set, but CI is: .ci/run must start PostgreSQL and export it "
                        + "(jdbc:postgresql://127.0.0.1:5432/jetway_test?user=…&password=…).");
            }
            Assumptions.abort("PostgreSQL store tests skipped: set " + POSTGRES_ENV
                    + "=jdbc:postgresql://127.0.0.1:5432/<db>?user=<u>&password=<p> to run them (.ci/run does).");
        }
        return DatabaseUrl.parse(url);
    }

    /** A new, empty schema of the test server, as the URL's default schema. */
    static DatabaseUrl freshPostgresSchema() {
        DatabaseUrl server = postgres();
        String schema = "jetway_t_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        execute(server, "CREATE SCHEMA " + schema);
        String jdbc = server.jdbcUrl() + (server.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new DatabaseUrl(DatabaseUrl.Dialect.POSTGRESQL, jdbc, server.user(), server.password(), null);
    }

    static void dropPostgresSchema(DatabaseUrl url) {
        String schema = url.jdbcUrl().replaceAll("^.*currentSchema=([a-z0-9_]+).*$", "$1");
        execute(postgres(), "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    static Connection connect(DatabaseUrl url) throws SQLException {
        return url.user() == null
                ? DriverManager.getConnection(url.jdbcUrl())
                : DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    static void execute(DatabaseUrl url, String sql) {
        try (Connection c = connect(url);
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
