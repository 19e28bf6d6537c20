package io.jetway.gateway.store;

import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.pipeline.VirtualKeys;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * A virtual key as stored: a provider, its key and the provider options (secret ones included,
 * see {@link ProviderOption#secret()}), in plaintext here; the store seals the secrets.
 * {@link #toString()} shows no secret.
 *
 * @param apiKey     null when the provider needs none (or uses another credential option)
 * @param customHost            null for the provider's default base URL
 * @param allowCallerCustomHost whether requests may send the key's secrets to a host of their choosing
 * @param createdAt             null before it is stored
 */
public record StoredVirtualKey(
        String id,
        String provider,
        String apiKey,
        String customHost,
        boolean allowCallerCustomHost,
        Map<ProviderOption, String> options,
        Instant createdAt,
        Instant updatedAt) {

    public StoredVirtualKey {
        EnumMap<ProviderOption, String> copy = new EnumMap<>(ProviderOption.class);
        copy.putAll(options);
        options = java.util.Collections.unmodifiableMap(copy);
    }

    /** What the request path needs. */
    public VirtualKeys.VirtualKey toVirtualKey() {
        EnumMap<ProviderOption, String> copy = new EnumMap<>(ProviderOption.class);
        copy.putAll(options);
        return new VirtualKeys.VirtualKey(id, provider, apiKey, customHost, allowCallerCustomHost, copy);
    }

    @Override
    public String toString() {
        return "StoredVirtualKey[" + id + ", " + provider + "]";
    }
}
