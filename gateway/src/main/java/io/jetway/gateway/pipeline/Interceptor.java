package io.jetway.gateway.pipeline;

import io.jetway.gateway.core.GatewayResponse;

/** One step of the pipeline. Throw {@link io.jetway.gateway.core.GatewayException} to answer with an error. */
@FunctionalInterface
public interface Interceptor {

    GatewayResponse intercept(Chain chain);

    /** The rest of the pipeline, seen from one interceptor. */
    interface Chain {
        Exchange exchange();

        /**
         * Runs the remaining interceptors. May be called again (retries) for a fresh downstream run, and
         * concurrently right above the provider call ({@link ChoicesInterceptor}), which only reads the exchange.
         */
        GatewayResponse proceed();
    }
}
