package io.jetway.gateway.observability;

import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ForwardingChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.pipeline.Exchange;
import io.jetway.gateway.pipeline.Interceptor;
import io.jetway.gateway.usage.CallUsage;

/**
 * Observes each upstream attempt, from just above the provider call (routing runs the chain below
 * it once per attempt): a CLIENT span per attempt, retries and fallbacks, upstream errors, and the
 * answer's id and token usage (the facts the provider's translation read: {@link GatewayResponse#facts()}).
 *
 * <p>Retries and fallbacks are told apart by the target: routing resolves a {@link Target} once per
 * config leaf and reuses it for that leaf's retries, so another attempt with the same target is a
 * retry, and one with a different target (only ever after a failure) is a fallback.
 *
 * <p>A stream's attempt lasts as long as the stream: its chunk source is wrapped to read the
 * response id from the first chunk and usage from a usage chunk (sent when the caller asked for
 * {@code stream_options.include_usage}), and to see the stream's end or failure.
 */
final class UpstreamAttemptInterceptor implements Interceptor {

    private final GatewayMetrics metrics;
    private final Tracing tracing;
    private final Ticker ticker;

    UpstreamAttemptInterceptor(GatewayMetrics metrics, Tracing tracing, Ticker ticker) {
        this.metrics = metrics;
        this.tracing = tracing;
        this.ticker = ticker;
    }

    @Override
    public GatewayResponse intercept(Chain chain) {
        Exchange ex = chain.exchange();
        RequestObservation req = ex.attachment(RequestObservation.class);
        Target target = ex.target();
        if (req == null || target == null) {
            // Not below the request observation and routing (a hand-assembled pipeline): nothing to report to.
            return chain.proceed();
        }
        String provider = target.provider();
        String model = RequestObservationInterceptor.model(ex);
        String modelLabel = metrics.model(model);
        String reason = "first";
        if (req.lastTarget != null) {
            // The gap since the last attempt ended is retry backoff (and routing's own trifles).
            req.waitNanos += ticker.nanos() - req.lastAttemptEnd;
            if (req.lastTarget == target) {
                reason = "retry";
                metrics.retry(provider, modelLabel);
            } else {
                reason = "fallback";
                metrics.fallback(req.lastProvider, modelLabel);
            }
        }
        req.attempts++;
        req.lastTarget = target;
        req.lastProvider = provider;
        AttemptObservation attempt = new AttemptObservation(
                req, tracing.startAttempt(req.span, provider, model, req.attempts, reason), provider, modelLabel);
        AttemptObservation previous = AttemptObservation.enter(attempt);
        try {
            GatewayResponse answer = chain.proceed();
            return switch (answer) {
                case GatewayResponse.Complete c -> {
                    CallUsage.report(ex, c.facts().usage());
                    succeeded(attempt, c.facts());
                    yield c;
                }
                case GatewayResponse.Streaming s -> s.withChunks(new AttemptChunks(s, attempt, ex));
            };
        } catch (RuntimeException e) {
            failed(attempt, e);
            throw e;
        } finally {
            AttemptObservation.restore(previous);
        }
    }

    private void succeeded(AttemptObservation attempt, CallFacts facts) {
        attempt.answer = facts;
        attempt.request.answer = facts;
        if (facts.usage() != null) {
            metrics.tokens(
                    attempt.provider,
                    attempt.model,
                    facts.usage().inputTokens(),
                    facts.usage().outputTokens());
        }
        Tracing.answer(attempt.span, facts);
        attempt.span.end();
        attempt.request.lastAttemptEnd = ticker.nanos();
    }

    private void failed(AttemptObservation attempt, RuntimeException e) {
        if (attempt.sent) {
            // The provider's error status when it sent one; else the gateway's (unreachable, timeout, broken stream).
            int status = attempt.upstreamStatus >= 400
                    ? attempt.upstreamStatus
                    : e instanceof GatewayException g ? g.status() : 500;
            metrics.upstreamError(attempt.provider, attempt.model, status);
        }
        Tracing.failed(attempt.span, e);
        attempt.span.end();
        attempt.request.lastAttemptEnd = ticker.nanos();
    }

    /** The upstream stream as the attempt sees it. */
    private final class AttemptChunks extends ForwardingChunkSource {
        private final GatewayResponse.Streaming stream;
        private final AttemptObservation attempt;
        private final Exchange ex;
        private boolean over;
        /** Chunks that went on to the client: the lower bound of a broken stream's output. */
        private long relayed;

        AttemptChunks(GatewayResponse.Streaming stream, AttemptObservation attempt, Exchange ex) {
            super(stream.chunks());
            this.stream = stream;
            this.attempt = attempt;
            this.ex = ex;
        }

        @Override
        public String next() {
            String payload;
            try {
                payload = delegate.next();
            } catch (RuntimeException e) {
                if (!over) {
                    over = true;
                    CallFacts facts = stream.facts();
                    // A broken stream keeps what the provider reported before it broke, the rest estimated.
                    CallUsage.report(
                            ex,
                            CallUsage.ofBrokenStream(
                                    facts.usage(),
                                    ex.request() == null || ex.request().raw() == null
                                            ? 0
                                            : ex.request().raw().length,
                                    relayed));
                    attempt.answer = facts;
                    attempt.request.answer = facts;
                    Tracing.answer(attempt.span, facts);
                    failed(attempt, e);
                }
                throw e;
            }
            if (payload == null) {
                if (!over) {
                    over = true;
                    CallUsage.report(ex, stream.facts().usage());
                    succeeded(attempt, stream.facts());
                }
                return null;
            }
            relayed++;
            return payload;
        }

        @Override
        public void close() {
            try {
                delegate.close();
            } finally {
                if (!over) {
                    // Cancelled by the client: the provider did nothing wrong, so this is no upstream error.
                    over = true;
                    CallFacts facts = stream.facts();
                    attempt.answer = facts;
                    attempt.request.answer = facts;
                    Tracing.answer(attempt.span, facts);
                    attempt.span.setAttribute(Tracing.ERROR_TYPE, "cancelled");
                    attempt.span.end();
                }
            }
        }
    }
}
