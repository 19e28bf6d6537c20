package io.jetway.contract.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.TestRedis;
import io.jetway.gateway.testing.MutableClock;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Four gateway nodes sharing one real Redis ({@code JETWAY_TEST_REDIS_URL}) enforce one cap, not
 * four: clients push twice the cap through all nodes at once.
 *
 * <p>The scenario is 1,000 requests per minute pushed at 2,000 per minute for 2 minutes.
 * Here the minute is the nodes' injected clock, moved by the test: each window gets twice its cap
 * of requests, then the clock moves to the next window. The counting does not depend on how long
 * a window lasts in wall time or on the size of the cap, so the cap is scaled to 250 per window
 * (1,000 requests in all, instead of 4,000) to keep the test to a few seconds.
 */
class LimitsAcrossNodesTest {

    static final int NODES = 4;
    static final int CLIENTS = 8;
    static final String BODY =
            "{\"model\":\"gpt-4o-mini\",\"max_tokens\":200," + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    static final MutableClock CLOCK = new MutableClock(GatewayHarness.NOW);
    static final List<GatewayHarness> NODE = new ArrayList<>();
    static ExecutorService clients;

    @BeforeAll
    static void start() {
        String redis = TestRedis.url();
        for (int i = 0; i < NODES; i++) {
            GatewayHarness gw = GatewayHarness.start(
                    Map.of(
                            "JETWAY_ADMIN_TOKEN",
                            GatewayHarness.ADMIN_TOKEN,
                            "JETWAY_REDIS_URL",
                            redis,
                            "JETWAY_REDIS_TIMEOUT_MS",
                            "5000",
                            // A Redis failure must show as a 503, not as requests admitted uncounted.
                            "JETWAY_LIMITS_REDIS_FAILURE",
                            "closed"),
                    CLOCK);
            // 150 prompt + 50 completion tokens: 150 × 0.15 + 50 × 0.60 = 52.5 per million = $0.0000525.
            gw.upstream()
                    .setDefaultResponse(FakeResponse.chatCompletion("Hello!").withUsage(150, 50));
            NODE.add(gw);
        }
        clients = Executors.newFixedThreadPool(CLIENTS);
    }

    @AfterAll
    static void stop() {
        if (clients != null) { // null when start() was skipped (no JETWAY_TEST_REDIS_URL)
            clients.shutdownNow();
        }
        NODE.forEach(GatewayHarness::close);
    }

    /** Sets the same user's limits on every node (each has its own store; the counters are shared). */
    static String user(String limits) {
        String user = "u-" + UUID.randomUUID();
        for (GatewayHarness gw : NODE) {
            HttpResponse<String> set =
                    gw.admin("PUT", "/v1/admin/limits/user/" + user, limits).send();
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        }
        return user;
    }

    /** Sends {@code n} requests for {@code user}, spread over the nodes by {@link #CLIENTS} clients at once. */
    static List<HttpResponse<String>> push(String user, int n) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Future<List<HttpResponse<String>>>> futures = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            futures.add(clients.submit(() -> {
                List<HttpResponse<String>> out = new ArrayList<>();
                for (int i; (i = next.getAndIncrement()) < n; ) {
                    out.add(NODE.get(i % NODES)
                            .chat(BODY)
                            .header("x-portkey-metadata", "{\"_user\":\"" + user + "\"}")
                            .send());
                }
                return out;
            }));
        }
        List<HttpResponse<String>> all = new ArrayList<>();
        for (Future<List<HttpResponse<String>>> f : futures) {
            all.addAll(f.get());
        }
        return all;
    }

    static long count(List<HttpResponse<String>> responses, int status) {
        return responses.stream().filter(r -> r.statusCode() == status).count();
    }

    @Test
    void fourNodesAdmitTheCapOfRequestsPerMinuteNotFourTimesIt() throws Exception {
        int cap = 250;
        String user = user("{\"requests_per_minute\":" + cap + "}");
        CLOCK.set(GatewayHarness.NOW.plusSeconds(3600));
        long admitted = 0;
        for (int window = 0; window < 2; window++) {
            List<HttpResponse<String>> answers = push(user, 2 * cap);

            long ok = count(answers, 200);
            assertThat(ok).as("window %d", window).isBetween((long) (cap * 0.99), (long) (cap * 1.01));
            assertThat(count(answers, 429)).isEqualTo(2L * cap - ok);
            admitted += ok;
            CLOCK.advance(Duration.ofMinutes(1));
        }
        assertThat(admitted).isEqualTo(2L * cap);
    }

    @Test
    void aTokenCapIsOvershotByAtMostOneReservationAcrossNodes() throws Exception {
        int cap = 20_000;
        String user = user("{\"tokens_per_minute\":" + cap + "}");
        CLOCK.set(GatewayHarness.NOW.plusSeconds(7200));
        // Each reserves its body / 4 (~30) + max_tokens 200 and uses 200: ~100 requests fit.
        List<HttpResponse<String>> answers = push(user, 200);

        long used = 200 * count(answers, 200);
        long reservation = (BODY.length() + 3) / 4 + 200;
        assertThat(used).isLessThanOrEqualTo(cap + reservation).isGreaterThanOrEqualTo(cap - reservation);
        assertThat(count(answers, 200) + count(answers, 429)).isEqualTo(200);
    }

    @Test
    void aDailyBudgetStopsWithinOneRequestsCostAcrossNodes() throws Exception {
        BigDecimal budget = new BigDecimal("0.0025"); // ≈ 47.6 requests of $0.0000525
        String user = user("{\"daily_budget_usd\":" + budget + "}");
        CLOCK.set(GatewayHarness.NOW.plusSeconds(10_800));
        List<HttpResponse<String>> answers = push(user, 100);

        BigDecimal spent = BigDecimal.ZERO;
        for (HttpResponse<String> r : answers) {
            if (r.statusCode() == 200) {
                spent = spent.add(new BigDecimal(
                        r.headers().firstValue("x-jetway-cost-usd").orElseThrow()));
            }
        }
        // Reserved at admission: (body/4 + max_tokens 200) at gpt-4o-mini's prices, at most.
        BigDecimal reservation = new BigDecimal("0.00000015")
                .multiply(BigDecimal.valueOf((BODY.length() + 3) / 4))
                .add(new BigDecimal("0.0000006").multiply(BigDecimal.valueOf(200)));
        assertThat(spent).isGreaterThanOrEqualTo(budget).isLessThan(budget.add(reservation));
        assertThat(count(answers, 429)).isPositive();
    }
}
