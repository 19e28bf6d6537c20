package io.jetway.gateway.pipeline;

import io.jetway.gateway.core.GatewayException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * Gateway API keys ({@code JETWAY_API_KEYS} and keys created with the admin API): when any
 * exists, every request must carry one of them in {@code x-portkey-api-key} (401 otherwise).
 * With none, the gateway is open. Environment keys are compared in constant time; stored keys are
 * looked up by their SHA-256 (through the store's short-lived cache).
 *
 * <p>It runs before the pipeline, on the request's headers alone, before the body is read
 * ({@code ChatCompletionsEndpoint}): a caller without a valid key costs a header check, never a
 * parse or a validation of what it sent.
 */
public final class GatewayAuth {

    private final List<byte[]> keys;
    private final StoredApiKeys stored;

    public GatewayAuth(Set<String> keys, StoredApiKeys stored) {
        this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        this.stored = stored;
    }

    /**
     * @param given the {@code x-portkey-api-key} header, or null
     * @throws GatewayException 401 when the gateway is closed and {@code given} is not one of its keys
     */
    public void authenticate(String given) {
        if (keys.isEmpty() && !stored.any()) {
            return;
        }
        if (given == null || given.isEmpty()) {
            throw new GatewayException(
                    401,
                    GatewayException.AUTHENTICATION,
                    "This gateway requires an API key: send it in the x-portkey-api-key header.",
                    "x-portkey-api-key",
                    "missing_api_key");
        }
        byte[] candidate = given.getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (byte[] key : keys) {
            ok |= MessageDigest.isEqual(key, candidate);
        }
        if (!ok && !stored.accepts(given)) {
            throw new GatewayException(
                    401,
                    GatewayException.AUTHENTICATION,
                    "The x-portkey-api-key is not valid for this gateway.",
                    "x-portkey-api-key",
                    "invalid_api_key");
        }
    }
}
