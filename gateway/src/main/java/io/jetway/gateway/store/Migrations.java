package io.jetway.gateway.store;

import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's schema, one version after another, and how a database is brought to the newest.
 *
 * <p>A version is a list of statements run in order in one transaction, and recorded in
 * {@code jetway_schema_version}. Never edit a released version (a database that has it will not
 * run it again): add the next one as a constant below and append it to {@link #VERSIONS}. Both
 * databases run the same SQL, so keep to what SQLite and PostgreSQL share.
 *
 * <p>On PostgreSQL the migration holds an advisory lock, so that nodes starting together migrate
 * once. A database migrated by a newer Jetway (a version this list does not have) is refused.
 */
final class Migrations {

    private static final System.Logger LOG = System.getLogger(Migrations.class.getName());
    private static final long MIGRATION_LOCK = 0x4a657477617953L; // "JetwayS"

    // 1: virtual keys, stored configs, gateway API keys and the meta table (the master key check).
    static final List<String> V1_KEYS_CONFIGS_API_KEYS = List.of("""
            CREATE TABLE IF NOT EXISTS jetway_virtual_keys (
              id VARCHAR(128) PRIMARY KEY,
              provider VARCHAR(64) NOT NULL,
              custom_host TEXT,
              options TEXT NOT NULL,
              secrets TEXT,
              api_key_last4 VARCHAR(4),
              created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL)""", """
            CREATE TABLE IF NOT EXISTS jetway_configs (
              id VARCHAR(128) PRIMARY KEY,
              config TEXT NOT NULL,
              created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL)""", """
            CREATE TABLE IF NOT EXISTS jetway_api_keys (
              id VARCHAR(64) PRIMARY KEY,
              name VARCHAR(200) NOT NULL,
              key_hash CHAR(64) NOT NULL UNIQUE,
              key_last4 VARCHAR(4) NOT NULL,
              created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL)""", """
            CREATE TABLE IF NOT EXISTS jetway_meta (
              name VARCHAR(64) PRIMARY KEY,
              value TEXT NOT NULL)""");

    // 2: the request log. Metadata is JSON text in the entry and, for the portable
    // metadata filter, one row per key in a side table (values longer than 512 are cut there).
    static final List<String> V2_REQUEST_LOG = List.of(
            """
            CREATE TABLE IF NOT EXISTS jetway_request_log (
              id VARCHAR(64) PRIMARY KEY,
              created_at BIGINT NOT NULL,
              trace_id VARCHAR(256),
              span_id VARCHAR(256),
              parent_span_id VARCHAR(256),
              span_name TEXT,
              metadata TEXT NOT NULL,
              provider VARCHAR(64) NOT NULL,
              model TEXT,
              target_path TEXT,
              stream INTEGER NOT NULL,
              status INTEGER NOT NULL,
              retries INTEGER NOT NULL,
              cache_status VARCHAR(32),
              input_tokens BIGINT,
              output_tokens BIGINT,
              first_byte_ms DOUBLE PRECISION,
              total_ms DOUBLE PRECISION NOT NULL,
              error TEXT,
              request_body TEXT,
              response_body TEXT,
              bodies_truncated INTEGER NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS jetway_request_log_created ON jetway_request_log (created_at)",
            "CREATE INDEX IF NOT EXISTS jetway_request_log_trace ON jetway_request_log (trace_id)",
            "CREATE INDEX IF NOT EXISTS jetway_request_log_provider ON jetway_request_log (provider)",
            "CREATE INDEX IF NOT EXISTS jetway_request_log_status ON jetway_request_log (status)",
            """
            CREATE TABLE IF NOT EXISTS jetway_request_log_metadata (
              log_id VARCHAR(64) NOT NULL,
              meta_key VARCHAR(512) NOT NULL,
              meta_value VARCHAR(512) NOT NULL,
              PRIMARY KEY (log_id, meta_key))""",
            "CREATE INDEX IF NOT EXISTS jetway_request_log_metadata_kv ON jetway_request_log_metadata "
                    + "(meta_key, meta_value)");

    // 3: whether a virtual key's secrets may go to a host the caller chooses (0: never, the default).
    static final List<String> V3_CALLER_CUSTOM_HOST =
            List.of("ALTER TABLE jetway_virtual_keys ADD COLUMN allow_caller_custom_host INTEGER NOT NULL DEFAULT 0");

    // 4: limits and budgets per subject (budgets as decimal text: exact), and per request its cost
    // (in pico-dollars: exact sums) and the gateway API key it came with, for the usage aggregate.
    static final List<String> V4_LIMITS_AND_COST = List.of(
            """
            CREATE TABLE IF NOT EXISTS jetway_limits (
              scope VARCHAR(16) NOT NULL,
              subject VARCHAR(256) NOT NULL,
              requests_per_minute BIGINT,
              tokens_per_minute BIGINT,
              daily_budget_usd VARCHAR(40),
              monthly_budget_usd VARCHAR(40),
              created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL,
              PRIMARY KEY (scope, subject))""",
            "ALTER TABLE jetway_request_log ADD COLUMN cost_picos BIGINT",
            "ALTER TABLE jetway_request_log ADD COLUMN api_key_id VARCHAR(64)");

    // 5: price overrides set through the admin API (PriceOverrideRepository), USD per million tokens as decimal text.
    static final List<String> V5_PRICE_OVERRIDES = List.of(PriceOverrideRepository.SCHEMA);

    /** Every schema version, in order: version {@code n} is {@code VERSIONS.get(n - 1)}. */
    static final List<List<String>> VERSIONS = List.of(
            V1_KEYS_CONFIGS_API_KEYS, V2_REQUEST_LOG, V3_CALLER_CUSTOM_HOST, V4_LIMITS_AND_COST, V5_PRICE_OVERRIDES);

    private Migrations() {}

    /** Brings the database to the newest version. */
    static void migrate(Database db) {
        db.transaction("migrate the schema", c -> {
            try (Statement st = c.createStatement()) {
                if (db.dialect() == DatabaseUrl.Dialect.POSTGRESQL) {
                    st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
                }
                st.execute("CREATE TABLE IF NOT EXISTS jetway_schema_version (version INTEGER PRIMARY KEY, "
                        + "applied_at BIGINT NOT NULL)");
                int current = version(st);
                if (current > VERSIONS.size()) {
                    throw new IllegalStateException("The store (" + db.describe() + ") has schema version " + current
                            + ", newer than this Jetway knows (" + VERSIONS.size() + "): upgrade Jetway.");
                }
                for (int v = current + 1; v <= VERSIONS.size(); v++) {
                    for (String sql : VERSIONS.get(v - 1)) {
                        st.execute(sql);
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO jetway_schema_version (version, "
                            + "applied_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                        ps.setInt(1, v);
                        ps.setLong(2, db.now());
                        ps.executeUpdate();
                    }
                    LOG.log(Level.INFO, "store: applied schema version " + v + " to " + db.describe());
                }
            }
            return null;
        });
        if (db.dialect() == DatabaseUrl.Dialect.SQLITE) {
            db.run("read the journal mode", c -> {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                    if (rs.next() && !"wal".equalsIgnoreCase(rs.getString(1))) {
                        LOG.log(Level.WARNING, "store: SQLite journal mode is " + rs.getString(1) + ", not WAL");
                    }
                }
                return null;
            });
        }
    }

    /** The version the database is at now (0: none yet). */
    static int current(Database db) {
        return db.run("read the schema version", c -> {
            try (Statement st = c.createStatement()) {
                return version(st);
            }
        });
    }

    private static int version(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM jetway_schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
