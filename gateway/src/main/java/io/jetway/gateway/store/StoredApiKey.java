package io.jetway.gateway.store;

import java.time.Instant;

/**
 * A gateway API key's record. The key itself is never stored: only its SHA-256 ({@link ApiKeyHash}).
 *
 * @param keyHash lower-case hex SHA-256 of the key
 */
public record StoredApiKey(
        String id, String name, String keyHash, String keyLast4, Instant createdAt, Instant updatedAt) {}
