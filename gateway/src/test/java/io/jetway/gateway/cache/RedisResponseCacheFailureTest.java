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
import org.junit.jupiter.api.Test;

/** The Redis backend against dead servers: a closed port, and one that accepts but never answers. No Redis needed. */
class RedisResponseCacheFailureTest {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aClosedPortFailsFastThenCoolsDownWithoutTryingAgain() throws IOException {
        AtomicLong nanos = new AtomicLong();
        try (RedisResponseCache down = new RedisResponseCache(URI.create("redis://127.0.0.1:" + closedPort() + "/0"),
                RedisResponseCache.DEFAULT_TIMEOUT, CLOCK, nanos::get)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> down.get("k")).isInstanceOf(CacheUnavailableException.class)
                    .hasMessageContaining("redis at 127.0.0.1:");
            assertThatThrownBy(() -> down.put("k", new CachedResponse.Complete(200, new byte[1], NOW.plusSeconds(5))))
                    .isInstanceOf(CacheUnavailableException.class).hasMessageContaining("cool-down");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

            nanos.addAndGet(RedisResponseCache.COOLDOWN.toNanos());
            assertThatThrownBy(() -> down.get("k")).isInstanceOf(CacheUnavailableException.class)
                    .hasMessageContaining("GET failed");
        }
    }

    @Test
    void aRedisThatAcceptsButNeverAnswersTimesOutWithinTheLimit() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             RedisResponseCache stuck = RedisResponseCache.connect("redis://127.0.0.1:" + silent.getLocalPort() + "/0",
                     Duration.ofMillis(50), CLOCK)) {
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
        try (RedisResponseCache withPassword = RedisResponseCache.connect("redis://jetway:s3cret@127.0.0.1:1/0",
                Duration.ofMillis(50), CLOCK)) {
            assertThat(withPassword.toString()).doesNotContain("s3cret");
            assertThatThrownBy(() -> withPassword.get("k")).isInstanceOf(CacheUnavailableException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
        }
    }

    @Test
    void urlsThatAreNotRedisAreRefusedAtStartup() {
        assertThatThrownBy(() -> RedisResponseCache.checkUrl("http://127.0.0.1:6379")).hasMessageContaining("redis://");
        assertThatThrownBy(() -> RedisResponseCache.checkUrl("redis://127.0.0.1:6379/db")).hasMessageContaining("database");
        RedisResponseCache.checkUrl("rediss://user:pw@cache.internal:6380/2");
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
