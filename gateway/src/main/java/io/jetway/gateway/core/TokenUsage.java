package io.jetway.gateway.core;

/**
 * The tokens one call used, as the provider reported them, in one convention for every provider.
 *
 * <p>The convention is OpenAI's: {@code inputTokens} counts every input token whatever its price
 * (so it includes {@code cachedInputTokens} and {@code cacheWriteTokens}), and {@code outputTokens}
 * includes {@code reasoningTokens}. Providers that report them apart (Anthropic's
 * {@code cache_read_input_tokens} and {@code cache_creation_input_tokens} are not part of its
 * {@code input_tokens}) are added up by their translation. A price is therefore
 * {@code (input - cached - cacheWrite) × inputPrice + cached × cachedPrice + cacheWrite × writePrice
 * + output × outputPrice}.
 *
 * <p>{@code estimated} is true when some count was not reported by the provider (a stream that
 * broke before its usage event, say) and was estimated instead.
 */
public record TokenUsage(
        long inputTokens,
        long cachedInputTokens,
        long cacheWriteTokens,
        long outputTokens,
        long reasoningTokens,
        boolean estimated) {

    /** No tokens, reported. */
    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0, false);

    public TokenUsage {
        if (inputTokens < 0
                || cachedInputTokens < 0
                || cacheWriteTokens < 0
                || outputTokens < 0
                || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts are never negative");
        }
    }

    /** Input and output tokens together, as OpenAI's {@code total_tokens}. */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** Input tokens at the full input price: neither read from nor written to a prompt cache. */
    public long uncachedInputTokens() {
        return Math.max(0, inputTokens - cachedInputTokens - cacheWriteTokens);
    }
}
