package io.jetway.gateway.cache;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The shared backend ({@code JETWAY_REDIS_URL}, e.g. {@code redis://127.0.0.1:6379/0}, or
 * {@code rediss://user:password@host:6380/2}): every gateway node reads and writes the same entries.
 * Values are {@link CachedResponseCodec} bytes, written with {@code SET … PX} so Redis drops them
 * at their expiry.
 *
 * <p>A down or slow Redis must not slow requests: connect, read and pool waits are short (50 ms by
 * default), and after a connection failure Redis is not tried again for a cool-down (1 s), during
 * which every call fails at once. A Redis that answers garbage is as good as down: every reply is
 * bounded ({@link #MAX_VALUE_BYTES} for a value; {@link RedisConnection}) and any protocol error
 * (a bad length, a wrong reply type, a truncated reply) is such a failure. Failures are thrown as
 * {@link CacheUnavailableException}; the pipeline counts and logs them and serves from upstream. The
 * connection is made lazily, so the gateway starts while Redis is down.
 */
public final class RedisResponseCache implements ResponseCache {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);
    static final Duration COOLDOWN = Duration.ofSeconds(1);
    /**
     * The largest value read from Redis: twice the largest entry the gateway stores (8 MiB,
     * {@code CacheInterceptor.DEFAULT_MAX_ENTRY_BYTES}), room for the codec's framing. A longer reply is
     * refused before anything is allocated for it.
     */
    public static final int MAX_VALUE_BYTES = 16 * 1024 * 1024;

    private final RedisClient redis;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final String where;
    private volatile long coolingUntil;
    private volatile boolean cooling;

    RedisResponseCache(URI url, Duration timeout, Clock clock, LongSupplier nanoTime) {
        checkUrl(url);
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        RedisClient.Endpoint endpoint = RedisClient.Endpoint.of(url);
        this.redis = new RedisClient(endpoint, millis, MAX_VALUE_BYTES);
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.where = endpoint.toString();
    }

    /** Connects (lazily) to {@code url} with the given timeout for connecting, reading and pool waits. */
    public static RedisResponseCache connect(String url, Duration timeout, Clock clock) {
        return new RedisResponseCache(URI.create(url), timeout, clock, System::nanoTime);
    }

    /**
     * Checks a {@code JETWAY_REDIS_URL} at startup.
     *
     * @throws IllegalArgumentException saying what is wrong (never echoing a password)
     */
    public static void checkUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("JETWAY_REDIS_URL is not a valid URL (expected redis://host:port/db)");
        }
        checkUrl(uri);
    }

    private static void checkUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss") || url.getHost() == null) {
            throw new IllegalArgumentException("JETWAY_REDIS_URL must look like redis://host:port/db or rediss://…");
        }
        String path = url.getPath() == null ? "" : url.getPath();
        if (!path.isEmpty() && !path.equals("/") && !path.matches("/\\d+")) {
            throw new IllegalArgumentException("JETWAY_REDIS_URL's path must be a database number, e.g. /0");
        }
    }

    @Override
    public CachedResponse get(String key) {
        checkNotCooling();
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] value;
        try {
            value = redis.call(c -> c.get(k));
        } catch (IOException e) {
            throw failed("GET", e);
        }
        return value == null ? null : CachedResponseCodec.decode(value);
    }

    @Override
    public void put(String key, CachedResponse response) {
        long ttl = Duration.between(clock.instant(), response.expiresAt()).toMillis();
        if (ttl <= 0) {
            return;
        }
        byte[] value = CachedResponseCodec.encode(response);
        checkNotCooling();
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        try {
            redis.call(c -> {
                c.set(k, value, ttl);
                return null;
            });
        } catch (IOException e) {
            throw failed("SET", e);
        }
    }

    private void checkNotCooling() {
        if (cooling && nanoTime.getAsLong() - coolingUntil < 0) {
            throw new CacheUnavailableException(where + " failed recently; not retried until the cool-down ends", null);
        }
        cooling = false;
    }

    private CacheUnavailableException failed(String op, IOException e) {
        coolingUntil = nanoTime.getAsLong() + COOLDOWN.toNanos();
        cooling = true;
        return new CacheUnavailableException(where + ": " + op + " failed: " + e.getMessage(), e);
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public void close() {
        redis.close();
    }

    @Override
    public String toString() {
        return "RedisResponseCache[" + where + "]";
    }
}
