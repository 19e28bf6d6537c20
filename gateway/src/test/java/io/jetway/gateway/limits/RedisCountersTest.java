package io.jetway.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.testing.MutableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Redis counters: the same answers as the in-process ones on a real Redis
 * ({@code JETWAY_TEST_REDIS_URL}; skipped without it, failed in CI), and the explicit behaviour
 * when Redis is down (a real refused connection): admitted and counted, or a 503.
 */
class RedisCountersTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T12:00:00Z"));

    static String redisUrl() {
        String url = System.getenv("JETWAY_TEST_REDIS_URL");
        if (url == null || url.isBlank()) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("JETWAY_TEST_REDIS_URL must be set in CI");
            }
            Assumptions.abort("JETWAY_TEST_REDIS_URL is not set: start redis-server and export it to run this test");
        }
        return url;
    }

    static String deadRedis() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "redis://127.0.0.1:" + s.getLocalPort() + "/0";
        }
    }

    @Test
    void redisCountersAnswerLikeTheInProcessOnesAndCountNothingWhenTheyRefuse() {
        String key = "test:" + UUID.randomUUID();
        try (RedisCounters redis = new RedisCounters(redisUrl(), Duration.ofSeconds(2), true, () -> {}, clock)) {
            List<Counters.Counter> both = List.of(
                    new Counters.Counter(key + ":a", 2, 1, 60_000), new Counters.Counter(key + ":b", 100, 40, 60_000));

            Counters.Outcome first = redis.admit(both);
            Counters.Outcome second = redis.admit(both);
            Counters.Outcome third = redis.admit(both);

            assertThat(first.admitted()).isTrue();
            assertThat(first.values()).containsExactly(1, 40);
            assertThat(second.values()).containsExactly(2, 80);
            assertThat(third.admitted()).isFalse();
            assertThat(third.refused()).isZero();
            assertThat(third.values()).containsExactly(2, 80);

            redis.adjust(both, new long[] {0, -200});
            assertThat(redis.admit(List.of(new Counters.Counter(key + ":b", 100, 5, 60_000)))
                            .values())
                    .containsExactly(5);
        }
    }

    @Test
    void aRedisThatIsDownAdmitsTheRequestAndCountsTheFailureWhenFailOpen() throws IOException {
        AtomicInteger failures = new AtomicInteger();
        try (RedisCounters redis =
                new RedisCounters(deadRedis(), Duration.ofMillis(500), false, failures::incrementAndGet, clock)) {
            Limiter limiter = new Limiter(redis, clock);
            List<Limiter.Subject> subjects =
                    List.of(new Limiter.Subject(LimitScope.API_KEY, "ak-1", new Limits(1L, null, null, null)));

            limiter.admit(subjects, 1, null);
            limiter.admit(subjects, 1, null);

            assertThat(failures).hasValue(2);
        }
    }

    @Test
    void aRedisThatIsDownRefusesTheRequestWith503WhenFailClosed() throws IOException {
        try (RedisCounters redis = new RedisCounters(deadRedis(), Duration.ofMillis(500), true, () -> {}, clock)) {
            Limiter limiter = new Limiter(redis, clock);

            assertThatThrownBy(() -> limiter.admit(
                            List.of(new Limiter.Subject(LimitScope.USER, "bob", new Limits(10L, null, null, null))),
                            1,
                            null))
                    .isInstanceOfSatisfying(GatewayException.class, e -> {
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(e.code()).isEqualTo("limits_unavailable");
                    });
        }
    }
}
