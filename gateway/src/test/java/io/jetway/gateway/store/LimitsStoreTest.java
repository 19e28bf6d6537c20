package io.jetway.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.limits.LimitScope;
import io.jetway.gateway.limits.Limits;
import io.jetway.gateway.testing.MutableClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits stored with the keys (migration 4) and the usage aggregate summed from the request log,
 * on both databases (the PostgreSQL half skips or fails as {@link TestDatabases} says).
 */
class LimitsStoreTest {

    @Nested
    @DisplayName("on SQLite")
    class OnSqlite extends Contract {
        OnSqlite() {
            super("sqlite");
        }
    }

    @Nested
    @DisplayName("on PostgreSQL")
    class OnPostgresql extends Contract {
        OnPostgresql() {
            super("postgresql");
        }
    }

    abstract static class Contract {

        static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");

        private final String backend;

        @TempDir
        Path dir;

        private DatabaseUrl url;
        private JdbcStore store;
        private final MutableClock clock = new MutableClock(T0);

        Contract(String backend) {
            this.backend = backend;
        }

        @BeforeEach
        void open() {
            url = backend.equals("sqlite") ? TestDatabases.sqlite(dir) : TestDatabases.freshPostgresSchema();
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            store = JdbcStore.open(url, new SecretBox(key), clock);
        }

        @AfterEach
        void close() {
            if (store != null) {
                store.close();
            }
            if (url != null && url.dialect() == DatabaseUrl.Dialect.POSTGRESQL) {
                TestDatabases.dropPostgresSchema(url);
            }
        }

        @Test
        void limitsAreSetReplacedListedAndDeletedWithBudgetsKeptExactly() {
            assertThat(store.hasLimits()).isFalse();
            store.putLimits(LimitScope.USER, "*", new Limits(10L, null, new BigDecimal("0.000000001"), null));
            clock.advance(Duration.ofSeconds(5));
            StoredLimits replaced =
                    store.putLimits(LimitScope.USER, "*", new Limits(null, 500L, null, new BigDecimal("1234.56")));
            store.putLimits(LimitScope.API_KEY, "ak-1", new Limits(1L, null, null, null));

            assertThat(replaced.limits()).isEqualTo(new Limits(null, 500L, null, new BigDecimal("1234.56")));
            assertThat(replaced.createdAt()).isEqualTo(T0);
            assertThat(replaced.updatedAt()).isEqualTo(T0.plusSeconds(5));
            assertThat(store.allLimits())
                    .extracting(StoredLimits::scope)
                    .containsExactly(LimitScope.API_KEY, LimitScope.USER);
            assertThat(store.hasLimits()).isTrue();
            assertThat(store.deleteLimits(LimitScope.USER, "*")).isTrue();
            assertThat(store.deleteLimits(LimitScope.USER, "*")).isFalse();
            assertThat(store.limits(LimitScope.USER, "*")).isEmpty();
        }

        @Test
        void theUsageAggregateSumsRequestsTokensAndCostPerDayKeyAndModelExactly() {
            store.appendRequestLogs(List.of(
                    entry("log_01", T0, "ak-1", "gpt-4o", 100L, new BigDecimal("0.000000000001")),
                    entry("log_02", T0.plusSeconds(1), "ak-1", "gpt-4o", 200L, new BigDecimal("0.1")),
                    entry("log_03", T0.plusSeconds(2), "ak-1", "mystery", 50L, null),
                    entry("log_04", T0.plus(Duration.ofDays(1)), "ak-1", "gpt-4o", 1L, new BigDecimal("1")),
                    entry("log_05", T0, "ak-2", "gpt-4o", 7L, new BigDecimal("2"))));

            List<UsageRow> rows = store.usage(T0.minusSeconds(60), T0.plus(Duration.ofDays(2)), "ak-1");

            assertThat(rows)
                    .containsExactly(
                            new UsageRow(
                                    LocalDate.of(2026, 11, 22),
                                    "ak-1",
                                    "openai",
                                    "gpt-4o",
                                    2,
                                    300,
                                    600,
                                    new BigDecimal("0.100000000001"),
                                    0),
                            new UsageRow(
                                    LocalDate.of(2026, 11, 22),
                                    "ak-1",
                                    "openai",
                                    "mystery",
                                    1,
                                    50,
                                    100,
                                    BigDecimal.ZERO,
                                    1),
                            new UsageRow(
                                    LocalDate.of(2026, 11, 23),
                                    "ak-1",
                                    "openai",
                                    "gpt-4o",
                                    1,
                                    1,
                                    2,
                                    BigDecimal.ONE,
                                    0));
            assertThat(store.requestLogs(new RequestLogQuery(null, null, null, null, null, null, null, null, null, 10)))
                    .filteredOn(e -> e.id().equals("log_01"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.costUsd()).isEqualByComparingTo("0.000000000001"));
        }

        static RequestLogEntry entry(
                String id, Instant at, String apiKeyId, String model, Long input, BigDecimal cost) {
            return new RequestLogEntry(
                    id, at, "t", null, null, null, Map.of(), "openai", model, null, false, 200, 0, null, input,
                    input * 2, 1.0, 2.0, null, null, null, false, cost, apiKeyId);
        }
    }
}
