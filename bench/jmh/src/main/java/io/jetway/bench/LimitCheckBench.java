package io.jetway.bench;

import io.jetway.gateway.limits.Counters;
import io.jetway.gateway.limits.InProcessCounters;
import io.jetway.gateway.limits.LimitScope;
import io.jetway.gateway.limits.Limiter;
import io.jetway.gateway.limits.Limits;
import io.jetway.gateway.limits.RedisCounters;
import io.jetway.gateway.store.ApiKeyHash;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The limit check a limited request pays: admission (reserve requests, tokens and cost for each
 * subject) plus settlement (the usage replacing the reservation). {@code counters=memory} is the
 * in-process limiter; {@code counters=redis} the Redis one (two scripts, one round trip each), run
 * only with {@code JETWAY_BENCH_REDIS_URL} set. Sampled, so the percentiles (p50 among them) show.
 * {@code apiKeyHash} is the other per-request cost of limits per gateway key: the key's SHA-256,
 * to find its id in the lookup cache.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LimitCheckBench extends BenchDefaults {

    @Param({"memory"})
    public String counters;

    private Counters store;
    private Limiter limiter;
    private final List<Limiter.Subject> oneSubject = List.of(new Limiter.Subject(
            LimitScope.API_KEY, "ak-1", new Limits(Long.MAX_VALUE - 1, Long.MAX_VALUE - 1, null, null)));
    private final List<Limiter.Subject> threeSubjects = List.of(
            new Limiter.Subject(
                    LimitScope.API_KEY,
                    "ak-1",
                    new Limits(
                            Long.MAX_VALUE - 1,
                            Long.MAX_VALUE - 1,
                            new BigDecimal("1000000"),
                            new BigDecimal("1000000"))),
            new Limiter.Subject(LimitScope.VIRTUAL_KEY, "vk-1", new Limits(Long.MAX_VALUE - 1, null, null, null)),
            new Limiter.Subject(
                    LimitScope.USER,
                    "alice",
                    new Limits(Long.MAX_VALUE - 1, Long.MAX_VALUE - 1, new BigDecimal("1000000"), null)));
    private final BigDecimal reservedCost = new BigDecimal("0.0007");
    private final BigDecimal usedCost = new BigDecimal("0.00045");

    @Setup
    public void setUp() {
        Clock clock = Clock.systemUTC();
        if (counters.equals("redis")) {
            String url = System.getenv("JETWAY_BENCH_REDIS_URL");
            if (url == null) {
                throw new IllegalStateException("counters=redis needs JETWAY_BENCH_REDIS_URL");
            }
            store = new RedisCounters(url, Duration.ofSeconds(1), true, () -> {}, clock);
        } else {
            store = new InProcessCounters(clock);
        }
        limiter = new Limiter(store, clock);
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    /** One subject with a request and a token limit. */
    @Benchmark
    public Limiter.Admission admitAndSettleOneSubject() {
        Limiter.Admission a = limiter.admit(oneSubject, 1100, null);
        limiter.settle(a, 1500, null);
        return a;
    }

    /** Key, virtual key and user, with every kind of limit among them (10 counters). */
    @Benchmark
    public Limiter.Admission admitAndSettleThreeSubjects() {
        Limiter.Admission a = limiter.admit(threeSubjects, 1100, reservedCost);
        limiter.settle(a, 1500, usedCost);
        return a;
    }

    @Benchmark
    public String apiKeyHash() {
        return ApiKeyHash.of("jw-8Yv0c1b2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d");
    }
}
