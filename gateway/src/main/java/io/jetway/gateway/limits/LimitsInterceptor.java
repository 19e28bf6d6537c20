package io.jetway.gateway.limits;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.ForwardingChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.core.TokenUsage;
import io.jetway.gateway.pipeline.Exchange;
import io.jetway.gateway.pipeline.Interceptor;
import io.jetway.gateway.usage.CallCost;
import io.jetway.gateway.usage.CallUsage;
import io.jetway.gateway.usage.Price;
import io.jetway.gateway.usage.Prices;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Charges each request: admits it against its subjects' limits (reserving tokens and cost), and
 * once its answer or stream is over prices the usage the answering call reported
 * ({@link CallUsage}), settles the reservation with it and attaches the {@link CallCost} for the
 * request log and the metrics. Above routing, so a request is admitted once whatever its retries
 * and fallbacks.
 *
 * <p>Subjects: the stored gateway API key of {@code x-portkey-api-key}, the virtual key of
 * {@code x-portkey-virtual-key}, and the end user {@code _user} of {@code x-portkey-metadata}
 * (with the limits stored for that user, else those stored for user {@code *}).
 *
 * <p>The reservation: input ≈ the request body's bytes / {@value #BYTES_PER_TOKEN} (JSON overhead
 * makes it an over-estimate for text), output = {@code max_completion_tokens}, else {@code max_tokens},
 * else {@value #DEFAULT_OUTPUT_RESERVATION}, times {@code n}; its cost at the dearest price listed
 * for the model. Settlement: a reported usage replaces it; a cache hit, or a failure before any
 * answer, returns it; a stream that ended without reporting usage keeps it.
 */
public final class LimitsInterceptor implements Interceptor {

    static final int BYTES_PER_TOKEN = 4;
    static final int DEFAULT_OUTPUT_RESERVATION = 1024;
    static final String COST_HEADER = "x-jetway-cost-usd";
    static final String CACHE_STATUS = "x-portkey-cache-status";
    static final String STORE_UNAVAILABLE = "store_unavailable";
    private static final System.Logger LOG = System.getLogger(LimitsInterceptor.class.getName());
    private final java.util.concurrent.atomic.AtomicLong lastStoreLog = new java.util.concurrent.atomic.AtomicLong();

    private final LimitLookups lookups;
    private final Limiter limiter;
    private final java.util.function.Supplier<Prices> prices;

    public LimitsInterceptor(LimitLookups lookups, Limiter limiter, Prices prices) {
        this(lookups, limiter, () -> prices);
    }

    /** @param prices the table in force ({@link io.jetway.gateway.usage.LivePrices}), read once per use */
    public LimitsInterceptor(LimitLookups lookups, Limiter limiter, java.util.function.Supplier<Prices> prices) {
        this.lookups = lookups;
        this.limiter = limiter;
        this.prices = prices;
    }

    @Override
    public GatewayResponse intercept(Chain chain) {
        Exchange ex = chain.exchange();
        String key = ex.headers() == null ? null : ex.headers().gatewayApiKey();
        String apiKeyId;
        Limiter.Admission admission;
        try {
            apiKeyId = key == null || key.isEmpty() ? null : lookups.apiKeyId(key);
            admission = admit(ex, apiKeyId);
        } catch (GatewayException e) {
            if (!STORE_UNAVAILABLE.equals(e.code())) {
                throw e;
            }
            // The store is down with nothing cached: no limits can be read, so none are applied (as
            // with Redis down, fail-open); a store outage must not fail requests that need no store.
            storeDown();
            apiKeyId = null;
            admission = null;
        }
        GatewayResponse answer;
        try {
            answer = chain.proceed();
        } catch (RuntimeException e) {
            finish(ex, apiKeyId, admission, Ending.FAILED_EARLY);
            throw e;
        }
        return switch (answer) {
            case GatewayResponse.Complete c -> {
                CallCost cost =
                        finish(ex, apiKeyId, admission, c.status() < 400 ? Ending.COMPLETE : Ending.FAILED_EARLY);
                if (cost.costUsd() != null && c.status() < 400) {
                    ex.responseHeaders().put(COST_HEADER, cost.costUsd().toPlainString());
                }
                yield c;
            }
            case GatewayResponse.Streaming s ->
                new GatewayResponse.Streaming(
                        s.status(), s.headers(), new SettledChunks(s.chunks(), ex, apiKeyId, admission));
        };
    }

    private enum Ending {
        COMPLETE,
        FAILED_EARLY,
        FAILED_LATE
    }

    private void storeDown() {
        long now = System.nanoTime();
        long last = lastStoreLog.get();
        if ((last == 0 || now - last >= 60_000_000_000L) && lastStoreLog.compareAndSet(last, now)) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "limits: the store is unavailable, so requests are admitted "
                            + "without their limits until it is back (logged at most once a minute)");
        }
    }

    /**
     * Admits a call that is relayed unread (the passthrough of OpenAI's other endpoints): it counts
     * against the caller's requests per minute, and a spent token allowance or budget refuses it, but
     * it reserves and is charged no tokens and no cost, since its usage is never read.
     *
     * @param metadata the caller's {@code x-portkey-metadata} ({@code _user} names the end user)
     * @return the {@code x-ratelimit-*} headers for the answer (empty when nothing limits the caller)
     * @throws GatewayException 429 {@code rate_limit_exceeded} with {@code retry-after}, as for chat
     */
    public Map<String, String> admitUnmetered(String gatewayKey, String virtualKey, Map<String, String> metadata) {
        try {
            if (!lookups.anyLimits()) {
                return Map.of();
            }
            String apiKeyId = gatewayKey == null || gatewayKey.isEmpty() ? null : lookups.apiKeyId(gatewayKey);
            List<Limiter.Subject> subjects = subjects(apiKeyId, virtualKey, metadata.get("_user"));
            if (subjects.isEmpty()) {
                return Map.of();
            }
            Limiter.Admission admission = limiter.admit(subjects, 0, BigDecimal.ZERO);
            limiter.settle(admission, 0, BigDecimal.ZERO);
            return admission.headers();
        } catch (GatewayException e) {
            if (!STORE_UNAVAILABLE.equals(e.code())) {
                throw e;
            }
            storeDown();
            return Map.of();
        }
    }

    private List<Limiter.Subject> subjects(String apiKeyId, String virtualKey, String user) {
        List<Limiter.Subject> subjects = new ArrayList<>(3);
        if (apiKeyId != null) {
            add(subjects, LimitScope.API_KEY, apiKeyId, lookups.limits(LimitScope.API_KEY, apiKeyId));
        }
        if (virtualKey != null && !virtualKey.isEmpty()) {
            add(subjects, LimitScope.VIRTUAL_KEY, virtualKey, lookups.limits(LimitScope.VIRTUAL_KEY, virtualKey));
        }
        if (user != null && !user.isEmpty()) {
            Limits own = lookups.limits(LimitScope.USER, user);
            add(subjects, LimitScope.USER, user, own != null ? own : lookups.limits(LimitScope.USER, "*"));
        }
        return subjects;
    }

    /** Null when nothing limits this request. */
    private Limiter.Admission admit(Exchange ex, String apiKeyId) {
        if (!lookups.anyLimits()) {
            return null;
        }
        List<Limiter.Subject> subjects = subjects(
                apiKeyId,
                ex.headers() == null ? null : ex.headers().virtualKey(),
                ex.metadata().get("_user"));
        if (subjects.isEmpty()) {
            return null;
        }
        ChatRequest request = ex.request();
        long input = inputEstimate(request);
        long output = outputBound(request);
        Price price = prices.get().findAnyProvider(model(ex));
        Limiter.Admission admission =
                limiter.admit(subjects, input + output, price == null ? null : price.bound(input, output));
        ex.responseHeaders().putAll(admission.headers());
        return admission;
    }

    private static void add(List<Limiter.Subject> subjects, LimitScope scope, String id, Limits limits) {
        if (limits != null && !limits.none()) {
            subjects.add(new Limiter.Subject(scope, id, limits));
        }
    }

    /** The input reserved: the body's bytes / {@value #BYTES_PER_TOKEN}, rounded up. */
    static long inputEstimate(ChatRequest request) {
        return request.raw() == null ? 0 : (request.raw().length + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN;
    }

    // Deprecated in OpenAI's spec (max_tokens, functions, the function role, user, seed), still sent by callers.
    @SuppressWarnings("deprecation")
    static long outputBound(ChatRequest request) {
        var body = request.body();
        Integer max = body.getMaxCompletionTokens() != null ? body.getMaxCompletionTokens() : body.getMaxTokens();
        long n = body.getN() == null ? 1 : Math.max(1, body.getN());
        return (max != null ? max : DEFAULT_OUTPUT_RESERVATION) * n;
    }

    private CallCost finish(Exchange ex, String apiKeyId, Limiter.Admission admission, Ending ending) {
        Target target = ex.target();
        String provider = target == null ? null : target.provider();
        String model = model(ex);
        TokenUsage usage = CallUsage.of(ex);
        boolean cacheHit = usage == null
                && ending == Ending.COMPLETE
                && "HIT".equals(ex.responseHeaders().get(CACHE_STATUS));
        if (cacheHit) {
            usage = TokenUsage.NONE;
        }
        BigDecimal cost = null;
        if (usage != null) {
            Price price = prices.get().find(provider, model);
            cost = usage == TokenUsage.NONE ? BigDecimal.ZERO : price == null ? null : price.cost(usage);
        }
        CallCost charged = new CallCost(apiKeyId, provider, model, usage, cost);
        ex.attach(CallCost.class, charged);
        if (admission != null) {
            if (usage != null) {
                limiter.settle(admission, usage.totalTokens(), cost);
            } else if (ending == Ending.FAILED_EARLY) {
                limiter.settle(admission, 0, BigDecimal.ZERO);
            }
            // Else a stream that ended, or broke after its first chunk, without usage: the reservation stands.
        }
        return charged;
    }

    /** The model asked for: the target's {@code override_params.model} when it sets one, else the body's. */
    static String model(Exchange ex) {
        Target target = ex.target();
        if (target != null
                && target.overrideParams() != null
                && target.overrideParams().path("model").isTextual()) {
            return target.overrideParams().get("model").asText();
        }
        return ex.request().model();
    }

    /** The stream, settled at its end. */
    private final class SettledChunks extends ForwardingChunkSource {
        private final Exchange ex;
        private final String apiKeyId;
        private final Limiter.Admission admission;

        private boolean started;
        private boolean over;

        SettledChunks(ChunkSource delegate, Exchange ex, String apiKeyId, Limiter.Admission admission) {
            super(delegate);
            this.ex = ex;
            this.apiKeyId = apiKeyId;
            this.admission = admission;
        }

        @Override
        public String next() {
            String payload;
            try {
                payload = delegate.next();
            } catch (RuntimeException e) {
                end(started ? Ending.FAILED_LATE : Ending.FAILED_EARLY);
                throw e;
            }
            if (payload == null) {
                end(Ending.COMPLETE);
            } else {
                started = true;
            }
            return payload;
        }

        @Override
        public void close() {
            try {
                delegate.close();
            } finally {
                end(started ? Ending.FAILED_LATE : Ending.FAILED_EARLY);
            }
        }

        private void end(Ending ending) {
            if (!over) {
                over = true;
                finish(ex, apiKeyId, admission, ending);
            }
        }
    }
}
