package io.jetway.gateway.pipeline;

import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;

/**
 * One attempt's upstream call as the provider prepared it, before it is sent: what the cache keys
 * on (the final URL and body, after transforms and {@code override_params}) and what the send step
 * sends. The request's headers carry credentials: never log them.
 *
 * @param startedNanos when preparing began ({@link System#nanoTime()}): the attempt's timeout runs
 *                     from there, so that a provider's I/O while preparing (Bedrock's image
 *                     fetches) counts against it
 */
public record PreparedCall(Provider provider, ProviderCall call, ProviderRequest request, long startedNanos) {

    public PreparedCall(Provider provider, ProviderCall call, ProviderRequest request) {
        this(provider, call, request, System.nanoTime());
    }

    @Override
    public String toString() {
        return "PreparedCall[" + provider.id() + ", " + request + "]";
    }
}
