package io.jetway.gateway.pipeline;

import io.jetway.gateway.cache.CacheOwner;
import io.jetway.gateway.cache.CacheStats;
import io.jetway.gateway.cache.ResponseCache;
import io.jetway.gateway.core.Effects;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.guardrails.GuardrailMetrics;
import io.jetway.gateway.guardrails.HookRunner;
import io.jetway.gateway.guardrails.Outbound;
import io.jetway.gateway.provider.ProviderRegistry;
import io.jetway.gateway.upstream.CustomHostPolicy;
import io.jetway.gateway.upstream.UpstreamClient;
import java.time.Duration;
import java.util.List;

/** An ordered list of interceptors; {@link #standard} is the gateway's. */
public final class Pipeline {

    private final List<Interceptor> interceptors;

    public Pipeline(List<Interceptor> interceptors) {
        this.interceptors = List.copyOf(interceptors);
    }

    /**
     * The gateway's pipeline. Before it, the endpoint authenticates the caller ({@link GatewayAuth},
     * on the headers alone: a caller without a valid gateway key gets its 401 before its body is
     * read, so nothing, not even a parse, runs for it) and then reads and validates the body (a 400
     * there is answered without the pipeline too). Then, in order:
     * <ol>
     *   <li><b>request observation</b>: first, so that every request the pipeline answers is
     *       counted and timed (routing's 400s included) and its span covers everything below;</li>
     *   <li><b>limits and usage</b> ({@code limits.LimitsInterceptor}, when given): admits the request
     *       against its key's, virtual key's and user's limits (a 429 before any routing or I/O) and,
     *       when the answer or stream is over, prices and settles the usage it reported. Below the
     *       observation, so a 429 is counted and logged, and the cost is known when the request is
     *       recorded; above routing, so a request is admitted once, whatever its retries and fallbacks;</li>
     *   <li><b>routing</b>: headers and config (inline, or a stored config's id; virtual keys
     *       resolved through the store's cache) become a tree of provider targets (fallback,
     *       loadbalance, conditional, nested) with their inherited settings (cache included); every
     *       mistake the caller can fix (unknown provider, bad config, refused custom host) is a 400
     *       before any I/O. For each target tried it runs the rest of the chain, again on each retry;</li>
     *   <li><b>guardrails</b>: the target's hooks ({@code before_request_hooks} on the request: a
     *       denying failure is a 446 before any upstream call; a redacting check rewrites the request;
     *       {@code after_request_hooks} on the answer or, as it accumulates, the stream). Below routing,
     *       since hooks are inherited down the config to each target and a 446 moves a fallback on;
     *       above prepare, so a rewritten request is the one mapped, and above the cache, so a cached
     *       answer is checked like a fresh one. Without hooks it only looks them up;</li>
     *   <li><b>prepare</b>: the target's provider maps the request to its upstream call (URL,
     *       headers, body; no I/O). It comes before the cache because the cache key is the final
     *       provider request (after transforms and {@code override_params});</li>
     *   <li><b>cache</b>: answers from the cache, or lets the call through and stores a successful
     *       answer, each entry owned by the caller's identity ({@code cacheOwner}). Below routing, so
     *       each target has its own cache settings and a retry or fallback can be served from the
     *       cache; above the send, so a hit makes no upstream call;</li>
     *   <li><b>upstream attempt observation</b>: once per real upstream attempt (one span each,
     *       retries and fallbacks told apart); below the cache, so a cache hit is not counted as an
     *       attempt;</li>
     *   <li><b>choices</b>: OpenAI's {@code n} for a provider that answers one choice per call: the
     *       provider call below runs once per choice, at once, and the answers are merged. Below
     *       routing, so the calls are one attempt that is retried or falls back as a whole; below
     *       prepare, so the call is mapped once and sent n times; below the cache, so the merged
     *       answer is stored and served whole (its key counts the calls), never one call's as
     *       another's; below the attempt observation, so the calls are one attempt there too (one
     *       span, their usage summed); right above the provider call, the only step it repeats;</li>
     *   <li><b>provider call</b> (terminal): send the prepared call (through the observed upstream
     *       client, which times the wait), map the answer. Each run is one fresh upstream call.</li>
     * </ol>
     */
    public static Pipeline standard(
            ProviderRegistry providers,
            CustomHostPolicy customHosts,
            VirtualKeys virtualKeys,
            StoredConfigs storedConfigs,
            UpstreamClient upstream,
            Duration upstreamTimeout,
            ResponseCache cache,
            CacheOwner cacheOwner,
            CacheStats cacheStats,
            Effects effects,
            PipelineObservation observability) {
        return standard(
                providers,
                customHosts,
                virtualKeys,
                storedConfigs,
                upstream,
                upstreamTimeout,
                cache,
                cacheOwner,
                cacheStats,
                effects,
                observability,
                null,
                null);
    }

    /**
     * {@link #standard} with the limits and usage step ({@code limits}) and, right below routing, the
     * limits of the virtual key of the target being tried ({@code targetLimits}: once per attempt, so
     * for a fallback's or loadbalance's target actually called; a refusal there is a failure of that
     * target, which a fallback may skip). Null: none.
     */
    public static Pipeline standard(
            ProviderRegistry providers,
            CustomHostPolicy customHosts,
            VirtualKeys virtualKeys,
            StoredConfigs storedConfigs,
            UpstreamClient upstream,
            Duration upstreamTimeout,
            ResponseCache cache,
            CacheOwner cacheOwner,
            CacheStats cacheStats,
            Effects effects,
            PipelineObservation observability,
            Interceptor limits,
            Interceptor targetLimits) {
        List<Interceptor> chain = new java.util.ArrayList<>(10);
        chain.add(observability.requests());
        if (limits != null) {
            chain.add(limits);
        }
        chain.add(new RoutingInterceptor(providers, customHosts, virtualKeys, storedConfigs, effects));
        if (targetLimits != null) {
            chain.add(targetLimits);
        }
        chain.addAll(List.of(
                new GuardrailsInterceptor(
                        new HookRunner(effects.clock(), new GuardrailMetrics(observability.registry())),
                        new Outbound(upstream, customHosts, upstreamTimeout, effects.clock())),
                new PrepareInterceptor(providers),
                new CacheInterceptor(cache, cacheOwner, cacheStats, effects.clock()),
                observability.upstreamAttempts(),
                new ChoicesInterceptor(),
                new ProviderCallInterceptor(observability.observe(upstream), upstreamTimeout)));
        return new Pipeline(chain);
    }

    public GatewayResponse execute(Exchange exchange) {
        return new RealChain(exchange, 0).proceed();
    }

    private final class RealChain implements Interceptor.Chain {
        private final Exchange exchange;
        private final int index;

        RealChain(Exchange exchange, int index) {
            this.exchange = exchange;
            this.index = index;
        }

        @Override
        public Exchange exchange() {
            return exchange;
        }

        @Override
        public GatewayResponse proceed() {
            if (index >= interceptors.size()) {
                throw new IllegalStateException("the last interceptor must answer");
            }
            return interceptors.get(index).intercept(new RealChain(exchange, index + 1));
        }
    }
}
