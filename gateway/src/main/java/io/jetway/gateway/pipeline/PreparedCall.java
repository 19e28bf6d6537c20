package io.jetway.gateway.pipeline;

import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Translation;

/**
 * One attempt's upstream call as the provider prepared it, before it is sent: what the cache keys
 * on (the final URL and body, after transforms and {@code override_params}) and what the send step
 * sends. The request's headers carry credentials: never log them.
 *
 * @param translation  a chat call's translation (request and reader, what was decided while
 *                     preparing); null for the other endpoints, which the provider maps itself
 * @param startedNanos when preparing began ({@link System#nanoTime()}): the attempt's timeout runs
 *                     from there, so that a provider's I/O while preparing (Bedrock's image
 *                     fetches) counts against it
 */
public record PreparedCall(
        Provider provider, ProviderCall call, ProviderRequest request, Translation translation, long startedNanos) {

    public PreparedCall(Provider provider, ProviderCall call, ProviderRequest request) {
        this(provider, call, request, null, System.nanoTime());
    }

    /** A chat call as {@code translation} prepared it. */
    public PreparedCall(Provider provider, ProviderCall call, Translation translation, long startedNanos) {
        this(provider, call, translation.request(), translation, startedNanos);
    }

    @Override
    public String toString() {
        return "PreparedCall[" + provider.id() + ", " + request + "]";
    }
}
