package io.jetway.gateway.pipeline;

import io.jetway.gateway.core.Effects;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.observability.Observability;
import io.jetway.gateway.provider.ProviderRegistry;
import io.jetway.gateway.upstream.CustomHostPolicy;
import io.jetway.gateway.upstream.UpstreamClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** An ordered list of interceptors; {@link #standard} is the gateway's. */
public final class Pipeline {

    private final List<Interceptor> interceptors;

    public Pipeline(List<Interceptor> interceptors) {
        this.interceptors = List.copyOf(interceptors);
    }

    /**
     * The gateway's pipeline, in order:
     * <ol>
     *   <li><b>request observation</b>: first, so that every request the pipeline answers is
     *       counted and timed (401s and 400s included) and its span covers everything below;</li>
     *   <li><b>gateway auth</b>: so that nothing (not even config parsing) runs for a caller
     *       without a valid gateway key;</li>
     *   <li><b>routing</b>: headers and config become a tree of provider targets (fallback,
     *       loadbalance, conditional, nested); every mistake the caller can fix (unknown provider,
     *       bad config, refused custom host) is a 400 before any I/O. For each target tried it
     *       runs the rest of the chain, again on each retry;</li>
     *   <li><b>upstream attempt observation</b>: below routing, so that it runs once per attempt
     *       (one span each, retries and fallbacks told apart); right above the provider call, so
     *       that whatever sits between routing and the call (the cache, whose key needs the
     *       resolved target) answers without counting as an upstream attempt;</li>
     *   <li><b>provider call</b> (terminal): map the request, call the provider (through the
     *       observed upstream client, which times the wait), map the answer. It sits below routing
     *       so each attempt is one fresh upstream call.</li>
     * </ol>
     */
    public static Pipeline standard(Set<String> gatewayApiKeys, ProviderRegistry providers,
                                    CustomHostPolicy customHosts, VirtualKeys virtualKeys, UpstreamClient upstream,
                                    Duration upstreamTimeout, Effects effects, Observability observability) {
        return new Pipeline(List.of(
                observability.requests(),
                new GatewayAuthInterceptor(gatewayApiKeys),
                new RoutingInterceptor(providers, customHosts, virtualKeys, effects),
                observability.upstreamAttempts(),
                new ProviderCallInterceptor(providers, observability.observe(upstream), upstreamTimeout)));
    }

    /** {@link #standard} with metrics in a registry of its own and no tracing. */
    public static Pipeline standard(Set<String> gatewayApiKeys, ProviderRegistry providers,
                                    CustomHostPolicy customHosts, VirtualKeys virtualKeys, UpstreamClient upstream,
                                    Duration upstreamTimeout, Effects effects) {
        return standard(gatewayApiKeys, providers, customHosts, virtualKeys, upstream, upstreamTimeout, effects,
                Observability.metricsOnly());
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
