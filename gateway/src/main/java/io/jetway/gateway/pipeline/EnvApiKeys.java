package io.jetway.gateway.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The gateway keys of {@code JETWAY_API_KEYS}, each with a stable id, so that limits can be set on
 * it ({@code PUT /v1/admin/limits/api_key/{id}}) and its usage told apart in the request log.
 *
 * <p>The setting is a comma-separated list of entries, each {@code id:key} or just {@code key} (the
 * format before ids). An entry's id is the part before its first colon when that part is an id
 * ({@code [A-Za-z0-9._-]}, 1–64 characters) and a key follows; otherwise the whole entry is the key
 * and its id is derived from it: {@code env-} and the first 16 hex digits of the key's SHA-256,
 * stable across restarts and nodes, and never the key or a part of it. (A key that itself contains
 * a colon after an id-like prefix therefore needs an explicit id: {@code my-id:abc:def}.)
 *
 * <p>Ids are looked up by the key's SHA-256, so no map is keyed by a plaintext key.
 */
public final class EnvApiKeys {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final EnvApiKeys NONE = new EnvApiKeys(Set.of(), Map.of());

    private final Set<String> keys;
    /** SHA-256 (hex) of each key → its id. */
    private final Map<String, String> idsByHash;

    private EnvApiKeys(Set<String> keys, Map<String, String> idsByHash) {
        this.keys = keys;
        this.idsByHash = idsByHash;
    }

    public static EnvApiKeys none() {
        return NONE;
    }

    /**
     * Parses {@code JETWAY_API_KEYS} (null or blank: none).
     *
     * @throws IllegalArgumentException when two entries share an id (naming the id, never a key)
     */
    public static EnvApiKeys parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return NONE;
        }
        Set<String> keys = new LinkedHashSet<>();
        Map<String, String> ids = new HashMap<>();
        Set<String> seenIds = new java.util.HashSet<>();
        int n = 0;
        for (String raw : setting.split(",")) {
            String entry = raw.strip();
            n++;
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String id;
            String key;
            if (colon > 0
                    && colon < entry.length() - 1
                    && ID.matcher(entry.substring(0, colon)).matches()) {
                id = entry.substring(0, colon);
                key = entry.substring(colon + 1).strip();
            } else {
                key = entry;
                id = derivedId(key);
            }
            if (key.isEmpty()) {
                throw new IllegalArgumentException("JETWAY_API_KEYS entry " + n + " (id '" + id + "') has no key");
            }
            String hash = sha256(key);
            if (ids.containsKey(hash)) {
                continue; // the same key twice: one key, its first id
            }
            if (!seenIds.add(id)) {
                throw new IllegalArgumentException(
                        "JETWAY_API_KEYS names the id '" + id + "' twice: each key needs " + "its own id");
            }
            keys.add(key);
            ids.put(hash, id);
        }
        return new EnvApiKeys(Collections.unmodifiableSet(keys), Map.copyOf(ids));
    }

    /** The id of a key written without one: {@code env-} + 16 hex digits of its SHA-256. */
    public static String derivedId(String key) {
        return "env-" + sha256(key).substring(0, 16);
    }

    /** The keys themselves, for {@link GatewayAuth}'s constant-time comparison. */
    public Set<String> keys() {
        return keys;
    }

    /** The id of environment key {@code key}, or null when it is not one. */
    public String idOf(String key) {
        return key == null || idsByHash.isEmpty() ? null : idsByHash.get(sha256(key));
    }

    /** Whether {@code id} is the id of an environment key. */
    public boolean hasId(String id) {
        return idsByHash.containsValue(id);
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    public int size() {
        return keys.size();
    }

    /** Never the keys. */
    @Override
    public String toString() {
        return "EnvApiKeys[" + idsByHash.values().stream().sorted().toList() + "]";
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }
}
