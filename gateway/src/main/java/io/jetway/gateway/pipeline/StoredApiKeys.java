package io.jetway.gateway.pipeline;

/**
 * Gateway API keys kept in the store (besides {@code JETWAY_API_KEYS}). When any exists the
 * gateway is closed to callers without a valid {@code x-portkey-api-key}.
 */
public interface StoredApiKeys {

    /** Whether any key is stored. */
    boolean any();

    /** Whether {@code key} is a stored key. */
    boolean accepts(String key);

    /** A gateway without a key store. */
    static StoredApiKeys none() {
        return new StoredApiKeys() {
            @Override
            public boolean any() {
                return false;
            }

            @Override
            public boolean accepts(String key) {
                return false;
            }
        };
    }
}
