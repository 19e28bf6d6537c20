package io.jetway.gateway.usage;

import io.jetway.gateway.core.TokenUsage;
import java.math.BigDecimal;

/**
 * One model's prices in US dollars per million tokens, as its provider's pricing page lists them.
 * A null cached, cache-write or reasoning price means those tokens cost the plain input (output) price.
 *
 * @param asOf   the date the prices were read from {@code source}
 * @param source the provider's pricing page
 */
public record Price(
        String provider,
        String model,
        BigDecimal input,
        BigDecimal cachedInput,
        BigDecimal cacheWrite,
        BigDecimal output,
        BigDecimal reasoning,
        String asOf,
        String source) {

    /**
     * The exact cost of {@code usage}: uncached input at the input price, cached input at the
     * cached price, cache writes at the write price, output (reasoning excluded) at the output
     * price and reasoning at the reasoning price (see {@link TokenUsage} for the convention).
     */
    public BigDecimal cost(TokenUsage usage) {
        long reasoningTokens = Math.min(usage.reasoningTokens(), usage.outputTokens());
        BigDecimal perMillion = input.multiply(BigDecimal.valueOf(usage.uncachedInputTokens()))
                .add(or(cachedInput, input).multiply(BigDecimal.valueOf(usage.cachedInputTokens())))
                .add(or(cacheWrite, input).multiply(BigDecimal.valueOf(usage.cacheWriteTokens())))
                .add(output.multiply(BigDecimal.valueOf(usage.outputTokens() - reasoningTokens)))
                .add(or(reasoning, output).multiply(BigDecimal.valueOf(reasoningTokens)));
        // Moving the point is the exact division by a million, without DECIMAL128's long division
        // (which was most of a request's cost bookkeeping).
        return perMillion.movePointLeft(6).stripTrailingZeros();
    }

    /** The most {@code inputTokens + outputTokens} can cost (every input token at the dearest input price). */
    public BigDecimal bound(long inputTokens, long outputTokens) {
        BigDecimal in = input.max(or(cacheWrite, input));
        BigDecimal out = output.max(or(reasoning, output));
        return in.multiply(BigDecimal.valueOf(inputTokens))
                .add(out.multiply(BigDecimal.valueOf(outputTokens)))
                .movePointLeft(6);
    }

    private static BigDecimal or(BigDecimal a, BigDecimal b) {
        return a != null ? a : b;
    }
}
