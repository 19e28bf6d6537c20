package io.jetway.gateway.store;

import java.time.Instant;

/**
 * A config stored under an id, for {@code x-portkey-config: <id>}.
 *
 * @param json the config object as JSON text (validated by the admin API before it is stored)
 */
public record StoredConfig(String id, String json, Instant createdAt, Instant updatedAt) {}
