package io.jetway.gateway.pipeline;

import io.jetway.gateway.config.RouteNode;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.PortkeyHeaders;
import io.jetway.gateway.core.Target;
import java.util.LinkedHashMap;
import java.util.Map;

/** One request's state as it moves down the pipeline. Confined to the request's thread. */
public final class Exchange {

    private ChatRequest request;
    private final PortkeyHeaders headers;
    private final String traceId;
    private final java.time.Instant receivedAt;
    private final Map<String, String> responseHeaders = new LinkedHashMap<>(8);
    private Target target;
    private RouteNode.Cache cache;
    private PreparedCall prepared;
    private Map<String, String> metadata = Map.of();
    private com.fasterxml.jackson.databind.JsonNode params;

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

    /** Replaces the request for the steps below (a guardrail redacted it); the caller's bytes are not sent. */
    public void request(ChatRequest request) {
        this.request = request;
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

    /** The cache settings of the current target (inherited down the config); null: no caching. */
    public RouteNode.Cache cache() {
        return cache;
    }

    public void cache(RouteNode.Cache cache) {
        this.cache = cache;
    }

    /** The current attempt's prepared provider call; null until the prepare step ran. */
    public PreparedCall prepared() {
        return prepared;
    }

    public void prepared(PreparedCall prepared) {
        this.prepared = prepared;
    }

    /** {@code x-portkey-metadata}, parsed. */
    public Map<String, String> metadata() {
        return metadata;
    }

    public void metadata(Map<String, String> metadata) {
        this.metadata = metadata;
    }

    /**
     * A routing field: {@code metadata.<key>} (a string) or {@code params.<path>} (from the request
     * body, dots descending into objects). Null when absent. The body is parsed once, on first use.
     */
    public com.fasterxml.jackson.databind.JsonNode field(String name) {
        if (name.startsWith("metadata.")) {
            String v = metadata.get(name.substring("metadata.".length()));
            return v == null ? null : com.fasterxml.jackson.databind.node.TextNode.valueOf(v);
        }
        if (name.startsWith("params.")) {
            if (params == null) {
                params = request.mutableTree();
            }
            com.fasterxml.jackson.databind.JsonNode node = params;
            for (String part : name.substring("params.".length()).split("\\.")) {
                node = node == null ? null : node.get(part);
            }
            return node;
        }
        return null;
    }

    /** Gateway-level headers for the client's response, success or error (provider, trace id, routing). */
    public Map<String, String> responseHeaders() {
        return responseHeaders;
    }

    // Attachments: per-request state shared by cooperating interceptors (observability's pair).

    private final Map<Class<?>, Object> attachments = new java.util.HashMap<>(4);

    /** The state attached under its type, or null. */
    public <T> T attachment(Class<T> type) {
        return type.cast(attachments.get(type));
    }

    /** Attaches state under its type, replacing any before it. */
    public <T> void attach(Class<T> type, T value) {
        attachments.put(type, value);
    }
}
