package io.jetway.gateway.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stored configs ({@code jetway_configs}): the config's JSON text as it was given, by id. */
final class ConfigRepository {

    private static final String COLUMNS = "id, config, created_at, updated_at";

    private final Database db;

    ConfigRepository(Database db) {
        this.db = db;
    }

    StoredConfig create(String id, String json) {
        long now = db.now();
        int inserted = db.run("create a config", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO jetway_configs (" + COLUMNS + ") " + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
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

    Optional<StoredConfig> byId(String id) {
        return db.one(
                "read a config", "SELECT " + COLUMNS + " FROM jetway_configs WHERE id = ?", id, ConfigRepository::read);
    }

    List<StoredConfig> all() {
        return db.all(
                "list configs",
                "SELECT " + COLUMNS + " FROM jetway_configs ORDER BY created_at, id",
                ConfigRepository::read);
    }

    Optional<StoredConfig> update(String id, String json) {
        long now = db.now();
        int updated = db.run("update a config", c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE jetway_configs SET config = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, json);
                ps.setLong(2, now);
                ps.setString(3, id);
                return ps.executeUpdate();
            }
        });
        return updated == 0 ? Optional.empty() : byId(id);
    }

    boolean delete(String id) {
        return db.deleteById("jetway_configs", id, "delete a config");
    }

    private static StoredConfig read(ResultSet rs) throws SQLException {
        return new StoredConfig(
                rs.getString(1),
                rs.getString(2),
                Instant.ofEpochSecond(rs.getLong(3)),
                Instant.ofEpochSecond(rs.getLong(4)));
    }
}
