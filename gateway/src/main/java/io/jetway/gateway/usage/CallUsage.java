package io.jetway.gateway.usage;

import io.jetway.gateway.core.TokenUsage;
import io.jetway.gateway.pipeline.Exchange;

/**
 * The seam through which a finished call's token usage reaches usage, cost and limits: whoever
 * knows the usage of the answering call (a whole answer, or a stream at its end) {@link #report}s
 * it on the exchange; {@link io.jetway.gateway.limits.LimitsInterceptor}, above, reads it once the
 * answer (or the stream) is over.
 *
 * <p>The upstream attempt observation reports the typed facts of each call
 * ({@code GatewayResponse.facts()}: the usage each provider's translation reported, for an answer,
 * a finished stream, or what a broken stream reported before it broke).
 * A later report (a retry's, a fallback's) replaces an earlier one: the answer the client got is
 * the one charged.
 */
public final class CallUsage {

    private CallUsage() {}

    /** Records the usage of the call that answered; null: the call reported none. */
    public static void report(Exchange exchange, TokenUsage usage) {
        if (usage != null) {
            exchange.attach(TokenUsage.class, usage);
        }
    }

    /**
     * What a stream that broke used: what its provider reported before it broke, the rest estimated
     * (and marked so). Input the provider did not report is the request's size at 4 bytes a token (an
     * over-estimate for text: JSON overhead); output is at least one token per chunk the client got
     * (a lower bound: a streamed chunk carries one token or more).
     *
     * @param reported what the provider reported, or null
     * @param requestBytes the request body's size
     * @param chunksRelayed the stream's chunks that reached the client before it broke
     */
    public static TokenUsage ofBrokenStream(TokenUsage reported, long requestBytes, long chunksRelayed) {
        long estimatedInput = (requestBytes + 3) / 4;
        if (reported == null) {
            return new TokenUsage(estimatedInput, 0, 0, chunksRelayed, 0, true);
        }
        long input = reported.inputTokens() > 0
                ? reported.inputTokens()
                : Math.max(estimatedInput, reported.cachedInputTokens() + reported.cacheWriteTokens());
        return new TokenUsage(
                input,
                reported.cachedInputTokens(),
                reported.cacheWriteTokens(),
                Math.max(reported.outputTokens(), chunksRelayed),
                reported.reasoningTokens(),
                true);
    }

    /** The reported usage, or null when no call reported one (a cache hit, a failure, a stream without usage). */
    public static TokenUsage of(Exchange exchange) {
        return exchange.attachment(TokenUsage.class);
    }
}
