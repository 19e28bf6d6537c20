package io.jetway.gateway.cache;

import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Whose a cache entry is: a keyed hash (HMAC-SHA256) over every identity a request carries — the
 * gateway key it presented ({@code x-portkey-api-key}), the virtual key whose credentials its
 * target uses, and the provider credential actually sent (API key, secret provider options, user
 * info in the endpoint URL). {@link CacheKey} hashes it in, so two requests share an entry only when
 * all of these match: another tenant (another gateway key, another provider key) never gets an
 * answer cached for someone else, whatever namespace or metadata it sends. A request carrying none
 * of them (an open gateway, a provider without a key) shares only with others carrying none.
 *
 * <p>Keyed with a secret derived from the master key, so the value is the same on every node that
 * shares a store (and a Redis cache), yet a credential cannot be recovered from a cache key by
 * trying candidates, however weak it is. Each field is tagged and length-prefixed, and an absent
 * field differs from an empty one. Thread-safe.
 */
public final class CacheOwner {

    private static final String HMAC = "HmacSHA256";
    /** Domain separation: the master key itself never keys anything but the secret box. */
    private static final byte[] LABEL = "jetway cache owner v1".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;
    /** Initialised once and cloned per use: a fresh {@link Mac#getInstance} + init costs more than the hash. */
    private final Mac prototype;

    /** @param secret at least 32 bytes */
    public CacheOwner(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the cache owner secret must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), HMAC);
        this.prototype = mac(key);
    }

    /** Keyed by a secret derived from the gateway's master key ({@code JETWAY_MASTER_KEY} or its generated file). */
    public static CacheOwner fromMasterKey(byte[] masterKey) {
        Mac mac = mac(new SecretKeySpec(masterKey, HMAC));
        return new CacheOwner(mac.doFinal(LABEL));
    }

    /**
     * @param gatewayKey the caller's {@code x-portkey-api-key} (checked by then when the gateway
     *                   requires one; on an open gateway any value only narrows the partition); null for none
     * @param target     the resolved target: its virtual key, API key and secret options
     * @param endpoint   the URL the call goes to, for credentials in its user info
     * @return 32 bytes
     */
    public byte[] of(String gatewayKey, Target target, URI endpoint) {
        Mac mac = fresh();
        field(mac, "gateway_key", gatewayKey == null || gatewayKey.isEmpty() ? null : gatewayKey);
        field(mac, "virtual_key", target.virtualKey());
        field(mac, "api_key", target.apiKey());
        for (ProviderOption option : ProviderOption.values()) {
            if (option.secret()) {
                field(mac, option.configKey(), target.option(option));
            }
        }
        field(mac, "user_info", endpoint.getRawUserInfo());
        return mac.doFinal();
    }

    private Mac fresh() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return mac(key); // a provider whose Mac cannot be cloned
        }
    }

    private static void field(Mac mac, String tag, String value) {
        byte[] t = tag.getBytes(StandardCharsets.UTF_8);
        length(mac, t.length);
        mac.update(t);
        if (value == null) {
            mac.update((byte) 0);
            return;
        }
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        mac.update((byte) 1);
        length(mac, v.length);
        mac.update(v);
    }

    private static void length(Mac mac, int n) {
        mac.update((byte) (n >>> 24));
        mac.update((byte) (n >>> 16));
        mac.update((byte) (n >>> 8));
        mac.update((byte) n);
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "CacheOwner[HMAC-SHA256]";
    }
}
