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
                      value TEXT NOT NULL)"""));

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

    private static final String VK_COLUMNS = "id, provider, custom_host, options, secrets, created_at, updated_at";

    @Override
    public StoredVirtualKey createVirtualKey(StoredVirtualKey key) {
        long now = now();
        int inserted = run("create a virtual key", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jetway_virtual_keys (id, provider, custom_host, "
                    + "options, secrets, api_key_last4, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT DO NOTHING")) {
                ps.setString(1, key.id());
                bindVirtualKey(ps, 2, key);
                ps.setLong(7, now);
                ps.setLong(8, now);
                return ps.executeUpdate();
            }
        });
        if (inserted == 0) {
            throw new StoreException.AlreadyExists("virtual key", key.id());
        }
        return withTimes(key, now, now);
    }

    /** provider, custom_host, options, secrets, api_key_last4 from {@code index}. */
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
    }

    /** The last 4 characters of a key long enough (16+) that showing them gives little away. */
    public static String last4(String key) {
        return key == null || key.length() < 16 ? null : key.substring(key.length() - 4);
    }

    @Override
    public Optional<StoredVirtualKey> virtualKey(String id) {
        return run("read a virtual key", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + VK_COLUMNS + " FROM jetway_virtual_keys WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(virtualKey(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<StoredVirtualKey> virtualKeys() {
        return run("list virtual keys", c -> {
            List<StoredVirtualKey> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT " + VK_COLUMNS + " FROM jetway_virtual_keys ORDER BY created_at, id")) {
                while (rs.next()) {
                    out.add(virtualKey(rs));
                }
            }
            return out;
        });
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
        return new StoredVirtualKey(id, rs.getString("provider"), apiKey, rs.getString("custom_host"), options,
                Instant.ofEpochSecond(rs.getLong("created_at")), Instant.ofEpochSecond(rs.getLong("updated_at")));
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
                    + "options = ?, secrets = ?, api_key_last4 = ?, updated_at = ? WHERE id = ?")) {
                bindVirtualKey(ps, 1, key);
                ps.setLong(6, now);
                ps.setString(7, key.id());
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
        return new StoredVirtualKey(k.id(), k.provider(), k.apiKey(), k.customHost(), k.options(),
                Instant.ofEpochSecond(created), Instant.ofEpochSecond(updated));
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
        return run("read a config", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, config, created_at, updated_at FROM jetway_configs WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(config(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<StoredConfig> configs() {
        return run("list configs", c -> {
            List<StoredConfig> out = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT id, config, created_at, updated_at FROM jetway_configs ORDER BY created_at, id")) {
                while (rs.next()) {
                    out.add(config(rs));
                }
            }
            return out;
        });
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
        return run("read an API key", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + AK_COLUMNS + " FROM jetway_api_keys WHERE "
                    + column + " = ?")) {
                ps.setString(1, value);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(apiKey(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<StoredApiKey> apiKeys() {
        return run("list API keys", c -> {
            List<StoredApiKey> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT " + AK_COLUMNS + " FROM jetway_api_keys ORDER BY created_at, id")) {
                while (rs.next()) {
                    out.add(apiKey(rs));
                }
            }
            return out;
        });
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

    private <T> T run(String what, Sql<T> sql) {
        try (Connection c = pool.getConnection()) {
            return sql.apply(c);
        } catch (SQLException e) {
            throw new StoreException("The store (" + url.describe() + ") failed to " + what + ": " + e.getMessage(), e);
        }
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
