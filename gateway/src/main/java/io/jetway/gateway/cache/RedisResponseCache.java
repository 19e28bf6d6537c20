package io.jetway.gateway.cache;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The shared backend ({@code JETWAY_REDIS_URL}, e.g. {@code redis://127.0.0.1:6379/0}, or
 * {@code rediss://user:password@host:6380/2}): every gateway node reads and writes the same entries.
 * Values are {@link CachedResponseCodec} bytes, written with {@code SET … PX} so Redis drops them
 * at their expiry.
 *
 * <p>A down or slow Redis must not slow requests: connect, read and pool waits are short (50 ms by
 * default), and after a connection failure Redis is not tried again for a cool-down (1 s), during
 * which every call fails at once. Failures are thrown as {@link CacheUnavailableException}; the
 * pipeline counts and logs them and serves from upstream. The connection is made lazily, so the
 * gateway starts while Redis is down.
 */
public final class RedisResponseCache implements ResponseCache {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);
    static final Duration COOLDOWN = Duration.ofSeconds(1);

    private final JedisPooled redis;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final String where;
    private volatile long coolingUntil;
    private volatile boolean cooling;

    RedisResponseCache(URI url, Duration timeout, Clock clock, LongSupplier nanoTime) {
        checkUrl(url);
        int millis = (int) Math.max(1, timeout.toMillis());
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis)
                .database(JedisURIHelper.getDBIndex(url))
                .ssl(JedisURIHelper.isRedisSSLScheme(url))
                .clientName("jetway")
                // One round trip less per new connection (CLIENT SETINFO).
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        String user = JedisURIHelper.getUser(url);
        String password = JedisURIHelper.getPassword(url);
        if (user != null) {
            config.user(user);
        }
        if (password != null) {
            config.password(password);
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(64);
        pool.setMaxIdle(64);
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(Duration.ofMillis(millis));
        this.redis = new JedisPooled(JedisURIHelper.getHostAndPort(url), config.build(), pool);
        this.clock = clock;
        this.nanoTime = nanoTime;
        HostAndPort hp = JedisURIHelper.getHostAndPort(url);
        this.where = "redis at " + hp.getHost() + ":" + hp.getPort() + "/" + JedisURIHelper.getDBIndex(url);
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
        byte[] value;
        try {
            checkNotCooling();
            value = redis.get(key.getBytes(StandardCharsets.UTF_8));
        } catch (JedisException e) {
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
        try {
            checkNotCooling();
            redis.set(key.getBytes(StandardCharsets.UTF_8), value, SetParams.setParams().px(ttl));
        } catch (JedisException e) {
            throw failed("SET", e);
        }
    }

    private void checkNotCooling() {
        if (cooling && nanoTime.getAsLong() - coolingUntil < 0) {
            throw new CacheUnavailableException(where + " failed recently; not retried until the cool-down ends",
                    null);
        }
        cooling = false;
    }

    private CacheUnavailableException failed(String op, JedisException e) {
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
