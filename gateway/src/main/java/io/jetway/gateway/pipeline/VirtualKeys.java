package io.jetway.gateway.pipeline;

import io.jetway.gateway.core.ProviderOption;
import java.util.EnumMap;
import java.util.Optional;

/** Looks up virtual keys: a stored provider plus its credentials and defaults. */
@FunctionalInterface
public interface VirtualKeys {

    Optional<VirtualKey> find(String id);

    /** A gateway without a key store. */
    static VirtualKeys none() {
        return id -> Optional.empty();
    }

    /**
     * @param customHost            null for the provider's default; the only host the key's secrets go to
     * @param allowCallerCustomHost whether a request may send the key's secrets to a host of its own
     *                              choosing instead (admin-set, off by default)
     */
    record VirtualKey(
            String id,
            String provider,
            String apiKey,
            String customHost,
            boolean allowCallerCustomHost,
            EnumMap<ProviderOption, String> options) {
        @Override
        public String toString() {
            return "VirtualKey[" + id + ", " + provider + "]";
        }
    }
}
