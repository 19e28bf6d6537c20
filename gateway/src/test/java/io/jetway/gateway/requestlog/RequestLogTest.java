package io.jetway.gateway.requestlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.jetway.gateway.store.RequestLogEntry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The writer: batches, a bounded queue that drops (counted) instead of blocking, failures contained. */
class RequestLogTest {

    static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    final List<List<RequestLogEntry>> batches = new CopyOnWriteArrayList<>();

    RequestLog writer(int capacity, int batch) {
        return new RequestLog(b -> batches.add(List.copyOf(b)), capacity, batch, Duration.ofHours(1), registry, clock);
    }

    static RequestLogEntry entry(RequestLog log, String trace) {
        return new RequestLogEntry(
                log.newId(T0),
                T0,
                trace,
                null,
                null,
                null,
                Map.of(),
                "openai",
                "gpt-4o",
                null,
                false,
                200,
                0,
                null,
                3L,
                4L,
                1.5,
                2.5,
                null,
                null,
                null,
                false);
    }

    @Test
    void flushWritesQueuedEntriesInBatchesOfAtMostTheBatchSize() {
        RequestLog log = writer(100, 3);
        for (int i = 0; i < 7; i++) {
            assertThat(log.offer(entry(log, "t" + i))).isTrue();
        }
        assertThat(batches).isEmpty();
        log.flush();
        assertThat(batches).extracting(List::size).containsExactly(3, 3, 1);
        assertThat(batches.stream().flatMap(List::stream).map(RequestLogEntry::traceId))
                .containsExactly("t0", "t1", "t2", "t3", "t4", "t5", "t6");
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlocking() {
        RequestLog log = writer(2, 10);
        assertThat(log.offer(entry(log, "a"))).isTrue();
        assertThat(log.offer(entry(log, "b"))).isTrue();
        assertThat(log.offer(entry(log, "c"))).isFalse();
        assertThat(log.offer(entry(log, "d"))).isFalse();
        assertThat(log.dropped()).isEqualTo(2.0);
        assertThat(registry.scrape()).contains("jetway_request_log_dropped_total 2.0");
        log.flush();
        assertThat(batches).hasSize(1);
        assertThat(batches.getFirst()).extracting(RequestLogEntry::traceId).containsExactly("a", "b");
    }

    @Test
    void aFailingStoreNeverThrowsAndCountsTheLostEntries() {
        RequestLog log = new RequestLog(
                b -> {
                    throw new IllegalStateException("database is down");
                },
                10,
                2,
                Duration.ofHours(1),
                registry,
                clock);
        log.offer(entry(log, "a"));
        log.offer(entry(log, "b"));
        log.offer(entry(log, "c"));
        assertThatCode(log::flush).doesNotThrowAnyException();
        assertThat(log.failed()).isEqualTo(3.0);
        assertThat(registry.scrape()).contains("jetway_request_log_failed_total 3.0");
        assertThatCode(log::close).doesNotThrowAnyException();
    }

    @Test
    void closeWritesWhatIsQueuedAndLaterEntriesAreDroppedAndCounted() {
        RequestLog log = writer(10, 10).start();
        log.offer(entry(log, "a"));
        log.offer(entry(log, "b"));
        log.close();
        assertThat(batches.stream().flatMap(List::stream).map(RequestLogEntry::traceId))
                .containsExactly("a", "b");
        assertThat(log.offer(entry(log, "late"))).isFalse();
        assertThat(log.dropped()).isEqualTo(1.0);
    }

    @Test
    void theDrainerWritesAFullBatchWithoutWaitingForTheInterval() throws InterruptedException {
        CountDownLatch written = new CountDownLatch(1);
        List<RequestLogEntry> seen = new CopyOnWriteArrayList<>();
        // The interval is an hour: only the full-batch wake-up can write within the test.
        RequestLog log = new RequestLog(
                        b -> {
                            seen.addAll(b);
                            written.countDown();
                        },
                        10,
                        2,
                        Duration.ofHours(1),
                        registry,
                        clock)
                .start();
        try {
            log.offer(entry(log, "a"));
            log.offer(entry(log, "b"));
            assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).extracting(RequestLogEntry::traceId).containsExactly("a", "b");
        } finally {
            log.close();
        }
    }

    @Test
    void idsSortByArrivalTimeThenByOrderWithinTheMillisecond() {
        RequestLog log = writer(10, 10);
        List<String> ids = new ArrayList<>();
        ids.add(log.newId(T0));
        ids.add(log.newId(T0));
        ids.add(log.newId(T0.plusMillis(1)));
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(log.newId(T0.minusSeconds(1))).isLessThan(ids.getFirst());
    }

    @Test
    void idsHaveFixedWidthZeroPaddedTimeAndSequence() {
        RequestLog log = writer(10, 10);

        String id = log.newId(Instant.ofEpochMilli(42));

        assertThat(id).startsWith("log_000000000004200000000").hasSizeGreaterThan(4 + 13 + 10);
        StringBuilder padded = new StringBuilder();
        RequestLog.zeroPadded(padded, 1_732_000_000_123L, 13);
        RequestLog.zeroPadded(padded, 7, 10);
        assertThat(padded).hasToString(String.format("%013d%010d", 1_732_000_000_123L, 7));
    }
}
