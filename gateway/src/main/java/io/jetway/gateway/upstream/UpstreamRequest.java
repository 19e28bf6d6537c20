package io.jetway.gateway.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP call to a provider, fully prepared (URL, headers, body bytes): a POST, or a GET when
 * {@code body} is null (a model list).
 *
 * @param timeout       limit on the whole exchange (connect, write, answer head, and the whole body
 *                      when it is read with {@link UpstreamResponse#readAll}); a body read as a
 *                      stream has it as the limit on each wait instead (first byte, each gap)
 * @param callerTimeout whether {@code timeout} is the caller's {@code request_timeout} (expiry → 408)
 *                      rather than the gateway's own limit (expiry → 504)
 * @param startedNanos  when the exchange began, on {@link System#nanoTime()}'s clock (the timeout
 *                      runs from there: time spent preparing the call, such as fetching Bedrock's
 *                      images, counts), or 0 for when it is sent
 */
public record UpstreamRequest(
        URI uri, Map<String, String> headers, byte[] body, Duration timeout, boolean callerTimeout, long startedNanos) {

    /** A request whose exchange begins when it is sent. */
    public UpstreamRequest(URI uri, Map<String, String> headers, byte[] body, Duration timeout, boolean callerTimeout) {
        this(uri, headers, body, timeout, callerTimeout, 0);
    }

    @Override
    public String toString() {
        // Headers carry credentials: never print them.
        return "UpstreamRequest[" + uri + ", " + (body == null ? "GET" : body.length + " bytes") + "]";
    }
}
