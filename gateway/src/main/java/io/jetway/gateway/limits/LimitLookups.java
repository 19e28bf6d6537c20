package io.jetway.gateway.limits;

/** What the limit check reads from the store, through its short-lived cache. */
public interface LimitLookups {

    /** Whether any limits are stored at all. */
    boolean anyLimits();

    /** The subject's limits, or null when it has none. */
    Limits limits(LimitScope scope, String subject);

    /** The id of the stored gateway API key {@code key}, or null. */
    String apiKeyId(String key);

    /** No limits anywhere. */
    static LimitLookups none() {
        return new LimitLookups() {
            @Override
            public boolean anyLimits() {
                return false;
            }

            @Override
            public Limits limits(LimitScope scope, String subject) {
                return null;
            }

            @Override
            public String apiKeyId(String key) {
                return null;
            }
        };
    }
}
