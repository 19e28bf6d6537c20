package io.jetway.gateway.provider;

import java.util.LinkedHashMap;
import java.util.Map;

/** The headers every JSON provider call starts from. */
public final class UpstreamHeaders {

    private UpstreamHeaders() {}

    /**
     * The caller's forwarded headers first (so a provider's own headers, credentials above all,
     * win over them), then content type and accept.
     */
    public static Map<String, String> start(ProviderCall call) {
        Map<String, String> headers = new LinkedHashMap<>(8);
        headers.putAll(call.target().forwardHeaders());
        headers.put("content-type", "application/json");
        headers.put("accept", call.request().stream() ? "text/event-stream" : "application/json");
        return headers;
    }
}
