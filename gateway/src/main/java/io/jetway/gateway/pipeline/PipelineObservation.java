package io.jetway.gateway.pipeline;

import io.jetway.gateway.upstream.UpstreamClient;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the standard pipeline needs of observability: its two steps and the observed upstream
 * client ({@link Pipeline#standard} says where they go), and the registry other steps count in.
 * {@code observability.Observability} implements it; observability depends on the pipeline (its
 * steps are {@link Interceptor}s on an {@link Exchange}), so the pipeline names only this.
 */
public interface PipelineObservation {

    /** The request observation step: counts, times and traces every request the pipeline answers. */
    Interceptor requests();

    /** The upstream attempt step: one span and count per real upstream attempt. */
    Interceptor upstreamAttempts();

    /** {@code upstream}, with the wait for its answer timed. */
    UpstreamClient observe(UpstreamClient upstream);

    MeterRegistry registry();
}
