package io.jetway.gateway.store;

import java.time.Instant;

/**
 * Filters for {@link Store#requestLogs}; null means "any". Results are newest first (by id).
 *
 * @param status        exact HTTP status
 * @param statusClass   1..5: the {@code Nxx} class
 * @param metadataKey   entries whose metadata has this key ({@code metadataValue} null) or this key with
 *                      exactly {@code metadataValue}
 * @param from          created at or after (inclusive)
 * @param to            created before (exclusive)
 * @param before        the paging cursor: entries with an id below it
 * @param limit         at most this many entries
 */
public record RequestLogQuery(
        String traceId,
        String provider,
        Integer status,
        Integer statusClass,
        String metadataKey,
        String metadataValue,
        Instant from,
        Instant to,
        String before,
        int limit) {}
