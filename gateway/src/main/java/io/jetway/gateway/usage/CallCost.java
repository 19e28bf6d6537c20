package io.jetway.gateway.usage;

import io.jetway.gateway.core.TokenUsage;
import java.math.BigDecimal;

/**
 * What a finished request is charged, attached to its exchange by
 * {@link io.jetway.gateway.limits.LimitsInterceptor} for the request log and the metrics.
 *
 * @param apiKeyId the stored gateway API key it came with, or null
 * @param usage    the usage reported by the answering call; null when none was (a failure, a
 *                 stream without a usage chunk); {@link TokenUsage#NONE} for a cache hit
 * @param costUsd  null when the usage or the model's price is unknown
 */
public record CallCost(String apiKeyId, String provider, String model, TokenUsage usage, BigDecimal costUsd) {}
