package io.jetway.gateway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Virtual keys ({@code jetway_virtual_keys}). A key's API key and secret options are one JSON
 * object sealed by the {@link SecretBox} with the row's identity as associated data
 * ({@code virtual_key:<id>}), so a sealed value copied to another row does not open; the other
 * options are plain JSON.
 */
final class VirtualKeyRepository {

    private static final String COLUMNS =
            "id, provider, custom_host, allow_caller_custom_host, options, secrets, " + "created_at, updated_at";

    private final Database db;
    private final SecretBox box;

    VirtualKeyRepository(Database db, SecretBox box) {
        this.db = db;
        this.box = box;
    }

    StoredVirtualKey create(StoredVirtualKey key) {
        long now = db.now();
        int inserted = db.run("create a virtual key", c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO jetway_virtual_keys (id, provider, custom_host, "
                            + "options, secrets, api_key_last4, allow_caller_custom_host, created_at, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, key.id());
                bind(ps, 2, key);
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

    Optional<StoredVirtualKey> byId(String id) {
        return db.one(
                "read a virtual key", "SELECT " + COLUMNS + " FROM jetway_virtual_keys WHERE id = ?", id, this::read);
    }

    List<StoredVirtualKey> all() {
        return db.all(
                "list virtual keys",
                "SELECT " + COLUMNS + " FROM jetway_virtual_keys ORDER BY created_at, id",
                this::read);
    }

    Optional<StoredVirtualKey> update(StoredVirtualKey key) {
        long now = db.now();
        return db.run("update a virtual key", c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE jetway_virtual_keys SET provider = ?, custom_host = ?, "
                            + "options = ?, secrets = ?, api_key_last4 = ?, allow_caller_custom_host = ?, updated_at = ? "
                            + "WHERE id = ?")) {
                bind(ps, 1, key);
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

    boolean delete(String id) {
        return db.deleteById("jetway_virtual_keys", id, "delete a virtual key");
    }

    /** provider, custom_host, options, secrets, api_key_last4, allow_caller_custom_host from {@code index}. */
    private void bind(PreparedStatement ps, int index, StoredVirtualKey key) throws SQLException {
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
        ps.setString(index + 4, JdbcStore.last4(key.apiKey()));
        ps.setInt(index + 5, key.allowCallerCustomHost() ? 1 : 0);
    }

    private StoredVirtualKey read(ResultSet rs) throws SQLException {
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
                throw new StoreException(
                        "The secrets of virtual key '" + id + "' cannot be opened (" + e.getMessage() + ")", null);
            }
            JsonNode secrets = readOptions(opened, options);
            apiKey =
                    secrets.path("api_key").isTextual() ? secrets.get("api_key").asText() : null;
        }
        return new StoredVirtualKey(
                id,
                rs.getString("provider"),
                apiKey,
                rs.getString("custom_host"),
                rs.getInt("allow_caller_custom_host") != 0,
                options,
                Instant.ofEpochSecond(rs.getLong("created_at")),
                Instant.ofEpochSecond(rs.getLong("updated_at")));
    }

    private static JsonNode readOptions(String json, EnumMap<ProviderOption, String> into) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new StoreException("A stored virtual key has unreadable options", null);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            ProviderOption option = ProviderOption.byConfigKey(f.getKey());
            if (option != null && f.getValue().isTextual()) {
                into.put(option, f.getValue().asText());
            }
        }
        return node;
    }

    private static StoredVirtualKey withTimes(StoredVirtualKey k, long created, long updated) {
        return new StoredVirtualKey(
                k.id(),
                k.provider(),
                k.apiKey(),
                k.customHost(),
                k.allowCallerCustomHost(),
                k.options(),
                Instant.ofEpochSecond(created),
                Instant.ofEpochSecond(updated));
    }
}
