package io.jetway.gateway.upstream;

/**
 * Sends prepared calls. Implementations map transport failures with {@link UpstreamFailures}.
 * Closed with the gateway, after its server stopped (no call is sent after {@link #close}).
 */
public interface UpstreamClient extends AutoCloseable {

    /**
     * Sends the request and returns once the status and headers arrived.
     *
     * @throws io.jetway.gateway.core.GatewayException 502 when unreachable, 504/408 on timeout
     */
    UpstreamResponse send(UpstreamRequest request);

    /**
     * Sends a request of any method whose body is streamed from {@code body} ({@code length} bytes,
     * or -1: chunked, to its end), {@code request.body()} ignored: the passthrough's calls. Clients
     * that cannot stream a body refuse (501).
     */
    default UpstreamResponse send(String method, UpstreamRequest request, java.io.InputStream body, long length) {
        throw new io.jetway.gateway.core.GatewayException(
                501,
                io.jetway.gateway.core.GatewayException.INVALID_REQUEST,
                "This gateway reaches providers through an HTTP proxy, which its passthrough endpoints do not "
                        + "support yet: use POST /v1/chat/completions, or run the gateway without a proxy.",
                null,
                "passthrough_unavailable");
    }

    /** Releases pooled connections and threads; nothing by default. */
    @Override
    default void close() {}
}
