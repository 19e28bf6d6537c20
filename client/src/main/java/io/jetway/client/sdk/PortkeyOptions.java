package io.jetway.client.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a call is routed: provider and key, config, virtual key, trace id, metadata … Immutable;
 * {@link #merge} lays per-call options over per-client ones (a value set in the override wins,
 * metadata and extra headers are merged key by key).
 */
public final class PortkeyOptions {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String provider;
    final String providerKey;
    final String config;
    final String virtualKey;
    final String gatewayApiKey;
    final String customHost;
    final String traceId;
    final Map<String, String> metadata;
    final Long requestTimeoutMs;
    final Boolean strictOpenAiCompliance;
    final Boolean cacheForceRefresh;
    final String cacheNamespace;
    final Map<String, String> headers;

    private PortkeyOptions(Builder b) {
        provider = b.provider;
        providerKey = b.providerKey;
        config = b.config;
        virtualKey = b.virtualKey;
        gatewayApiKey = b.gatewayApiKey;
        customHost = b.customHost;
        traceId = b.traceId;
        metadata = Map.copyOf(b.metadata);
        requestTimeoutMs = b.requestTimeoutMs;
        strictOpenAiCompliance = b.strictOpenAiCompliance;
        cacheForceRefresh = b.cacheForceRefresh;
        cacheNamespace = b.cacheNamespace;
        headers = Map.copyOf(b.headers);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static PortkeyOptions none() {
        return new Builder().build();
    }

    /** These options with {@code override}'s set values laid over them. */
    public PortkeyOptions merge(PortkeyOptions override) {
        Builder b = toBuilder();
        if (override.provider != null) b.provider = override.provider;
        if (override.providerKey != null) b.providerKey = override.providerKey;
        if (override.config != null) b.config = override.config;
        if (override.virtualKey != null) b.virtualKey = override.virtualKey;
        if (override.gatewayApiKey != null) b.gatewayApiKey = override.gatewayApiKey;
        if (override.customHost != null) b.customHost = override.customHost;
        if (override.traceId != null) b.traceId = override.traceId;
        if (override.requestTimeoutMs != null) b.requestTimeoutMs = override.requestTimeoutMs;
        if (override.strictOpenAiCompliance != null) b.strictOpenAiCompliance = override.strictOpenAiCompliance;
        if (override.cacheForceRefresh != null) b.cacheForceRefresh = override.cacheForceRefresh;
        if (override.cacheNamespace != null) b.cacheNamespace = override.cacheNamespace;
        b.metadata.putAll(override.metadata);
        b.headers.putAll(override.headers);
        return b.build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.provider = provider;
        b.providerKey = providerKey;
        b.config = config;
        b.virtualKey = virtualKey;
        b.gatewayApiKey = gatewayApiKey;
        b.customHost = customHost;
        b.traceId = traceId;
        b.metadata.putAll(metadata);
        b.requestTimeoutMs = requestTimeoutMs;
        b.strictOpenAiCompliance = strictOpenAiCompliance;
        b.cacheForceRefresh = cacheForceRefresh;
        b.cacheNamespace = cacheNamespace;
        b.headers.putAll(headers);
        return b;
    }

    /** The options as HTTP headers ({@code x-portkey-*}, {@code Authorization}, extras). */
    public Map<String, String> toHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        put(h, "x-portkey-provider", provider);
        if (providerKey != null) {
            h.put("Authorization", "Bearer " + providerKey);
        }
        put(h, "x-portkey-config", config);
        put(h, "x-portkey-virtual-key", virtualKey);
        put(h, "x-portkey-api-key", gatewayApiKey);
        put(h, "x-portkey-custom-host", customHost);
        put(h, "x-portkey-trace-id", traceId);
        put(h, "x-portkey-metadata", metadataJson());
        put(h, "x-portkey-request-timeout", requestTimeoutMs == null ? null : requestTimeoutMs.toString());
        put(
                h,
                "x-portkey-strict-open-ai-compliance",
                strictOpenAiCompliance == null ? null : strictOpenAiCompliance.toString());
        put(h, "x-portkey-cache-force-refresh", cacheForceRefresh == null ? null : cacheForceRefresh.toString());
        put(h, "x-portkey-cache-namespace", cacheNamespace);
        h.putAll(headers);
        return h;
    }

    String metadataJson() {
        if (metadata.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(new java.util.TreeMap<>(metadata));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(Map<String, String> h, String name, String value) {
        if (value != null) {
            h.put(name, value);
        }
    }

    @Override
    public String toString() {
        return "PortkeyOptions[provider=" + provider + ", virtualKey=" + virtualKey + ", traceId=" + traceId + "]";
    }

    /** Builder; every setter is optional. */
    public static final class Builder {
        private String provider;
        private String providerKey;
        private String config;
        private String virtualKey;
        private String gatewayApiKey;
        private String customHost;
        private String traceId;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private Long requestTimeoutMs;
        private Boolean strictOpenAiCompliance;
        private Boolean cacheForceRefresh;
        private String cacheNamespace;
        private final Map<String, String> headers = new LinkedHashMap<>();

        /** {@code x-portkey-provider}, e.g. {@code openai}. */
        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }
        /** The provider's API key, sent as {@code Authorization: Bearer}. */
        public Builder providerKey(String key) {
            this.providerKey = key;
            return this;
        }
        /** {@code x-portkey-config}: inline JSON or a stored config id. */
        public Builder config(String config) {
            this.config = config;
            return this;
        }

        public Builder virtualKey(String virtualKey) {
            this.virtualKey = virtualKey;
            return this;
        }
        /** {@code x-portkey-api-key}: the gateway's own key, when it requires one. */
        public Builder gatewayApiKey(String key) {
            this.gatewayApiKey = key;
            return this;
        }

        public Builder customHost(String customHost) {
            this.customHost = customHost;
            return this;
        }

        public Builder traceId(String traceId) {
            this.traceId = traceId;
            return this;
        }

        public Builder metadata(String key, String value) {
            this.metadata.put(key, value);
            return this;
        }

        public Builder requestTimeoutMs(long ms) {
            this.requestTimeoutMs = ms;
            return this;
        }

        public Builder strictOpenAiCompliance(boolean strict) {
            this.strictOpenAiCompliance = strict;
            return this;
        }

        public Builder cacheForceRefresh(boolean refresh) {
            this.cacheForceRefresh = refresh;
            return this;
        }

        public Builder cacheNamespace(String namespace) {
            this.cacheNamespace = namespace;
            return this;
        }
        /** Any other header (e.g. {@code x-portkey-azure-resource-name}). */
        public Builder header(String name, String value) {
            this.headers.put(name, value);
            return this;
        }

        public PortkeyOptions build() {
            return new PortkeyOptions(this);
        }
    }
}
