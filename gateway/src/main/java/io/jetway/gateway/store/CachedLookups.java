package io.jetway.gateway.store;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.pipeline.StoredApiKeys;
import io.jetway.gateway.pipeline.StoredConfigs;
import io.jetway.gateway.pipeline.VirtualKeys;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the request path reads from the store — virtual keys, stored configs, gateway API keys —
 * through short-lived in-memory caches ({@link TtlCache}), so the hot path does not query the
 * database: a lookup hits it at most once per TTL per key (misses included). The admin API on this
 * node calls {@link #invalidateVirtualKeys()} etc. after each write, so its changes apply here at
 * once; other nodes sharing the database see them within the TTL.
 *
 * <p>API keys are cached by their SHA-256, never in plaintext. A store failure with nothing cached
 * to fall back on answers 503.
 */
public final class CachedLookups implements VirtualKeys, StoredApiKeys, io.jetway.gateway.limits.LimitLookups {

    private static final System.Logger LOG = System.getLogger(CachedLookups.class.getName());
    /** How long a lookup is trusted. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);

    private static final int MAX_ENTRIES = 10_000;

    private final Store store;
    private final TtlCache<String, VirtualKey> virtualKeys;
    private final TtlCache<String, String> configs;
    private final TtlCache<String, String> apiKeys;
    private final TtlCache<Boolean, Boolean> anyApiKey;
    private final TtlCache<String, io.jetway.gateway.limits.Limits> limits;
    private final TtlCache<Boolean, Boolean> anyLimits;

    public CachedLookups(Store store, Clock clock, Duration ttl) {
        this.store = store;
        this.virtualKeys = new TtlCache<>(clock, ttl, MAX_ENTRIES);
        this.configs = new TtlCache<>(clock, ttl, MAX_ENTRIES);
        this.apiKeys = new TtlCache<>(clock, ttl, MAX_ENTRIES);
        this.anyApiKey = new TtlCache<>(clock, ttl, 1);
        this.limits = new TtlCache<>(clock, ttl, MAX_ENTRIES);
        this.anyLimits = new TtlCache<>(clock, ttl, 1);
    }

    @Override
    public Optional<VirtualKey> find(String id) {
        return guarded(() -> virtualKeys.get(id, k -> store.virtualKey(k).map(StoredVirtualKey::toVirtualKey)));
    }

    /** Stored configs, as the routing step looks them up. */
    public StoredConfigs storedConfigs() {
        return this::config;
    }

    /** A stored config's JSON. */
    public Optional<String> config(String id) {
        return guarded(() -> configs.get(id, k -> store.config(k).map(StoredConfig::json)));
    }

    @Override
    public boolean any() {
        return guarded(() -> anyApiKey.get(Boolean.TRUE, k -> Optional.of(store.hasApiKeys())))
                .orElse(Boolean.FALSE);
    }

    @Override
    public boolean accepts(String key) {
        String hash = ApiKeyHash.of(key);
        return guarded(() -> apiKeys.get(hash, h -> store.apiKeyByHash(h).map(StoredApiKey::id)))
                .isPresent();
    }

    /** The id of the stored gateway API key {@code key}, or null (none, or an environment key). */
    @Override
    public String apiKeyId(String key) {
        String hash = ApiKeyHash.of(key);
        return guarded(() -> apiKeys.get(hash, h -> store.apiKeyByHash(h).map(StoredApiKey::id)))
                .orElse(null);
    }

    @Override
    public boolean anyLimits() {
        return guarded(() -> anyLimits.get(Boolean.TRUE, k -> Optional.of(store.hasLimits())))
                .orElse(Boolean.FALSE);
    }

    @Override
    public io.jetway.gateway.limits.Limits limits(io.jetway.gateway.limits.LimitScope scope, String subject) {
        return guarded(() -> limits.get(
                        scope.wire() + ":" + subject,
                        k -> store.limits(scope, subject).map(StoredLimits::limits)))
                .orElse(null);
    }

    public void invalidateLimits() {
        limits.invalidateAll();
        anyLimits.invalidateAll();
    }

    public void invalidateVirtualKeys() {
        virtualKeys.invalidateAll();
    }

    public void invalidateConfigs() {
        configs.invalidateAll();
    }

    public void invalidateApiKeys() {
        apiKeys.invalidateAll();
        anyApiKey.invalidateAll();
    }

    private static <T> T guarded(Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (StoreException e) {
            LOG.log(Level.ERROR, "store lookup failed", e);
            throw new GatewayException(
                    503,
                    GatewayException.SERVER,
                    "The gateway's key store is unavailable; " + "retry shortly.",
                    null,
                    "store_unavailable");
        }
    }
}
