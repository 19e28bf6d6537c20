package io.jetway.gateway.store;

import java.time.Instant;
import java.util.Map;

/**
 * One request's log entry (see {@link io.jetway.gateway.requestlog.RequestLog}). Never holds a
 * header or a key; bodies only when body logging is on.
 *
 * @param id              sortable: newer entries have greater ids (the paging cursor)
 * @param createdAt       when the request arrived (millisecond precision is kept)
 * @param metadata        {@code x-portkey-metadata}
 * @param targetPath      {@code x-portkey-last-used-option-index} when a config was used, else null
 * @param retries         upstream attempts after the first (retries and fallbacks)
 * @param inputTokens     null when unknown
 * @param firstByteMs     time to the first byte of the answer (a stream's first chunk); null when none was sent
 * @param error           the error message the client got, null on success
 * @param requestBody     the body as received, when body logging is on (capped)
 * @param responseBody    the non-stream answer, when body logging is on (capped)
 * @param bodiesTruncated whether a body was cut at the cap
 * @param costUsd         the request's cost; null when unknown (no usage, or a model without a price)
 * @param apiKeyId        the id of the stored gateway API key the request came with; null for none
 */
public record RequestLogEntry(
        String id,
        Instant createdAt,
        String traceId,
        String spanId,
        String parentSpanId,
        String spanName,
        Map<String, String> metadata,
        String provider,
        String model,
        String targetPath,
        boolean stream,
        int status,
        int retries,
        String cacheStatus,
        Long inputTokens,
        Long outputTokens,
        Double firstByteMs,
        double totalMs,
        String error,
        String requestBody,
        String responseBody,
        boolean bodiesTruncated,
        java.math.BigDecimal costUsd,
        String apiKeyId) {

    public RequestLogEntry {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** An entry without cost or API key. */
    public RequestLogEntry(
            String id,
            Instant createdAt,
            String traceId,
            String spanId,
            String parentSpanId,
            String spanName,
            Map<String, String> metadata,
            String provider,
            String model,
            String targetPath,
            boolean stream,
            int status,
            int retries,
            String cacheStatus,
            Long inputTokens,
            Long outputTokens,
            Double firstByteMs,
            double totalMs,
            String error,
            String requestBody,
            String responseBody,
            boolean bodiesTruncated) {
        this(
                id,
                createdAt,
                traceId,
                spanId,
                parentSpanId,
                spanName,
                metadata,
                provider,
                model,
                targetPath,
                stream,
                status,
                retries,
                cacheStatus,
                inputTokens,
                outputTokens,
                firstByteMs,
                totalMs,
                error,
                requestBody,
                responseBody,
                bodiesTruncated,
                null,
                null);
    }
}
