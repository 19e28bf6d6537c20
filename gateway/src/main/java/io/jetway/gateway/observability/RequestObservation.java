package io.jetway.gateway.observability;

import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.Target;
import io.opentelemetry.api.trace.Span;

/**
 * One request's observability state, attached to its {@link io.jetway.gateway.pipeline.Exchange}
 * by {@link RequestObservationInterceptor} and filled in by {@link UpstreamAttemptInterceptor}
 * and {@link ObservedUpstreamClient}. Confined to the request's thread, like the exchange.
 */
final class RequestObservation {

    final long startNanos;
    final Span span;
    /** Time spent waiting on providers: upstream I/O plus the gaps between attempts (retry backoff). */
    long waitNanos;

    int attempts;
    /** The last attempt's target and provider, and when it ended (for retry/fallback detection). */
    Target lastTarget;

    String lastProvider;
    long lastAttemptEnd;
    /** What the answering attempt learnt about the answer. */
    CallFacts answer = CallFacts.UNKNOWN;

    RequestObservation(long startNanos, Span span) {
        this.startNanos = startNanos;
        this.span = span;
    }
}
