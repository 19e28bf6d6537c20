package io.jetway.gateway.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetway.gateway.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {

    @Test
    void timeOrderedIdsAreVersion7UuidsCarryingTheClockMillisecondsAndSortByTime() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T09:00:00.123Z"));
        IdGenerator ids = IdGenerator.timeOrdered(clock, new SplittableRandom(7));

        String first = ids.traceId();
        UUID uuid = UUID.fromString(first);
        assertEquals(7, uuid.version());
        assertEquals(2, uuid.variant());
        assertEquals(Instant.parse("2026-12-03T09:00:00.123Z").toEpochMilli(), uuid.getMostSignificantBits() >>> 16);

        clock.advance(Duration.ofMillis(1));
        String later = ids.traceId();
        assertTrue(first.compareTo(later) < 0, first + " should sort before " + later);
    }

    @Test
    void randomIdsAreVersion4Uuids() {
        UUID uuid = UUID.fromString(IdGenerator.random(new SplittableRandom(1)).traceId());
        assertEquals(4, uuid.version());
        assertEquals(2, uuid.variant());
    }

    @Test
    void theSystemGeneratorGivesEveryConcurrentRequestItsOwnId() throws Exception {
        IdGenerator ids = Effects.system().ids();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        int threads = 8;
        int each = 20_000;
        try (var pool = Executors.newFixedThreadPool(threads)) {
            var tasks = new java.util.ArrayList<java.util.concurrent.Callable<Void>>();
            for (int t = 0; t < threads; t++) {
                tasks.add(() -> {
                    for (int i = 0; i < each; i++) {
                        seen.add(ids.traceId());
                    }
                    return null;
                });
            }
            for (var f : pool.invokeAll(tasks)) {
                f.get();
            }
        }
        assertEquals(threads * each, seen.size());
    }

    @Test
    void theSystemRandomnessDrawsInTheRequestedRange() {
        RandomGenerator random = Effects.system().random();
        Set<Integer> values = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            int v = random.nextInt(3);
            assertTrue(v >= 0 && v < 3);
            values.add(v);
            double d = random.nextDouble();
            assertTrue(d >= 0 && d < 1);
        }
        assertEquals(Set.copyOf(List.of(0, 1, 2)), values);
    }
}
