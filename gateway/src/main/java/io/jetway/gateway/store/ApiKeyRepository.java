package io.jetway.gateway.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Gateway API keys ({@code jetway_api_keys}): only a key's hash and last four characters are
 * stored, never the key.
 */
final class ApiKeyRepository {

    private static final String COLUMNS = "id, name, key_hash, key_last4, created_at, updated_at";

    private final Database db;

    ApiKeyRepository(Database db) {
        this.db = db;
    }

    StoredApiKey create(String id, String name, String keyHash, String keyLast4) {
        long now = db.now();
        int inserted = db.run("create an API key", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO jetway_api_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
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

    Optional<StoredApiKey> byId(String id) {
        return where("id", id);
    }

    Optional<StoredApiKey> byHash(String keyHash) {
        return where("key_hash", keyHash);
    }

    List<StoredApiKey> all() {
        return db.all(
                "list API keys",
                "SELECT " + COLUMNS + " FROM jetway_api_keys ORDER BY created_at, id",
                ApiKeyRepository::read);
    }

    Optional<StoredApiKey> rename(String id, String name) {
        long now = db.now();
        int updated = db.run("rename an API key", c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE jetway_api_keys SET name = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, name);
                ps.setLong(2, now);
                ps.setString(3, id);
                return ps.executeUpdate();
            }
        });
        return updated == 0 ? Optional.empty() : byId(id);
    }

    boolean delete(String id) {
        return db.deleteById("jetway_api_keys", id, "delete an API key");
    }

    boolean any() {
        return db.exists("count API keys", "SELECT EXISTS (SELECT 1 FROM jetway_api_keys)");
    }

    /** {@code column} is one of this class's constants, never caller text. */
    private Optional<StoredApiKey> where(String column, String value) {
        return db.one(
                "read an API key",
                "SELECT " + COLUMNS + " FROM jetway_api_keys WHERE " + column + " = ?",
                value,
                ApiKeyRepository::read);
    }

    private static StoredApiKey read(ResultSet rs) throws SQLException {
        return new StoredApiKey(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                Instant.ofEpochSecond(rs.getLong(5)),
                Instant.ofEpochSecond(rs.getLong(6)));
    }
}
