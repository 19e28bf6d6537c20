package io.jetway.gateway.pipeline;

import io.jetway.gateway.core.Effects;
import io.jetway.gateway.core.GatewayResponse;
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
     *   <li><b>gateway auth</b>: first, so that nothing (not even config parsing) runs for a caller
     *       without a valid gateway key ({@code JETWAY_API_KEYS} or a stored key);</li>
     *   <li><b>routing</b>: headers and config (inline, or a stored config's id; virtual keys
     *       resolved through the store's cache) become a tree of provider targets (fallback,
     *       loadbalance, conditional, nested); every mistake the caller can fix (unknown provider,
     *       bad config, refused custom host) is a 400 before any I/O. For each target tried it
     *       runs the rest of the chain, again on each retry;</li>
     *   <li><b>provider call</b> (terminal): map the request, call the provider, map the answer.
     *       It sits below routing so each attempt is one fresh upstream call. The cache goes
     *       between the two: its key needs the resolved target.</li>
     * </ol>
     */
    public static Pipeline standard(Set<String> gatewayApiKeys, StoredApiKeys storedApiKeys, ProviderRegistry providers,
                                    CustomHostPolicy customHosts, VirtualKeys virtualKeys, StoredConfigs storedConfigs,
                                    UpstreamClient upstream, Duration upstreamTimeout, Effects effects) {
        return new Pipeline(List.of(
                new GatewayAuthInterceptor(gatewayApiKeys, storedApiKeys),
                new RoutingInterceptor(providers, customHosts, virtualKeys, storedConfigs, effects),
                new ProviderCallInterceptor(providers, upstream, upstreamTimeout)));
    }

    /** {@link #standard} without a store: environment gateway keys only, no virtual keys or stored configs. */
    public static Pipeline standard(Set<String> gatewayApiKeys, ProviderRegistry providers,
                                    CustomHostPolicy customHosts, VirtualKeys virtualKeys, UpstreamClient upstream,
                                    Duration upstreamTimeout, Effects effects) {
        return standard(gatewayApiKeys, StoredApiKeys.none(), providers, customHosts, virtualKeys, StoredConfigs.none(),
                upstream, upstreamTimeout, effects);
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
