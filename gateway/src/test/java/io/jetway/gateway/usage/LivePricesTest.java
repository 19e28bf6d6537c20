package io.jetway.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LivePricesTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T12:00:00Z"));
    final List<Price> stored = new CopyOnWriteArrayList<>();
    final AtomicInteger reads = new AtomicInteger();

    LivePrices live() {
        return new LivePrices(
                Prices.shipped(),
                () -> {
                    reads.incrementAndGet();
                    return List.copyOf(stored);
                },
                clock,
                Duration.ofSeconds(5));
    }

    static Price price(String input) {
        return new Price("openai", "gpt-4o-mini", new BigDecimal(input), null, null, BigDecimal.ONE, null, null, null);
    }

    @Test
    void storedOverridesWinOverTheShippedPriceAndAreListedAsAdmin() {
        stored.add(price("7"));

        Prices prices = live().get();

        assertThat(prices.find("openai", "gpt-4o-mini").input()).isEqualByComparingTo("7");
        assertThat(prices.find("azure-openai", "gpt-4o-mini").input()).isEqualByComparingTo("0.15");
        assertThat(prices.entries())
                .filteredOn(e -> e.price().model().equals("gpt-4o-mini"))
                .extracting(e -> e.price().provider() + ":" + e.origin())
                .containsExactly("azure-openai:SHIPPED", "openai:ADMIN");
    }

    @Test
    void anotherNodesChangeIsReadOnceTheTtlHasPassedAndNotBefore() {
        LivePrices prices = live();
        stored.add(price("7"));

        clock.advance(Duration.ofSeconds(4));
        assertThat(prices.get().find("openai", "gpt-4o-mini").input()).isEqualByComparingTo("0.15");
        clock.advance(Duration.ofSeconds(1));
        assertThat(prices.get().find("openai", "gpt-4o-mini").input()).isEqualByComparingTo("7");
        prices.get();
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void aRefreshAppliesThisNodesChangeAtOnce() {
        LivePrices prices = live();
        stored.add(price("7"));

        prices.refresh();

        assertThat(prices.get().find("openai", "gpt-4o-mini").input()).isEqualByComparingTo("7");
    }

    @Test
    void whenTheStoreFailsTheLastTableStaysInForce() {
        stored.add(price("7"));
        AtomicInteger calls = new AtomicInteger();
        LivePrices prices = new LivePrices(
                Prices.shipped(),
                () -> {
                    if (calls.incrementAndGet() > 1) {
                        throw new IllegalStateException("store down");
                    }
                    return List.copyOf(stored);
                },
                clock,
                Duration.ofSeconds(5));

        clock.advance(Duration.ofSeconds(10));

        assertThat(prices.get().find("openai", "gpt-4o-mini").input()).isEqualByComparingTo("7");
        assertThat(calls.get()).isEqualTo(2);
    }
}
