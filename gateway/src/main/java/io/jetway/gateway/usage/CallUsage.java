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

    private CallUsage() {
    }

    /** Records the usage of the call that answered; null: the call reported none. */
    public static void report(Exchange exchange, TokenUsage usage) {
        if (usage != null) {
            exchange.attach(TokenUsage.class, usage);
        }
    }

    /** The reported usage, or null when no call reported one (a cache hit, a failure, a stream without usage). */
    public static TokenUsage of(Exchange exchange) {
        return exchange.attachment(TokenUsage.class);
    }
}
