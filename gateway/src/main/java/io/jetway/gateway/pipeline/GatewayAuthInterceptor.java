package io.jetway.gateway.pipeline;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * Gateway API keys ({@code JETWAY_API_KEYS} and keys created with the admin API): when any
 * exists, every request must carry one of them in {@code x-portkey-api-key} (401 otherwise).
 * With none, the gateway is open. Environment keys are compared in constant time; stored keys are
 * looked up by their SHA-256 (through the store's short-lived cache).
 */
final class GatewayAuthInterceptor implements Interceptor {

    private final List<byte[]> keys;
    private final StoredApiKeys stored;

    GatewayAuthInterceptor(Set<String> keys, StoredApiKeys stored) {
        this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        this.stored = stored;
    }

    GatewayAuthInterceptor(Set<String> keys) {
        this(keys, StoredApiKeys.none());
    }

    @Override
    public GatewayResponse intercept(Chain chain) {
        if (!keys.isEmpty() || stored.any()) {
            String given = chain.exchange().headers().gatewayApiKey();
            if (given == null || given.isEmpty()) {
                throw new GatewayException(401, GatewayException.AUTHENTICATION,
                        "This gateway requires an API key: send it in the x-portkey-api-key header.",
                        "x-portkey-api-key", "missing_api_key");
            }
            byte[] candidate = given.getBytes(StandardCharsets.UTF_8);
            boolean ok = false;
            for (byte[] key : keys) {
                ok |= MessageDigest.isEqual(key, candidate);
            }
            if (!ok && !stored.accepts(given)) {
                throw new GatewayException(401, GatewayException.AUTHENTICATION,
                        "The x-portkey-api-key is not valid for this gateway.", "x-portkey-api-key", "invalid_api_key");
            }
        }
        return chain.proceed();
    }
}
