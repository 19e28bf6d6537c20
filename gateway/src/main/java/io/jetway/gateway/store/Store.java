package io.jetway.gateway.store;

import java.util.List;
import java.util.Optional;

/**
 * Virtual keys, stored configs, gateway API keys and the request log: create, read, list, update, delete.
 * Lists are oldest first. Implementations set {@code createdAt}/{@code updatedAt} and keep
 * secrets sealed at rest. Every method may throw {@link StoreException}.
 */
public interface Store extends AutoCloseable {

    // ---------------------------------------------------------------- virtual keys

    /** @throws StoreException.AlreadyExists when the id is taken */
    StoredVirtualKey createVirtualKey(StoredVirtualKey key);

    Optional<StoredVirtualKey> virtualKey(String id);

    List<StoredVirtualKey> virtualKeys();

    /** Replaces everything but the id and {@code createdAt}; empty when there is no such key. */
    Optional<StoredVirtualKey> updateVirtualKey(StoredVirtualKey key);

    boolean deleteVirtualKey(String id);

    // --------------------------------------------------------------------- configs

    /** @throws StoreException.AlreadyExists when the id is taken */
    StoredConfig createConfig(String id, String json);

    Optional<StoredConfig> config(String id);

    List<StoredConfig> configs();

    Optional<StoredConfig> updateConfig(String id, String json);

    boolean deleteConfig(String id);

    // -------------------------------------------------------------------- api keys

    /** @throws StoreException.AlreadyExists when the id (or, astronomically unlikely, the hash) is taken */
    StoredApiKey createApiKey(String id, String name, String keyHash, String keyLast4);

    Optional<StoredApiKey> apiKey(String id);

    Optional<StoredApiKey> apiKeyByHash(String keyHash);

    List<StoredApiKey> apiKeys();

    Optional<StoredApiKey> renameApiKey(String id, String name);

    boolean deleteApiKey(String id);

    /** Whether any gateway API key is stored (then the gateway is closed to callers without one). */
    boolean hasApiKeys();

    // ----------------------------------------------------------------- request log

    /** Appends entries in one batch (one transaction); ids must be new. */
    void appendRequestLogs(java.util.List<RequestLogEntry> entries);

    /** Entries matching the query, newest first (descending id), at most {@code query.limit()}. */
    List<RequestLogEntry> requestLogs(RequestLogQuery query);

    /**
     * Per UTC day, gateway API key, provider and model: requests, tokens and cost from the request
     * log, for entries created in {@code [from, to)}; {@code apiKeyId} null: every key. Oldest day first.
     */
    List<UsageRow> usage(java.time.Instant from, java.time.Instant to, String apiKeyId);

    // ---------------------------------------------------------------------- limits

    /** Sets (creates or replaces) the limits of one subject. */
    StoredLimits putLimits(
            io.jetway.gateway.limits.LimitScope scope, String subject, io.jetway.gateway.limits.Limits limits);

    Optional<StoredLimits> limits(io.jetway.gateway.limits.LimitScope scope, String subject);

    /** Every subject's limits, by scope then subject. */
    List<StoredLimits> allLimits();

    boolean deleteLimits(io.jetway.gateway.limits.LimitScope scope, String subject);

    /** Whether any limits are stored (without any, the limit check costs nothing). */
    boolean hasLimits();

    /** Where the data is, for logs (no credentials). */
    String describe();

    @Override
    void close();
}
