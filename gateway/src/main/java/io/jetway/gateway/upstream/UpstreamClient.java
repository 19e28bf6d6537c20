package io.jetway.gateway.upstream;

/** Sends prepared calls. Implementations map transport failures with {@link UpstreamFailures}. */
public interface UpstreamClient {

    /**
     * Sends the request and returns once the status and headers arrived.
     *
     * @throws io.jetway.gateway.core.GatewayException 502 when unreachable, 504/408 on timeout
     */
    UpstreamResponse send(UpstreamRequest request);
}
