package io.jetway.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.testing.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InProcessResponseCacheTest {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    final MutableClock clock = new MutableClock(NOW);

    static CachedResponse.Complete body(int bytes, Instant expiresAt) {
        return new CachedResponse.Complete(200, new byte[bytes], expiresAt);
    }

    @Test
    void storesAndReturnsEntries() {
        InProcessResponseCache cache = new InProcessResponseCache(1 << 20, clock);
        CachedResponse entry = body(10, NOW.plusSeconds(60));

        cache.put("k", entry);

        assertThat(cache.get("k")).isSameAs(entry);
        assertThat(cache.get("other")).isNull();
    }

    @Test
    void entriesDisappearAtTheirExpiryOnTheInjectedClock() {
        InProcessResponseCache cache = new InProcessResponseCache(1 << 20, clock);
        cache.put("k", body(10, NOW.plusSeconds(60)));

        clock.set(NOW.plusSeconds(59));
        assertThat(cache.get("k")).isNotNull();
        clock.set(NOW.plusSeconds(60));

        assertThat(cache.get("k")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void theTotalSizeStaysWithinTheByteBound() {
        InProcessResponseCache cache = new InProcessResponseCache(10_000, clock);

        for (int i = 0; i < 50; i++) {
            cache.put("k" + i, body(1_000, NOW.plusSeconds(600)));
        }

        long held = cache.size();
        assertThat(held).isGreaterThan(0).isLessThanOrEqualTo(10_000 / 1_064);
    }

    @Test
    void anEntryLargerThanTheWholeBoundIsNotKept() {
        InProcessResponseCache cache = new InProcessResponseCache(1_000, clock);

        cache.put("big", body(5_000, NOW.plusSeconds(600)));

        assertThat(cache.size()).isZero();
    }
}
