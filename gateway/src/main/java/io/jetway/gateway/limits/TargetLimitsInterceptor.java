package io.jetway.gateway.limits;

import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.core.TokenUsage;
import io.jetway.gateway.pipeline.Exchange;
import io.jetway.gateway.pipeline.Interceptor;
import io.jetway.gateway.pipeline.TargetRefusal;
import io.jetway.gateway.usage.CallUsage;
import io.jetway.gateway.usage.Price;
import io.jetway.gateway.usage.Prices;
import java.math.BigDecimal;
import java.util.List;

/**
 * The limits of a config target's virtual key ({@code "virtual_key"} in a target of
 * {@code x-portkey-config}), applied when that target is called: right below routing, so it runs
 * for the target actually tried (the loadbalance's pick, each fallback target in turn) and once per
 * attempt (each retry is a call made with the key). The key's requests per minute, tokens per
 * minute and budgets hold exactly as for {@code x-portkey-virtual-key} ({@link LimitsInterceptor}):
 * the attempt reserves tokens and cost on the key ({@link LimitsInterceptor#inputEstimate},
 * {@link LimitsInterceptor#outputBound}, at the target's price for the model) and settles from the
 * usage that attempt reported (a stream at its end); a failed attempt returns its reservation.
 *
 * <p>A key over a limit refuses the target with the usual 429 {@code rate_limit_exceeded} (naming
 * the key, with {@code retry-after}) before any upstream call. Like a provider's 429, it is a
 * failure a fallback handles: with no {@code on_status_codes}, or with 429 among them, the next
 * target is tried (Portkey's fallback triggers on any failing status unless
 * {@code on_status_codes} narrows it); otherwise the 429 is the answer. It is never retried on the
 * same target ({@link TargetRefusal}): the same key would be refused again in the same window.
 *
 * <p>The header's virtual key is charged once per request, at admission ({@link LimitsInterceptor});
 * a target carrying that same key is not charged again. The {@code x-ratelimit-*} headers stay the
 * request's own subjects'; a target's key fills them only when those set none.
 */
public final class TargetLimitsInterceptor implements Interceptor {

    private final LimitLookups lookups;
    private final Limiter limiter;
    private final java.util.function.Supplier<Prices> prices;

    public TargetLimitsInterceptor(LimitLookups lookups, Limiter limiter, Prices prices) {
        this(lookups, limiter, () -> prices);
    }

    /** @param prices the table in force ({@link io.jetway.gateway.usage.LivePrices}), read once per use */
    public TargetLimitsInterceptor(LimitLookups lookups, Limiter limiter, java.util.function.Supplier<Prices> prices) {
        this.lookups = lookups;
        this.limiter = limiter;
        this.prices = prices;
    }

    @Override
    public GatewayResponse intercept(Chain chain) {
        Exchange ex = chain.exchange();
        Target target = ex.target();
        String key = target == null ? null : target.virtualKey();
        if (key == null || ex.headers() != null && key.equals(ex.headers().virtualKey())) {
            return chain.proceed();
        }
        Limiter.Admission admission;
        try {
            admission = admit(ex, target, key);
        } catch (GatewayException e) {
            if (e.status() == 429) {
                ex.attach(TargetRefusal.class, new TargetRefusal(e));
                throw e;
            }
            if (!LimitsInterceptor.STORE_UNAVAILABLE.equals(e.code())) {
                throw e;
            }
            admission = null; // the store is down with nothing cached: fail open, as LimitsInterceptor does
        }
        if (admission == null) {
            return chain.proceed();
        }
        TokenUsage before = CallUsage.of(ex);
        GatewayResponse answer;
        try {
            answer = chain.proceed();
        } catch (RuntimeException e) {
            limiter.settle(admission, 0, BigDecimal.ZERO);
            throw e;
        }
        return switch (answer) {
            case GatewayResponse.Complete c -> {
                settle(ex, target, admission, before, c.status() < 400);
                yield c;
            }
            case GatewayResponse.Streaming s ->
                new GatewayResponse.Streaming(
                        s.status(), s.headers(), new SettledAtEnd(s.chunks(), ex, target, admission, before));
        };
    }

    /** Null when the key has no limits. */
    private Limiter.Admission admit(Exchange ex, Target target, String key) {
        if (!lookups.anyLimits()) {
            return null;
        }
        Limits limits = lookups.limits(LimitScope.VIRTUAL_KEY, key);
        if (limits == null || limits.none()) {
            return null;
        }
        long input = LimitsInterceptor.inputEstimate(ex.request());
        long output = LimitsInterceptor.outputBound(ex.request());
        Price price = price(target, LimitsInterceptor.model(ex));
        Limiter.Admission admission = limiter.admit(
                List.of(new Limiter.Subject(LimitScope.VIRTUAL_KEY, key, limits)),
                input + output,
                price == null ? null : price.bound(input, output));
        if (!ex.responseHeaders().containsKey("x-ratelimit-limit-requests")
                && !ex.responseHeaders().containsKey("x-ratelimit-limit-tokens")) {
            ex.responseHeaders().putAll(admission.headers());
        }
        return admission;
    }

    private Price price(Target target, String model) {
        Prices table = prices.get();
        Price p = table.find(target.provider(), model);
        return p != null ? p : table.findAnyProvider(model);
    }

    /**
     * @param before the usage on the exchange before this attempt: the attempt reported one only if it changed
     * @param ok     false when the attempt failed before any answer
     */
    private void settle(Exchange ex, Target target, Limiter.Admission admission, TokenUsage before, boolean ok) {
        TokenUsage usage = CallUsage.of(ex);
        if (usage != null && usage != before) {
            Price price = prices.get().find(target.provider(), LimitsInterceptor.model(ex));
            limiter.settle(admission, usage.totalTokens(), price == null ? null : price.cost(usage));
        } else if (!ok || "HIT".equals(ex.responseHeaders().get(LimitsInterceptor.CACHE_STATUS))) {
            limiter.settle(admission, 0, BigDecimal.ZERO); // failed before any answer, or answered from the cache
        }
        // Else an answer or stream that reported no usage: the reservation stands.
    }

    /** The stream, settled on the target's key at its end. */
    private final class SettledAtEnd implements ChunkSource {
        private final ChunkSource delegate;
        private final Exchange ex;
        private final Target target;
        private final Limiter.Admission admission;
        private final TokenUsage before;
        private boolean started;
        private boolean over;

        SettledAtEnd(ChunkSource delegate, Exchange ex, Target target, Limiter.Admission admission, TokenUsage before) {
            this.delegate = delegate;
            this.ex = ex;
            this.target = target;
            this.admission = admission;
            this.before = before;
        }

        @Override
        public String next() {
            String payload;
            try {
                payload = delegate.next();
            } catch (RuntimeException e) {
                end(started);
                throw e;
            }
            if (payload == null) {
                end(true);
            } else {
                started = true;
            }
            return payload;
        }

        @Override
        public boolean ready() {
            return delegate.ready();
        }

        @Override
        public void cancel() {
            delegate.cancel();
        }

        @Override
        public void close() {
            try {
                delegate.close();
            } finally {
                end(started);
            }
        }

        /** @param ok whether the stream delivered anything (else it failed before its first chunk) */
        private void end(boolean ok) {
            if (!over) {
                over = true;
                settle(ex, target, admission, before, ok);
            }
        }
    }
}
