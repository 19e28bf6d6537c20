package io.jetway.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-process limiter, on the injected clock: windows, reservations, settlements, refusals. */
class LimiterTest {

    static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final InProcessCounters counters = new InProcessCounters(clock);
    final Limiter limiter = new Limiter(counters, clock);

    static Limiter.Subject key(Limits limits) {
        return new Limiter.Subject(LimitScope.API_KEY, "ak-1", limits);
    }

    static Limits rpm(long n) {
        return new Limits(n, null, null, null);
    }

    @Test
    void aKeyCappedAtThreeRequestsAMinuteIsAdmittedThreeTimesThenRefusedUntilTheNextMinute() {
        List<Limiter.Subject> subjects = List.of(key(rpm(3)));
        for (int i = 0; i < 3; i++) {
            limiter.admit(subjects, 10, null);
        }
        clock.advance(Duration.ofSeconds(59));
        assertThatThrownBy(() -> limiter.admit(subjects, 10, null)).isInstanceOf(GatewayException.class);

        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.admit(subjects, 10, null).headers())
                .containsEntry("x-ratelimit-limit-requests", "3")
                .containsEntry("x-ratelimit-remaining-requests", "2")
                .containsEntry("x-ratelimit-reset-requests", "1m0s");
    }

    @Test
    void aRefusalIsAn429RateLimitExceededWithRetryAfterUntilTheWindowEndsAndOpenAisHeaders() {
        List<Limiter.Subject> subjects = List.of(key(rpm(1)));
        limiter.admit(subjects, 10, null);
        clock.advance(Duration.ofMillis(42_300));

        GatewayException refused = catchRefusal(subjects, 10, null);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("rate_limit_exceeded");
        assertThat(refused.type()).isEqualTo("requests");
        assertThat(refused.getMessage())
                .contains("gateway API key 'ak-1'")
                .contains("1 requests per minute")
                .contains("18s");
        assertThat(refused.headers())
                .containsEntry("retry-after", "18")
                .containsEntry("x-ratelimit-remaining-requests", "0")
                .containsEntry("x-ratelimit-reset-requests", "18s");
    }

    @Test
    void aTokenCapIsOvershotByAtMostOneReservation() {
        List<Limiter.Subject> subjects = List.of(key(new Limits(null, 1000L, null, null)));
        long admitted = 0;
        for (int i = 0; i < 100; i++) {
            try {
                limiter.admit(subjects, 300, null);
                admitted += 300;
            } catch (GatewayException refused) {
                assertThat(refused.type()).isEqualTo("tokens");
            }
        }
        assertThat(admitted).isEqualTo(1200).isLessThanOrEqualTo(1000 + 300);
    }

    @Test
    void aSettlementReplacesTheReservationWithTheTokensUsed() {
        List<Limiter.Subject> subjects = List.of(key(new Limits(null, 1000L, null, null)));
        Limiter.Admission first = limiter.admit(subjects, 900, null);
        limiter.settle(first, 100, null);
        limiter.settle(first, 100, null); // idempotent

        Limiter.Admission second = limiter.admit(subjects, 500, null);

        assertThat(second.headers()).containsEntry("x-ratelimit-remaining-tokens", "400");
    }

    @Test
    void aSpentDailyBudgetRefusesSayingSoUntilMidnightUtc() {
        List<Limiter.Subject> subjects = List.of(key(new Limits(null, null, new BigDecimal("0.01"), null)));
        Limiter.Admission a = limiter.admit(subjects, 0, new BigDecimal("0.02"));
        limiter.settle(a, 0, new BigDecimal("0.0100001"));

        GatewayException refused = catchRefusal(subjects, 0, new BigDecimal("0.001"));

        assertThat(refused.type()).isEqualTo("budget");
        assertThat(refused.getMessage())
                .contains("daily budget of 0.01 USD")
                .contains("is spent")
                .contains("2026-11-23T00:00:00Z");
        assertThat(refused.headers()).containsEntry("retry-after", Long.toString(12 * 3600));

        clock.set(Instant.parse("2026-11-23T00:00:00Z"));
        limiter.admit(subjects, 0, new BigDecimal("0.001"));
    }

    @Test
    void aMonthlyBudgetRenewsOnTheFirstOfTheNextMonth() {
        List<Limiter.Subject> subjects = List.of(key(new Limits(null, null, null, new BigDecimal("1"))));
        limiter.admit(subjects, 0, new BigDecimal("1"));

        assertThat(catchRefusal(subjects, 0, BigDecimal.ONE).getMessage()).contains("2026-12-01T00:00:00Z");
        clock.set(Instant.parse("2026-12-01T00:00:00Z"));
        limiter.admit(subjects, 0, BigDecimal.ONE);
    }

    @Test
    void aRequestRefusedForOneSubjectCountsForNone() {
        Limiter.Subject key = key(rpm(10));
        Limiter.Subject user = new Limiter.Subject(LimitScope.USER, "bob", rpm(1));
        limiter.admit(List.of(key, user), 1, null);
        for (int i = 0; i < 5; i++) {
            assertThat(catchRefusal(List.of(key, user), 1, null).getMessage()).contains("user 'bob'");
        }

        Limiter.Admission alone = limiter.admit(List.of(key), 1, null);

        assertThat(alone.headers()).containsEntry("x-ratelimit-remaining-requests", Long.toString(10 - 2));
    }

    @Test
    void theHeadersReportTheTightestOfTheRequestAndTokenLimits() {
        Limiter.Subject key = key(new Limits(100L, 10_000L, null, null));
        Limiter.Subject user = new Limiter.Subject(LimitScope.USER, "bob", new Limits(5L, 50_000L, null, null));

        Limiter.Admission a = limiter.admit(List.of(key, user), 200, null);

        assertThat(a.headers())
                .containsEntry("x-ratelimit-limit-requests", "5")
                .containsEntry("x-ratelimit-remaining-requests", "4")
                .containsEntry("x-ratelimit-limit-tokens", "10000")
                .containsEntry("x-ratelimit-remaining-tokens", "9800");
    }

    @Test
    void expiredCountersAreSweptSoMemoryFollowsTheLiveWindows() {
        List<Limiter.Subject> subjects = List.of(key(rpm(1_000_000)));
        for (int i = 0; i < InProcessCounters.SWEEP_EVERY + 1; i++) {
            limiter.admit(subjects, 1, null);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(counters.size()).isLessThan(10);
    }

    @Test
    void openAisDurationFormatIsUsedForResets() {
        assertThat(Limiter.duration(20)).isEqualTo("20ms");
        assertThat(Limiter.duration(1_000)).isEqualTo("1s");
        assertThat(Limiter.duration(360_000)).isEqualTo("6m0s");
        assertThat(Limiter.duration(3_600_000 + 61_000)).isEqualTo("1h1m1s");
    }

    private GatewayException catchRefusal(List<Limiter.Subject> subjects, long tokens, BigDecimal cost) {
        try {
            limiter.admit(subjects, tokens, cost);
        } catch (GatewayException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }
}
