package io.jetway.gateway.store;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One day's usage of one gateway API key and model, summed from the request log.
 *
 * @param apiKeyId   the stored gateway API key's id; null for requests without one
 * @param costUsd    the summed cost of the requests whose model has a price
 * @param unpriced   requests whose model has no price (their cost is unknown, not zero)
 */
public record UsageRow(
        LocalDate day,
        String apiKeyId,
        String provider,
        String model,
        long requests,
        long inputTokens,
        long outputTokens,
        BigDecimal costUsd,
        long unpriced) {}
