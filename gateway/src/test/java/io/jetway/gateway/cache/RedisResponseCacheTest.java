package io.jetway.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** The Redis backend against a real {@code redis-server} (see {@link TestRedis}). */
class RedisResponseCacheTest {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    String url;
    RedisResponseCache cache;
    JedisPooled direct;
    final String prefix = "jetway:test:" + UUID.randomUUID() + ":";

    @BeforeEach
    void connect() {
        url = TestRedis.url();
        cache = RedisResponseCache.connect(url, RedisResponseCache.DEFAULT_TIMEOUT, CLOCK);
        direct = new JedisPooled(URI.create(url));
    }

    @AfterEach
    void close() {
        if (cache != null) {
            cache.close();
        }
        if (direct != null) {
            for (String key : direct.keys(prefix + "*")) {
                direct.del(key);
            }
            direct.close();
        }
    }

    @Test
    void storesAndReturnsCompleteAnswersAndStreams() {
        CachedResponse.Complete complete = new CachedResponse.Complete(
                200, "{\"id\":\"chatcmpl-1\"}".getBytes(StandardCharsets.UTF_8), NOW.plusSeconds(60));
        CachedResponse.Stream stream =
                new CachedResponse.Stream(200, List.of("{\"c\":1}", "{\"c\":2}"), NOW.plusSeconds(60));

        cache.put(prefix + "complete", complete);
        cache.put(prefix + "stream", stream);

        CachedResponse.Complete read = (CachedResponse.Complete) cache.get(prefix + "complete");
        assertThat(read.body()).isEqualTo(complete.body());
        assertThat(read.expiresAt()).isEqualTo(complete.expiresAt());
        assertThat(cache.get(prefix + "stream")).isEqualTo(stream);
        assertThat(cache.get(prefix + "absent")).isNull();
    }

    @Test
    void entriesAreWrittenWithARedisExpiryOfTheRemainingMaxAge() {
        cache.put(prefix + "k", new CachedResponse.Complete(200, new byte[1], NOW.plusSeconds(90)));

        long pttl = direct.pttl(prefix + "k");

        assertThat(pttl).isBetween(85_000L, 90_000L);
    }

    @Test
    void anAlreadyExpiredEntryIsNotWritten() {
        cache.put(prefix + "k", new CachedResponse.Complete(200, new byte[1], NOW));

        assertThat(direct.exists(prefix + "k")).isFalse();
    }

    @Test
    void aValueThatIsNotAnEntryIsRefusedNotServed() {
        direct.set(prefix + "k", "{\"someone\":\"else\"}");

        assertThatThrownBy(() -> cache.get(prefix + "k")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoGatewaysShareEntries() {
        try (RedisResponseCache other = RedisResponseCache.connect(url, RedisResponseCache.DEFAULT_TIMEOUT, CLOCK)) {
            other.put(prefix + "k", new CachedResponse.Stream(200, List.of("{\"c\":1}"), NOW.plusSeconds(60)));

            assertThat(cache.get(prefix + "k")).isInstanceOf(CachedResponse.Stream.class);
        }
    }
}
