package io.jetway.gateway.provider;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A prepared upstream call (the pipeline adds the timeout).
 *
 * @param droppedParams request fields this provider lacks and that were therefore not sent; the
 *                      caller learns them from the {@code x-jetway-dropped-params} response header
 */
public record ProviderRequest(URI uri, Map<String, String> headers, byte[] body, List<String> droppedParams) {

    @Override
    public String toString() {
        return "ProviderRequest[" + uri + "]";
    }
}
