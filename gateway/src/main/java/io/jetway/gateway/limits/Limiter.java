package io.jetway.gateway.limits;

import io.jetway.gateway.core.GatewayException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Admits a request against the limits of everyone it is charged to (its gateway API key, virtual
 * key, end user), reserving its tokens and cost, and later settles the reservation from the usage.
 *
 * <p>Windows are fixed and aligned to the injected clock in UTC: the clock minute for requests
 * and tokens, the day and the calendar month for budgets. Every node computes the same window
 * numbers, so with {@link RedisCounters} all nodes count into the same counters (their clocks are
 * assumed in sync, as NTP keeps them; a skew of s shifts a node's window edges by s).
 *
 * <p>A request is refused when any of its counters is at or over its limit; then nothing is
 * counted. Costs are counted in nano-dollars (integers, so Redis can add them atomically), a
 * reservation rounded up.
 */
public final class Limiter {

    /** One party a request is charged to, and its limits. */
    public record Subject(LimitScope scope, String id, Limits limits) {}

    private enum Measure {
        REQUESTS,
        TOKENS,
        DAY_BUDGET,
        MONTH_BUDGET
    }

    private static final long MINUTE = 60_000L;
    private static final long DAY = 86_400_000L;
    private static final BigDecimal NANOS_PER_USD = BigDecimal.valueOf(1_000_000_000L);

    private final Counters counters;
    private final Clock clock;

    public Limiter(Counters counters, Clock clock) {
        this.counters = counters;
        this.clock = clock;
    }

    /**
     * An admitted request's reservation, settled once with {@link #settle}, and the rate-limit
     * headers of its answer (OpenAI's {@code x-ratelimit-*}, for the tightest request and token limits).
     */
    public final class Admission {
        private final List<Counters.Counter> counted;
        private final List<Measure> measures;
        private final long reservedTokens;
        private final long reservedNanos;
        private final Map<String, String> headers;
        private boolean settled;

        private Admission(
                List<Counters.Counter> counted,
                List<Measure> measures,
                long reservedTokens,
                long reservedNanos,
                Map<String, String> headers) {
            this.counted = counted;
            this.measures = measures;
            this.reservedTokens = reservedTokens;
            this.reservedNanos = reservedNanos;
            this.headers = headers;
        }

        public Map<String, String> headers() {
            return headers;
        }

        public long reservedTokens() {
            return reservedTokens;
        }
    }

    /**
     * Admits and reserves, or refuses.
     *
     * @param reservedTokens  tokens the request may use (its input estimate plus its output bound)
     * @param reservedCostUsd what those tokens cost at most; null when the model has no price (budgets count 0)
     * @throws GatewayException 429 {@code rate_limit_exceeded}, with {@code retry-after} and the
     *                          {@code x-ratelimit-*} headers, when a limit is reached
     */
    public Admission admit(List<Subject> subjects, long reservedTokens, BigDecimal reservedCostUsd) {
        long now = clock.millis();
        long minute = Math.floorDiv(now, MINUTE);
        long day = Math.floorDiv(now, DAY);
        long reservedNanos = reservedCostUsd == null ? 0 : nanos(reservedCostUsd, RoundingMode.CEILING);
        List<Counters.Counter> list = new ArrayList<>(4 * subjects.size());
        List<Measure> measures = new ArrayList<>(4 * subjects.size());
        List<Subject> owners = new ArrayList<>(4 * subjects.size());
        for (Subject s : subjects) {
            Limits l = s.limits();
            String prefix = "jetway:rl:" + s.scope().wire() + ":" + s.id() + ":";
            if (l.requestsPerMinute() != null) {
                add(
                        list,
                        measures,
                        owners,
                        s,
                        Measure.REQUESTS,
                        new Counters.Counter(prefix + "r:" + minute, l.requestsPerMinute(), 1, 2 * MINUTE));
            }
            if (l.tokensPerMinute() != null) {
                add(
                        list,
                        measures,
                        owners,
                        s,
                        Measure.TOKENS,
                        new Counters.Counter(prefix + "t:" + minute, l.tokensPerMinute(), reservedTokens, 2 * MINUTE));
            }
            if (l.dailyBudgetUsd() != null) {
                add(
                        list,
                        measures,
                        owners,
                        s,
                        Measure.DAY_BUDGET,
                        new Counters.Counter(
                                prefix + "d:" + day,
                                nanos(l.dailyBudgetUsd(), RoundingMode.FLOOR),
                                reservedNanos,
                                2 * DAY));
            }
            if (l.monthlyBudgetUsd() != null) {
                add(
                        list,
                        measures,
                        owners,
                        s,
                        Measure.MONTH_BUDGET,
                        new Counters.Counter(
                                prefix + "m:" + month(now),
                                nanos(l.monthlyBudgetUsd(), RoundingMode.FLOOR),
                                reservedNanos,
                                32 * DAY));
            }
        }
        if (list.isEmpty()) {
            return new Admission(List.of(), List.of(), reservedTokens, reservedNanos, Map.of());
        }
        Counters.Outcome outcome = counters.admit(list);
        Map<String, String> headers = headers(list, measures, outcome.values(), now);
        if (outcome.admitted()) {
            return new Admission(list, measures, reservedTokens, reservedNanos, headers);
        }
        int i = outcome.refused();
        long resetMillis = reset(measures.get(i), now);
        Map<String, String> refusal = new LinkedHashMap<>(headers);
        refusal.put("retry-after", Long.toString(Math.max(1, (resetMillis + 999) / 1000)));
        throw new GatewayException(
                429,
                measures.get(i) == Measure.TOKENS
                        ? "tokens"
                        : measures.get(i) == Measure.REQUESTS ? "requests" : "budget",
                message(owners.get(i), measures.get(i), resetMillis, now),
                null,
                "rate_limit_exceeded",
                refusal);
    }

    /**
     * Replaces the reservation with what the request used (tokens and cost; null cost: its
     * reservation stands). Idempotent; a settlement after the window ended changes nothing.
     */
    public void settle(Admission admission, long usedTokens, BigDecimal usedCostUsd) {
        if (admission.settled || admission.counted.isEmpty()) {
            return;
        }
        admission.settled = true;
        long tokenDelta = usedTokens - admission.reservedTokens;
        long costDelta = usedCostUsd == null ? 0 : nanos(usedCostUsd, RoundingMode.HALF_UP) - admission.reservedNanos;
        long[] deltas = new long[admission.counted.size()];
        boolean any = false;
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = switch (admission.measures.get(i)) {
                case REQUESTS -> 0;
                case TOKENS -> tokenDelta;
                case DAY_BUDGET, MONTH_BUDGET -> costDelta;
            };
            any |= deltas[i] != 0;
        }
        if (any) {
            counters.adjust(admission.counted, deltas);
        }
    }

    private static void add(
            List<Counters.Counter> list,
            List<Measure> measures,
            List<Subject> owners,
            Subject s,
            Measure m,
            Counters.Counter c) {
        list.add(c);
        measures.add(m);
        owners.add(s);
    }

    /** OpenAI's headers for the tightest request limit and the tightest token limit. */
    private static Map<String, String> headers(
            List<Counters.Counter> list, List<Measure> measures, long[] values, long now) {
        Map<String, String> out = new LinkedHashMap<>(8);
        for (Measure m : new Measure[] {Measure.REQUESTS, Measure.TOKENS}) {
            int best = -1;
            long bestRemaining = Long.MAX_VALUE;
            for (int i = 0; i < list.size(); i++) {
                if (measures.get(i) == m) {
                    long remaining = Math.max(0, list.get(i).limit() - values[i]);
                    if (remaining < bestRemaining) {
                        best = i;
                        bestRemaining = remaining;
                    }
                }
            }
            if (best >= 0) {
                String suffix = m == Measure.REQUESTS ? "requests" : "tokens";
                out.put(
                        "x-ratelimit-limit-" + suffix,
                        Long.toString(list.get(best).limit()));
                out.put("x-ratelimit-remaining-" + suffix, Long.toString(bestRemaining));
                out.put("x-ratelimit-reset-" + suffix, duration(reset(m, now)));
            }
        }
        return out;
    }

    /** Milliseconds until the current window of {@code m} ends. */
    private static long reset(Measure m, long now) {
        return switch (m) {
            case REQUESTS, TOKENS -> (Math.floorDiv(now, MINUTE) + 1) * MINUTE - now;
            case DAY_BUDGET -> (Math.floorDiv(now, DAY) + 1) * DAY - now;
            case MONTH_BUDGET ->
                LocalDate.ofEpochDay(Math.floorDiv(now, DAY))
                                .withDayOfMonth(1)
                                .plusMonths(1)
                                .atStartOfDay(ZoneOffset.UTC)
                                .toInstant()
                                .toEpochMilli()
                        - now;
        };
    }

    private static long month(long now) {
        LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(now, DAY));
        return d.getYear() * 100L + d.getMonthValue();
    }

    /** OpenAI's duration format: {@code 20ms}, {@code 1s}, {@code 6m0s}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        long s = (millis + 999) / 1000;
        if (s < 60) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + "m" + (s % 60) + "s";
        }
        return (m / 60) + "h" + (m % 60) + "m" + (s % 60) + "s";
    }

    private static String message(Subject s, Measure m, long resetMillis, long now) {
        String who = switch (s.scope()) {
            case API_KEY -> "gateway API key '" + s.id() + "'";
            case VIRTUAL_KEY -> "virtual key '" + s.id() + "'";
            case USER -> "user '" + s.id() + "'";
        };
        Limits l = s.limits();
        return switch (m) {
            case REQUESTS ->
                "Rate limit reached for " + who + ": " + l.requestsPerMinute() + " requests per minute. Retry after "
                        + duration(resetMillis) + ".";
            case TOKENS ->
                "Rate limit reached for " + who + ": " + l.tokensPerMinute() + " tokens per minute. Retry after "
                        + duration(resetMillis) + ".";
            case DAY_BUDGET ->
                "The daily budget of " + l.dailyBudgetUsd().toPlainString() + " USD of " + who
                        + " is spent; it renews at " + Instant.ofEpochMilli(now + resetMillis) + ".";
            case MONTH_BUDGET ->
                "The monthly budget of " + l.monthlyBudgetUsd().toPlainString() + " USD of " + who
                        + " is spent; it renews at " + Instant.ofEpochMilli(now + resetMillis) + ".";
        };
    }

    static long nanos(BigDecimal usd, RoundingMode rounding) {
        return usd.multiply(NANOS_PER_USD).setScale(0, rounding).longValueExact();
    }
}
