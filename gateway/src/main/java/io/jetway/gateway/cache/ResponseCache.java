package io.jetway.gateway.cache;

/**
 * Where answers are stored. Implementations are thread-safe. Failures are thrown (unchecked); the
 * pipeline's cache step catches them, counts and logs them, and serves from upstream: a cache
 * failure never fails a request.
 */
public interface ResponseCache extends AutoCloseable {

    /** The stored answer, or null. May return an entry past its {@code expiresAt}: callers check. */
    CachedResponse get(String key);

    /** Stores {@code response} until its {@code expiresAt}, replacing any entry under {@code key}. */
    void put(String key, CachedResponse response);

    /** {@code in-process} or {@code redis}, for logs. */
    String name();

    @Override
    default void close() {}
}
