package io.jetway.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.store.DatabaseUrl;
import io.jetway.gateway.store.JdbcStore;
import io.jetway.gateway.store.RequestLogEntry;
import io.jetway.gateway.store.SecretBox;
import io.jetway.gateway.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SeriesCacheTest {

    static final long HOUR = Duration.ofHours(1).toMillis();
    static final Instant NOW = Instant.parse("2026-12-07T12:05:00Z");

    final MutableClock clock = new MutableClock(NOW);
    JdbcStore store;
    SeriesCache cache;
    int seq;

    @BeforeEach
    void open() throws Exception {
        Path dir = Files.createTempDirectory("jetway-series-");
        store = JdbcStore.open(
                DatabaseUrl.parse("jdbc:sqlite:" + dir.resolve("t.db")), new SecretBox(new byte[32]), clock);
        cache = new SeriesCache(new ConsoleQueries(store.dataSource()), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    void log(Instant at, String model) {
        store.appendRequestLogs(List.of(new RequestLogEntry(
                String.format("log_%013d%010d00", at.toEpochMilli(), ++seq),
                at,
                null,
                null,
                null,
                null,
                Map.of(),
                "openai",
                model,
                null,
                false,
                200,
                0,
                null,
                10L,
                2L,
                5.0,
                10.0,
                null,
                null,
                null,
                false)));
    }

    List<Long> requests(long from) {
        return cache.buckets(ConsoleQueries.GroupBy.MODEL, from, HOUR, 3).stream()
                .map(b -> b.stream().mapToLong(Series.Stats::requests).sum())
                .toList();
    }

    @Test
    void settledBucketsAreReadOnceAndTheNewestAgainOnEachCall() {
        long from = Instant.parse("2026-12-07T10:00:00Z").toEpochMilli();
        log(Instant.parse("2026-12-07T10:15:00Z"), "a");
        log(Instant.parse("2026-12-07T12:02:00Z"), "a");
        assertThat(requests(from)).containsExactly(1L, 0L, 1L);

        // Written late into a settled bucket (10:00–11:00 ended 65 minutes ago): kept numbers stand.
        log(Instant.parse("2026-12-07T10:16:00Z"), "b");
        // Into the newest bucket, and into 11:00–12:00, which ended only 5 minutes ago (not settled): read again.
        log(Instant.parse("2026-12-07T12:04:00Z"), "a");
        log(Instant.parse("2026-12-07T11:59:00Z"), "a");

        assertThat(requests(from)).containsExactly(1L, 1L, 2L);
    }

    @Test
    void bucketsOfAnotherWidthOrGroupingAreNotShared() {
        long from = Instant.parse("2026-12-07T10:00:00Z").toEpochMilli();
        log(Instant.parse("2026-12-07T10:15:00Z"), "a");
        assertThat(requests(from)).containsExactly(1L, 0L, 0L);
        log(Instant.parse("2026-12-07T10:16:00Z"), "b");

        List<List<Series.Stats>> byProvider = cache.buckets(ConsoleQueries.GroupBy.PROVIDER, from, HOUR, 3);

        assertThat(byProvider.getFirst()).extracting(Series.Stats::requests).containsExactly(2L);
    }
}
