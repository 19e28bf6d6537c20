package io.jetway.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Redis backend against dead servers: a closed port, and one that accepts but never answers. No Redis needed. */
class RedisResponseCacheFailureTest {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aClosedPortFailsFastThenCoolsDownWithoutTryingAgain() throws IOException {
        AtomicLong nanos = new AtomicLong();
        try (RedisResponseCache down = new RedisResponseCache(
                URI.create("redis://127.0.0.1:" + closedPort() + "/0"),
                RedisResponseCache.DEFAULT_TIMEOUT,
                CLOCK,
                nanos::get)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> down.get("k"))
                    .isInstanceOf(CacheUnavailableException.class)
                    .hasMessageContaining("redis at 127.0.0.1:");
            assertThatThrownBy(() -> down.put("k", new CachedResponse.Complete(200, new byte[1], NOW.plusSeconds(5))))
                    .isInstanceOf(CacheUnavailableException.class)
                    .hasMessageContaining("cool-down");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

            nanos.addAndGet(RedisResponseCache.COOLDOWN.toNanos());
            assertThatThrownBy(() -> down.get("k"))
                    .isInstanceOf(CacheUnavailableException.class)
                    .hasMessageContaining("GET failed");
        }
    }

    @Test
    @SuppressWarnings("try") // the accepted socket is only held open (never read), so Redis never answers
    void aRedisThatAcceptsButNeverAnswersTimesOutWithinTheLimit() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                RedisResponseCache stuck = RedisResponseCache.connect(
                        "redis://127.0.0.1:" + silent.getLocalPort() + "/0", Duration.ofMillis(50), CLOCK)) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try (Socket s = silent.accept()) {
                    Thread.sleep(5_000);
                } catch (IOException | InterruptedException ignored) {
                    // the test is over
                }
            });
            long start = System.nanoTime();

            assertThatThrownBy(() -> stuck.get("k")).isInstanceOf(CacheUnavailableException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_000));
            acceptor.interrupt();
        }
    }

    @Test
    void passwordsInTheUrlAreNeverPrinted() {
        try (RedisResponseCache withPassword =
                RedisResponseCache.connect("redis://jetway:s3cret@127.0.0.1:1/0", Duration.ofMillis(50), CLOCK)) {
            assertThat(withPassword.toString()).doesNotContain("s3cret");
            assertThatThrownBy(() -> withPassword.get("k"))
                    .isInstanceOf(CacheUnavailableException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
        }
    }

    @Test
    void urlsThatAreNotRedisAreRefusedAtStartup() {
        assertThatThrownBy(() -> RedisResponseCache.checkUrl("http://127.0.0.1:6379"))
                .hasMessageContaining("redis://");
        assertThatThrownBy(() -> RedisResponseCache.checkUrl("redis://127.0.0.1:6379/db"))
                .hasMessageContaining("database");
        RedisResponseCache.checkUrl("rediss://user:pw@cache.internal:6380/2");
    }

    static Stream<Arguments> garbage() {
        return Stream.of(
                Arguments.of("a 2 GB value length", "$2147483647\r\n", false),
                Arguments.of(
                        "a value just over the limit", "$" + (RedisResponseCache.MAX_VALUE_BYTES + 1) + "\r\n", false),
                Arguments.of("a negative length", "$-5\r\n", false),
                Arguments.of("a length that is no number", "$12ab\r\n", false),
                Arguments.of("an integer instead of a value", ":5\r\n", false),
                Arguments.of("an array", "*99999999\r\n", false),
                Arguments.of(
                        "an error", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", false),
                Arguments.of("text that is not RESP", "HTTP/1.1 400 Bad Request\r\n\r\n", false),
                Arguments.of("a line without end", "+" + "x".repeat(100_000), false),
                Arguments.of("a value cut short", "$100\r\nabc", true),
                Arguments.of("nothing at all", "", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void aRedisThatAnswersGarbageIsUnavailableNeverAFailureOfTheRequest(String what, String reply, boolean close)
            throws IOException {
        AtomicLong nanos = new AtomicLong();
        try (FakeRedis fake = new FakeRedis(reply, close);
                RedisResponseCache cache =
                        new RedisResponseCache(URI.create(fake.url()), Duration.ofSeconds(2), CLOCK, nanos::get)) {
            assertThatThrownBy(() -> cache.get("k"))
                    .isInstanceOf(CacheUnavailableException.class)
                    .hasMessageContaining("GET failed");
            nanos.addAndGet(RedisResponseCache.COOLDOWN.toNanos());
            assertThatThrownBy(() -> cache.put("k", new CachedResponse.Complete(200, new byte[1], NOW.plusSeconds(5))))
                    .isInstanceOf(CacheUnavailableException.class)
                    .hasMessageContaining("SET failed");
            nanos.addAndGet(RedisResponseCache.COOLDOWN.toNanos());
            assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheUnavailableException.class);
            assertThat(fake.commands.get()).isEqualTo(3);
        }
    }

    @Test
    void aValueWithinTheLimitIsReadAndAMissingOneIsNull() throws IOException {
        byte[] entry =
                CachedResponseCodec.encode(new CachedResponse.Complete(200, "{}".getBytes(), NOW.plusSeconds(5)));
        String bulk =
                "$" + entry.length + "\r\n" + new String(entry, java.nio.charset.StandardCharsets.ISO_8859_1) + "\r\n";
        try (FakeRedis hit = new FakeRedis(bulk, false);
                FakeRedis miss = new FakeRedis("$-1\r\n", false);
                RedisResponseCache fromHit = RedisResponseCache.connect(hit.url(), Duration.ofSeconds(2), CLOCK);
                RedisResponseCache fromMiss = RedisResponseCache.connect(miss.url(), Duration.ofSeconds(2), CLOCK)) {
            assertThat(((CachedResponse.Complete) fromHit.get("k")).body()).isEqualTo("{}".getBytes());
            assertThat(fromHit.get("k")).isNotNull();
            assertThat(fromMiss.get("k")).isNull();
        }
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
