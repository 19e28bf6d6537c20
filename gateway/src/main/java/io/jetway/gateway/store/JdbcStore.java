package io.jetway.gateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jetway.gateway.limits.LimitScope;
import io.jetway.gateway.limits.Limits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@link Store} on JDBC, one SQL for both databases: SQLite (an embedded file in WAL mode,
 * the default) and PostgreSQL (shared by many gateway nodes). Both understand
 * {@code INSERT … ON CONFLICT DO NOTHING}, which is how a taken id is told apart without
 * parsing driver errors.
 *
 * <p>This class opens the connection pool for the dialect, migrates the schema ({@link Migrations})
 * and checks the master key; each concern's SQL lives in its repository ({@link VirtualKeyRepository},
 * {@link ConfigRepository}, {@link ApiKeyRepository}, {@link RequestLogRepository},
 * {@link UsageRepository}, {@link LimitsRepository}), which all share one {@link Database}.
 *
 * <p>A sealed check value in {@code jetway_meta} makes a wrong master key fail at start, not at
 * the first request.
 */
public final class JdbcStore implements Store {

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

    /** Every schema version, in order ({@link Migrations#VERSIONS}). */
    static final List<List<String>> MIGRATIONS = Migrations.VERSIONS;

    private static final String KEY_CHECK = "key_check";

    private final Database db;
    private final VirtualKeyRepository virtualKeys;
    private final ConfigRepository configs;
    private final ApiKeyRepository apiKeys;
    private final RequestLogRepository requestLog;
    private final UsageRepository usage;
    private final LimitsRepository limits;

    private JdbcStore(Database db, SecretBox box) {
        this.db = db;
        this.virtualKeys = new VirtualKeyRepository(db, box);
        this.configs = new ConfigRepository(db);
        this.apiKeys = new ApiKeyRepository(db);
        this.requestLog = new RequestLogRepository(db);
        this.usage = new UsageRepository(db);
        this.limits = new LimitsRepository(db);
    }

    /**
     * Connects, migrates the schema and checks the master key.
     *
     * @throws IllegalStateException when the database cannot be used (unreachable, newer schema,
     *                               wrong master key), with a message saying which
     */
    public static JdbcStore open(DatabaseUrl url, SecretBox box, Clock clock) {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig(url));
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Cannot connect to the store (" + url.describe() + "): " + rootMessage(e), e);
        }
        Database db = new Database(url, pool, clock);
        try {
            Migrations.migrate(db);
            checkMasterKey(db, box);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new JdbcStore(db, box);
    }

    private static HikariConfig poolConfig(DatabaseUrl url) {
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
        return config;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** The schema version the database is at now. */
    int schemaVersion() {
        return Migrations.current(db);
    }

    private static void checkMasterKey(Database db, SecretBox box) {
        String sealed = db.run("check the master key", c -> {
            String existing = meta(c, KEY_CHECK);
            if (existing != null) {
                return existing;
            }
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO jetway_meta (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
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
                    + db.describe() + "): JETWAY_MASTER_KEY (or the generated key file) is not the key they were "
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

    /** The last 4 characters of a key long enough (16+) that showing them gives little away. */
    public static String last4(String key) {
        return key == null || key.length() < 16 ? null : key.substring(key.length() - 4);
    }

    // ------------------------------------------------------------ virtual keys

    @Override
    public StoredVirtualKey createVirtualKey(StoredVirtualKey key) {
        return virtualKeys.create(key);
    }

    @Override
    public Optional<StoredVirtualKey> virtualKey(String id) {
        return virtualKeys.byId(id);
    }

    @Override
    public List<StoredVirtualKey> virtualKeys() {
        return virtualKeys.all();
    }

    @Override
    public Optional<StoredVirtualKey> updateVirtualKey(StoredVirtualKey key) {
        return virtualKeys.update(key);
    }

    @Override
    public boolean deleteVirtualKey(String id) {
        return virtualKeys.delete(id);
    }

    // ----------------------------------------------------------------- configs

    @Override
    public StoredConfig createConfig(String id, String json) {
        return configs.create(id, json);
    }

    @Override
    public Optional<StoredConfig> config(String id) {
        return configs.byId(id);
    }

    @Override
    public List<StoredConfig> configs() {
        return configs.all();
    }

    @Override
    public Optional<StoredConfig> updateConfig(String id, String json) {
        return configs.update(id, json);
    }

    @Override
    public boolean deleteConfig(String id) {
        return configs.delete(id);
    }

    // ---------------------------------------------------------------- api keys

    @Override
    public StoredApiKey createApiKey(String id, String name, String keyHash, String keyLast4) {
        return apiKeys.create(id, name, keyHash, keyLast4);
    }

    @Override
    public Optional<StoredApiKey> apiKey(String id) {
        return apiKeys.byId(id);
    }

    @Override
    public Optional<StoredApiKey> apiKeyByHash(String keyHash) {
        return apiKeys.byHash(keyHash);
    }

    @Override
    public List<StoredApiKey> apiKeys() {
        return apiKeys.all();
    }

    @Override
    public Optional<StoredApiKey> renameApiKey(String id, String name) {
        return apiKeys.rename(id, name);
    }

    @Override
    public boolean deleteApiKey(String id) {
        return apiKeys.delete(id);
    }

    @Override
    public boolean hasApiKeys() {
        return apiKeys.any();
    }

    // ------------------------------------------------------------- request log

    @Override
    public void appendRequestLogs(List<RequestLogEntry> entries) {
        requestLog.append(entries);
    }

    @Override
    public List<RequestLogEntry> requestLogs(RequestLogQuery query) {
        return requestLog.find(query);
    }

    @Override
    public List<UsageRow> usage(Instant from, Instant to, String apiKeyId) {
        return usage.sum(from, to, apiKeyId);
    }

    // ------------------------------------------------------------------ limits

    @Override
    public StoredLimits putLimits(LimitScope scope, String subject, Limits limits) {
        return this.limits.put(scope, subject, limits);
    }

    @Override
    public Optional<StoredLimits> limits(LimitScope scope, String subject) {
        return limits.get(scope, subject);
    }

    @Override
    public List<StoredLimits> allLimits() {
        return limits.all();
    }

    @Override
    public boolean deleteLimits(LimitScope scope, String subject) {
        return limits.delete(scope, subject);
    }

    @Override
    public boolean hasLimits() {
        return limits.any();
    }

    // ------------------------------------------------------------------ common

    @Override
    public String describe() {
        return db.describe();
    }

    /** The connection pool, for the repositories that keep their own tables (migrated here). */
    public javax.sql.DataSource dataSource() {
        return db.dataSource();
    }

    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "JdbcStore[" + db.describe() + "]";
    }
}
