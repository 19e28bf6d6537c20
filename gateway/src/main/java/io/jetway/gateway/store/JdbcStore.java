package io.jetway.gateway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link Store} on JDBC, one SQL for both databases: SQLite (an embedded file in WAL mode,
 * the default) and PostgreSQL (shared by many gateway nodes). Both understand
 * {@code INSERT … ON CONFLICT DO NOTHING}, which is how a taken id is told apart without
 * parsing driver errors.
 *
 * <p>The schema is created and migrated at start ({@link #MIGRATIONS}, recorded in
 * {@code jetway_schema_version}; on PostgreSQL under an advisory lock so that nodes starting
 * together migrate once). A database migrated by a newer Jetway is refused.
 *
 * <p>Secrets: a virtual key's API key and secret options are one JSON object sealed by the
 * {@link SecretBox} with the row's identity as associated data ({@code virtual_key:<id>}).
 * A sealed check value in {@code jetway_meta} makes a wrong master key fail at start, not at
 * the first request.
 */
public final class JdbcStore implements Store {

    private static final System.Logger LOG = System.getLogger(JdbcStore.class.getName());
    /**
     * HikariCP narrates every pool start and stop at INFO; the gateway logs one line of its own
     * instead. Held here so java.util.logging does not forget the setting (its loggers are weak).
     */
    private static final java.util.logging.Logger HIKARI = java.util.logging.Logger.getLogger("com.zaxxer.hikari");

    static {
        if (HIKARI.getLevel() == null) {
            HIKARI.setLevel(java.util.logging.Level.WARNING);
        }
    }

    /** Every schema version, in order. Never edit a released one: add the next. */
    static final List<List<String>> MIGRATIONS = List.of(
            List.of("""
                    CREATE TABLE IF NOT EXISTS jetway_virtual_keys (
                      id VARCHAR(128) PRIMARY KEY,
                      provider VARCHAR(64) NOT NULL,
                      custom_host TEXT,
                      options TEXT NOT NULL,
                      secrets TEXT,
                      api_key_last4 VARCHAR(4),
                      created_at BIGINT NOT NULL,
                      updated_at BIGINT NOT NULL)""",
                    """
                    CREATE TABLE IF NOT EXISTS jetway_configs (
                      id VARCHAR(128) PRIMARY KEY,
                      config TEXT NOT NULL,
                      created_at BIGINT NOT NULL,
                      updated_at BIGINT NOT NULL)""",
                    """
                    CREATE TABLE IF NOT EXISTS jetway_api_keys (
                      id VARCHAR(64) PRIMARY KEY,
                      name VARCHAR(200) NOT NULL,
                      key_hash CHAR(64) NOT NULL UNIQUE,
                      key_last4 VARCHAR(4) NOT NULL,
                      created_at BIGINT NOT NULL,
                      updated_at BIGINT NOT NULL)""",
                    """
                    CREATE TABLE IF NOT EXISTS jetway_meta (
                      name VARCHAR(64) PRIMARY KEY,
                      value TEXT NOT NULL)"""),
            // 2: the request log. Metadata is JSON text in the entry and, for the portable
            // metadata filter, one row per key in a side table (values longer than 512 are cut there).
            List.of("""
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
                            + "(meta_key, meta_value)"),
            // 3: whether a virtual key's secrets may go to a host the caller chooses (0: never, the default).
            List.of("ALTER TABLE jetway_virtual_keys ADD COLUMN allow_caller_custom_host INTEGER NOT NULL DEFAULT 0"),
            // 4: limits and budgets per subject (budgets as decimal text: exact), and per request its cost
            // (in pico-dollars: exact sums) and the gateway API key it came with, for the usage aggregate.
            List.of("""
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
                    "ALTER TABLE jetway_request_log ADD COLUMN api_key_id VARCHAR(64)"));

    private static final long MIGRATION_LOCK = 0x4a657477617953L; // "JetwayS"
    private static final String KEY_CHECK = "key_check";

    private final DatabaseUrl url;
    private final HikariDataSource pool;
    private final SecretBox box;
    private final Clock clock;

    private JdbcStore(DatabaseUrl url, HikariDataSource pool, SecretBox box, Clock clock) {
        this.url = url;
        this.pool = pool;
        this.box = box;
        this.clock = clock;
    }

    /**
     * Connects, migrates the schema and checks the master key.
     *
     * @throws IllegalStateException when the database cannot be used (unreachable, newer schema,
     *                               wrong master key), with a message saying which
     */
    public static JdbcStore open(DatabaseUrl url, SecretBox box, Clock clock) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("jetway-store");
        config.setJdbcUrl(url.jdbcUrl());
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(10_000);
        switch (url.dialect()) {
            case SQLITE -> {
                Path dir = url.sqliteFile().toAbsolutePath().getParent();
                try {
                    if (dir != null) {
                        Files.createDirectories(dir);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create the database directory " + dir, e);
                }
                config.setDriverClassName("org.sqlite.JDBC");
                // One writer at a time is SQLite's rule; WAL lets readers run alongside it.
                config.setMaximumPoolSize(4);
                config.addDataSourceProperty("journal_mode", "WAL");
                config.addDataSourceProperty("synchronous", "NORMAL");
                config.addDataSourceProperty("busy_timeout", "10000");
                config.addDataSourceProperty("foreign_keys", "true");
            }
            case POSTGRESQL -> {
                config.setDriverClassName("org.postgresql.Driver");
                config.setMaximumPoolSize(8);
                if (url.user() != null) {
                    config.setUsername(url.user());
                }
                if (url.password() != null) {
                    config.setPassword(url.password());
                }
            }
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot connect to the store (" + url.describe() + "): " + rootMessage(e), e);
        }
        JdbcStore store = new JdbcStore(url, pool, box, clock);
        try {
            store.migrate();
            store.checkMasterKey();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return store;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    // ------------------------------------------------------------------ schema

    private void migrate() {
        run("migrate the schema", c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                if (url.dialect() == DatabaseUrl.Dialect.POSTGRESQL) {
                    st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
                }
                st.execute("CREATE TABLE IF NOT EXISTS jetway_schema_version (version INTEGER PRIMARY KEY, "
                        + "applied_at BIGINT NOT NULL)");
                int current = 0;
                try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM jetway_schema_version")) {
                    if (rs.next()) {
                        current = rs.getInt(1);
                    }
                }
                if (current > MIGRATIONS.size()) {
                    throw new IllegalStateException("The store (" + url.describe() + ") has schema version " + current
                            + ", newer than this Jetway knows (" + MIGRATIONS.size() + "): upgrade Jetway.");
                }
                for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
                    for (String sql : MIGRATIONS.get(v - 1)) {
                        st.execute(sql);
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO jetway_schema_version (version, applied_at) "
                            + "VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                        ps.setInt(1, v);
                        ps.setLong(2, now());
                        ps.executeUpdate();
                    }
                    LOG.log(Level.INFO, "store: applied schema version " + v + " to " + url.describe());
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
            if (url.dialect() == DatabaseUrl.Dialect.SQLITE) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                    if (rs.next() && !"wal".equalsIgnoreCase(rs.getString(1))) {
                        LOG.log(Level.WARNING, "store: SQLite journal mode is " + rs.getString(1) + ", not WAL");
                    }
                }
            }
            return null;
        });
    }

    /** The schema version the database is at now. */
    int schemaVersion() {
        return run("read the schema version", c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT MAX(version) FROM jetway_schema_version")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    private void checkMasterKey() {
        String sealed = run("check the master key", c -> {
            String existing = meta(c, KEY_CHECK);
            if (existing != null) {
                return existing;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO jetway_meta (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, KEY_CHECK);
                ps.setString(2, box.seal("jetway", "meta:" + KEY_CHECK));
                ps.executeUpdate();
            }
            return meta(c, KEY_CHECK);
        });
        try {
            box.open(sealed, "meta:" + KEY_CHECK);
        } catch (SecretBox.UnreadableSecretException e) {
            throw new IllegalStateException("The master key does not open the secrets already in the store ("
                    + url.describe() + "): JETWAY_MASTER_KEY (or the generated key file) is not the key they were "
                    + "sealed with. Restore the original key.");
        }
    }

    private static String meta(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM jetway_meta WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    // ------------------------------------------------------------ virtual keys

    private static final String VK_COLUMNS = "id, provider, custom_host, allow_caller_custom_host, options, secrets, "
            + "created_at, updated_at";

    @Override
    public StoredVirtualKey createVirtualKey(StoredVirtualKey key) {
        long now = now();
        int inserted = run("create a virtual key", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jetway_virtual_keys (id, provider, custom_host, "
                    + "options, secrets, api_key_last4, allow_caller_custom_host, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, key.id());
                bindVirtualKey(ps, 2, key);
                ps.setLong(8, now);
                ps.setLong(9, now);
                return ps.executeUpdate();
            }
        });
        if (inserted == 0) {
            throw new StoreException.AlreadyExists("virtual key", key.id());
        }
        return withTimes(key, now, now);
    }

    /** provider, custom_host, options, secrets, api_key_last4, allow_caller_custom_host from {@code index}. */
    private void bindVirtualKey(PreparedStatement ps, int index, StoredVirtualKey key) throws SQLException {
        ObjectNode plain = Json.MAPPER.createObjectNode();
        ObjectNode secret = Json.MAPPER.createObjectNode();
        if (key.apiKey() != null) {
            secret.put("api_key", key.apiKey());
        }
        for (Map.Entry<ProviderOption, String> o : key.options().entrySet()) {
            (o.getKey().secret() ? secret : plain).put(o.getKey().configKey(), o.getValue());
        }
        ps.setString(index, key.provider());
        ps.setString(index + 1, key.customHost());
        ps.setString(index + 2, plain.toString());
        ps.setString(index + 3, secret.isEmpty() ? null : box.seal(secret.toString(), "virtual_key:" + key.id()));
        ps.setString(index + 4, last4(key.apiKey()));
        ps.setInt(index + 5, key.allowCallerCustomHost() ? 1 : 0);
    }

    /** The last 4 characters of a key long enough (16+) that showing them gives little away. */
    public static String last4(String key) {
        return key == null || key.length() < 16 ? null : key.substring(key.length() - 4);
    }

    @Override
    public Optional<StoredVirtualKey> virtualKey(String id) {
        return one("read a virtual key", "SELECT " + VK_COLUMNS + " FROM jetway_virtual_keys WHERE id = ?", id,
                this::virtualKey);
    }

    @Override
    public List<StoredVirtualKey> virtualKeys() {
        return all("list virtual keys", "SELECT " + VK_COLUMNS + " FROM jetway_virtual_keys ORDER BY created_at, id",
                this::virtualKey);
    }

    private StoredVirtualKey virtualKey(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        readOptions(rs.getString("options"), options);
        String apiKey = null;
        String sealed = rs.getString("secrets");
        if (sealed != null) {
            String opened;
            try {
                opened = box.open(sealed, "virtual_key:" + id);
            } catch (SecretBox.UnreadableSecretException e) {
                throw new StoreException("The secrets of virtual key '" + id + "' cannot be opened ("
                        + e.getMessage() + ")", null);
            }
            JsonNode secrets = readOptions(opened, options);
            apiKey = secrets.path("api_key").isTextual() ? secrets.get("api_key").asText() : null;
        }
        return new StoredVirtualKey(id, rs.getString("provider"), apiKey, rs.getString("custom_host"),
                rs.getInt("allow_caller_custom_host") != 0, options, Instant.ofEpochSecond(rs.getLong("created_at")),
                Instant.ofEpochSecond(rs.getLong("updated_at")));
    }

    private static JsonNode readOptions(String json, EnumMap<ProviderOption, String> into) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new StoreException("A stored virtual key has unreadable options", null);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            ProviderOption option = ProviderOption.byConfigKey(f.getKey());
            if (option != null && f.getValue().isTextual()) {
                into.put(option, f.getValue().asText());
            }
        }
        return node;
    }

    @Override
    public Optional<StoredVirtualKey> updateVirtualKey(StoredVirtualKey key) {
        long now = now();
        return run("update a virtual key", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE jetway_virtual_keys SET provider = ?, custom_host = ?, "
                    + "options = ?, secrets = ?, api_key_last4 = ?, allow_caller_custom_host = ?, updated_at = ? "
                    + "WHERE id = ?")) {
                bindVirtualKey(ps, 1, key);
                ps.setLong(7, now);
                ps.setString(8, key.id());
                if (ps.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT created_at FROM jetway_virtual_keys WHERE id = ?")) {
                ps.setString(1, key.id());
                try (ResultSet rs = ps.executeQuery()) {
                    return Optional.of(withTimes(key, rs.next() ? rs.getLong(1) : now, now));
                }
            }
        });
    }

    private static StoredVirtualKey withTimes(StoredVirtualKey k, long created, long updated) {
        return new StoredVirtualKey(k.id(), k.provider(), k.apiKey(), k.customHost(), k.allowCallerCustomHost(),
                k.options(), Instant.ofEpochSecond(created), Instant.ofEpochSecond(updated));
    }

    @Override
    public boolean deleteVirtualKey(String id) {
        return delete("jetway_virtual_keys", id, "delete a virtual key");
    }

    // ----------------------------------------------------------------- configs

    @Override
    public StoredConfig createConfig(String id, String json) {
        long now = now();
        int inserted = run("create a config", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jetway_configs (id, config, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, id);
                ps.setString(2, json);
                ps.setLong(3, now);
                ps.setLong(4, now);
                return ps.executeUpdate();
            }
        });
        if (inserted == 0) {
            throw new StoreException.AlreadyExists("config", id);
        }
        return new StoredConfig(id, json, Instant.ofEpochSecond(now), Instant.ofEpochSecond(now));
    }

    @Override
    public Optional<StoredConfig> config(String id) {
        return one("read a config", "SELECT id, config, created_at, updated_at FROM jetway_configs WHERE id = ?", id,
                JdbcStore::config);
    }

    @Override
    public List<StoredConfig> configs() {
        return all("list configs", "SELECT id, config, created_at, updated_at FROM jetway_configs ORDER BY created_at, id",
                JdbcStore::config);
    }

    private static StoredConfig config(ResultSet rs) throws SQLException {
        return new StoredConfig(rs.getString(1), rs.getString(2), Instant.ofEpochSecond(rs.getLong(3)),
                Instant.ofEpochSecond(rs.getLong(4)));
    }

    @Override
    public Optional<StoredConfig> updateConfig(String id, String json) {
        long now = now();
        int updated = run("update a config", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE jetway_configs SET config = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, json);
                ps.setLong(2, now);
                ps.setString(3, id);
                return ps.executeUpdate();
            }
        });
        return updated == 0 ? Optional.empty() : config(id);
    }

    @Override
    public boolean deleteConfig(String id) {
        return delete("jetway_configs", id, "delete a config");
    }

    // ---------------------------------------------------------------- api keys

    private static final String AK_COLUMNS = "id, name, key_hash, key_last4, created_at, updated_at";

    @Override
    public StoredApiKey createApiKey(String id, String name, String keyHash, String keyLast4) {
        long now = now();
        int inserted = run("create an API key", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jetway_api_keys (" + AK_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, id);
                ps.setString(2, name);
                ps.setString(3, keyHash);
                ps.setString(4, keyLast4);
                ps.setLong(5, now);
                ps.setLong(6, now);
                return ps.executeUpdate();
            }
        });
        if (inserted == 0) {
            throw new StoreException.AlreadyExists("API key", id);
        }
        return new StoredApiKey(id, name, keyHash, keyLast4, Instant.ofEpochSecond(now), Instant.ofEpochSecond(now));
    }

    @Override
    public Optional<StoredApiKey> apiKey(String id) {
        return apiKeyWhere("id", id);
    }

    @Override
    public Optional<StoredApiKey> apiKeyByHash(String keyHash) {
        return apiKeyWhere("key_hash", keyHash);
    }

    private Optional<StoredApiKey> apiKeyWhere(String column, String value) {
        return one("read an API key", "SELECT " + AK_COLUMNS + " FROM jetway_api_keys WHERE " + column + " = ?", value,
                JdbcStore::apiKey);
    }

    @Override
    public List<StoredApiKey> apiKeys() {
        return all("list API keys", "SELECT " + AK_COLUMNS + " FROM jetway_api_keys ORDER BY created_at, id",
                JdbcStore::apiKey);
    }

    private static StoredApiKey apiKey(ResultSet rs) throws SQLException {
        return new StoredApiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Instant.ofEpochSecond(rs.getLong(5)), Instant.ofEpochSecond(rs.getLong(6)));
    }

    @Override
    public Optional<StoredApiKey> renameApiKey(String id, String name) {
        long now = now();
        int updated = run("rename an API key", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE jetway_api_keys SET name = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, name);
                ps.setLong(2, now);
                ps.setString(3, id);
                return ps.executeUpdate();
            }
        });
        return updated == 0 ? Optional.empty() : apiKey(id);
    }

    @Override
    public boolean deleteApiKey(String id) {
        return delete("jetway_api_keys", id, "delete an API key");
    }

    @Override
    public boolean hasApiKeys() {
        return run("count API keys", c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM jetway_api_keys)")) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    // ------------------------------------------------------------- request log

    /** Longest metadata key or value kept in the filter table (the entry's JSON keeps all of it). */
    static final int METADATA_INDEX_MAX = 512;

    private static final String RL_COLUMNS = "id, created_at, trace_id, span_id, parent_span_id, span_name, metadata, "
            + "provider, model, target_path, stream, status, retries, cache_status, input_tokens, output_tokens, "
            + "first_byte_ms, total_ms, error, request_body, response_body, bodies_truncated, cost_picos, api_key_id";
    private static final java.math.BigDecimal PICOS_PER_USD = java.math.BigDecimal.TEN.pow(12);

    @Override
    public void appendRequestLogs(List<RequestLogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        run("append to the request log", c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jetway_request_log (" + RL_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement meta = c.prepareStatement("INSERT INTO jetway_request_log_metadata "
                         + "(log_id, meta_key, meta_value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                boolean anyMeta = false;
                for (RequestLogEntry e : entries) {
                    bindLog(ps, e);
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
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
            return null;
        });
    }

    private static String cut(String s) {
        return s.length() <= METADATA_INDEX_MAX ? s : s.substring(0, METADATA_INDEX_MAX);
    }

    private static void bindLog(PreparedStatement ps, RequestLogEntry e) throws SQLException {
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
            ps.setNull(17, java.sql.Types.DOUBLE);
        } else {
            ps.setDouble(17, e.firstByteMs());
        }
        ps.setDouble(18, e.totalMs());
        ps.setString(19, e.error());
        ps.setString(20, e.requestBody());
        ps.setString(21, e.responseBody());
        ps.setInt(22, e.bodiesTruncated() ? 1 : 0);
        setLong(ps, 23, e.costUsd() == null ? null
                : e.costUsd().multiply(PICOS_PER_USD).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        ps.setString(24, e.apiKeyId());
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    @Override
    public List<RequestLogEntry> requestLogs(RequestLogQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + RL_COLUMNS + " FROM jetway_request_log l WHERE 1 = 1");
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
            sql.append(" AND EXISTS (SELECT 1 FROM jetway_request_log_metadata m WHERE m.log_id = l.id AND m.meta_key = ?");
            args.add(cut(q.metadataKey()));
            if (q.metadataValue() != null) {
                sql.append(" AND m.meta_value = ?");
                args.add(cut(q.metadataValue()));
            }
            sql.append(")");
        }
        sql.append(" ORDER BY l.id DESC LIMIT ?");
        args.add(q.limit());
        return run("read the request log", c -> {
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
                        out.add(requestLog(rs));
                    }
                }
                return out;
            }
        });
    }

    private static RequestLogEntry requestLog(ResultSet rs) throws SQLException {
        Map<String, String> metadata;
        try {
            metadata = Json.MAPPER.readValue(rs.getString(7),
                    new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("request log " + rs.getString(1) + " has unreadable metadata", e);
        }
        return new RequestLogEntry(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), metadata, rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getInt(11) != 0, rs.getInt(12), rs.getInt(13), rs.getString(14),
                nullableLong(rs, 15), nullableLong(rs, 16), nullableDouble(rs, 17), rs.getDouble(18),
                rs.getString(19), rs.getString(20), rs.getString(21), rs.getInt(22) != 0, usd(nullableLong(rs, 23)),
                rs.getString(24));
    }

    private static java.math.BigDecimal usd(Long picos) {
        return picos == null ? null : new java.math.BigDecimal(picos).divide(PICOS_PER_USD).stripTrailingZeros();
    }

    @Override
    public List<UsageRow> usage(Instant from, Instant to, String apiKeyId) {
        String sql = "SELECT created_at / 86400000 AS day, api_key_id, provider, model, COUNT(*), "
                + "COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cost_picos), 0), "
                + "SUM(CASE WHEN cost_picos IS NULL AND input_tokens IS NOT NULL THEN 1 ELSE 0 END) "
                + "FROM jetway_request_log WHERE created_at >= ? AND created_at < ?"
                + (apiKeyId == null ? "" : " AND api_key_id = ?")
                + " GROUP BY created_at / 86400000, api_key_id, provider, model ORDER BY 1, 2, 3, 4";
        return run("sum the request log", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, from.toEpochMilli());
                ps.setLong(2, to.toEpochMilli());
                if (apiKeyId != null) {
                    ps.setString(3, apiKeyId);
                }
                List<UsageRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new UsageRow(java.time.LocalDate.ofEpochDay(rs.getLong(1)), rs.getString(2),
                                rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6), rs.getLong(7),
                                usd(rs.getLong(8)), rs.getLong(9)));
                    }
                }
                return out;
            }
        });
    }

    // ------------------------------------------------------------------ limits

    private static final String LIMIT_COLUMNS = "scope, subject, requests_per_minute, tokens_per_minute, "
            + "daily_budget_usd, monthly_budget_usd, created_at, updated_at";

    @Override
    public StoredLimits putLimits(io.jetway.gateway.limits.LimitScope scope, String subject,
                                  io.jetway.gateway.limits.Limits limits) {
        long now = now();
        run("set limits", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jetway_limits (" + LIMIT_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope, subject) DO UPDATE SET "
                    + "requests_per_minute = EXCLUDED.requests_per_minute, tokens_per_minute = "
                    + "EXCLUDED.tokens_per_minute, daily_budget_usd = EXCLUDED.daily_budget_usd, monthly_budget_usd = "
                    + "EXCLUDED.monthly_budget_usd, updated_at = EXCLUDED.updated_at")) {
                ps.setString(1, scope.wire());
                ps.setString(2, subject);
                setLong(ps, 3, limits.requestsPerMinute());
                setLong(ps, 4, limits.tokensPerMinute());
                ps.setString(5, limits.dailyBudgetUsd() == null ? null : limits.dailyBudgetUsd().toPlainString());
                ps.setString(6, limits.monthlyBudgetUsd() == null ? null : limits.monthlyBudgetUsd().toPlainString());
                ps.setLong(7, now);
                ps.setLong(8, now);
                ps.executeUpdate();
            }
            return null;
        });
        return limits(scope, subject).orElseThrow();
    }

    @Override
    public Optional<StoredLimits> limits(io.jetway.gateway.limits.LimitScope scope, String subject) {
        return run("read limits", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + LIMIT_COLUMNS
                    + " FROM jetway_limits WHERE scope = ? AND subject = ?")) {
                ps.setString(1, scope.wire());
                ps.setString(2, subject);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(storedLimits(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<StoredLimits> allLimits() {
        return all("list limits", "SELECT " + LIMIT_COLUMNS + " FROM jetway_limits ORDER BY scope, subject",
                JdbcStore::storedLimits);
    }

    @Override
    public boolean deleteLimits(io.jetway.gateway.limits.LimitScope scope, String subject) {
        return run("delete limits", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM jetway_limits WHERE scope = ? AND subject = ?")) {
                ps.setString(1, scope.wire());
                ps.setString(2, subject);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean hasLimits() {
        return run("count limits", c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM jetway_limits)")) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    private static StoredLimits storedLimits(ResultSet rs) throws SQLException {
        String day = rs.getString(5);
        String month = rs.getString(6);
        return new StoredLimits(io.jetway.gateway.limits.LimitScope.of(rs.getString(1)), rs.getString(2),
                new io.jetway.gateway.limits.Limits(nullableLong(rs, 3), nullableLong(rs, 4),
                        day == null ? null : new java.math.BigDecimal(day),
                        month == null ? null : new java.math.BigDecimal(month)),
                Instant.ofEpochSecond(rs.getLong(7)), Instant.ofEpochSecond(rs.getLong(8)));
    }

    private static Long nullableLong(ResultSet rs, int index) throws SQLException {
        long v = rs.getLong(index);
        return rs.wasNull() ? null : v;
    }

    private static Double nullableDouble(ResultSet rs, int index) throws SQLException {
        double v = rs.getDouble(index);
        return rs.wasNull() ? null : v;
    }

    // ------------------------------------------------------------------ common

    private boolean delete(String table, String id, String what) {
        return run(what, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    @FunctionalInterface
    private interface Sql<T> {
        T apply(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** The row a one-parameter query finds, if any. */
    private <T> Optional<T> one(String what, String query, String param, Row<T> row) {
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
    private <T> List<T> all(String what, String query, Row<T> row) {
        return run(what, c -> {
            List<T> out = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        });
    }

    private <T> T run(String what, Sql<T> sql) {
        try (Connection c = pool.getConnection()) {
            return sql.apply(c);
        } catch (SQLException e) {
            throw new StoreException("The store (" + url.describe() + ") failed to " + what + ": " + e.getMessage(), e);
        }
    }

    /** The pool, for read-only queries kept in classes of their own (the console's). */
    public javax.sql.DataSource dataSource() {
        return pool;
    }

    @Override
    public String describe() {
        return url.describe();
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "JdbcStore[" + url.describe() + "]";
    }
}
