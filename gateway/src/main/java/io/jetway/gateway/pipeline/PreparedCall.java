package io.jetway.gateway.pipeline;

import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;

/**
 * One attempt's upstream call as the provider prepared it, before it is sent: what the cache keys
 * on (the final URL and body, after transforms and {@code override_params}) and what the send step
 * sends. The request's headers carry credentials: never log them.
 */
public record PreparedCall(Provider provider, ProviderCall call, ProviderRequest request) {

    @Override
    public String toString() {
        return "PreparedCall[" + provider.id() + ", " + request + "]";
    }
}
