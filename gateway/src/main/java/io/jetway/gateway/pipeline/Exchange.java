package io.jetway.gateway.pipeline;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.PortkeyHeaders;
import io.jetway.gateway.core.Target;
import java.util.LinkedHashMap;
import java.util.Map;

/** One request's state as it moves down the pipeline. Confined to the request's thread. */
public final class Exchange {

    private final ChatRequest request;
    private final PortkeyHeaders headers;
    private final String traceId;
    private final java.time.Instant receivedAt;
    private final Map<String, String> responseHeaders = new LinkedHashMap<>(8);
    private Target target;

    public Exchange(ChatRequest request, PortkeyHeaders headers, String traceId, java.time.Instant receivedAt) {
        this.request = request;
        this.headers = headers;
        this.traceId = traceId;
        this.receivedAt = receivedAt;
    }

    /** When the request arrived (from the injected clock). */
    public java.time.Instant receivedAt() {
        return receivedAt;
    }

    public ChatRequest request() {
        return request;
    }

    public PortkeyHeaders headers() {
        return headers;
    }

    public String traceId() {
        return traceId;
    }

    /** The resolved target; null until target resolution ran. */
    public Target target() {
        return target;
    }

    public void target(Target target) {
        this.target = target;
    }

    /** Headers for the client's response, success or error (provider, trace id …). */
    public Map<String, String> responseHeaders() {
        return responseHeaders;
    }
}
