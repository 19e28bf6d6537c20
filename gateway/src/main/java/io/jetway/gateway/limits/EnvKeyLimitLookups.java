package io.jetway.gateway.limits;

import java.util.function.Function;

/**
 * The store's limit lookups, with the ids of the environment's gateway keys ({@code JETWAY_API_KEYS})
 * besides the stored keys' ids: an environment key is a subject like a stored one, its limits
 * stored under its id ({@code PUT /v1/admin/limits/api_key/{id}}).
 */
public final class EnvKeyLimitLookups implements LimitLookups {

    private final Function<String, String> envKeyIds;
    private final LimitLookups stored;

    /**
     * @param envKeyIds the id of an environment key, or null when the key is not one
     * @param stored    the store's lookups (stored keys, every subject's limits)
     */
    public EnvKeyLimitLookups(Function<String, String> envKeyIds, LimitLookups stored) {
        this.envKeyIds = envKeyIds;
        this.stored = stored;
    }

    @Override
    public boolean anyLimits() {
        return stored.anyLimits();
    }

    @Override
    public Limits limits(LimitScope scope, String subject) {
        return stored.limits(scope, subject);
    }

    @Override
    public String apiKeyId(String key) {
        String id = envKeyIds.apply(key);
        return id != null ? id : stored.apiKeyId(key);
    }
}
