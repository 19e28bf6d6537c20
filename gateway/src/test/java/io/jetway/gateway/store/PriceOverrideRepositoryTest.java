package io.jetway.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.testing.MutableClock;
import io.jetway.gateway.usage.Price;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Price overrides (migration 5) on both databases (the PostgreSQL half skips or fails as {@link TestDatabases} says). */
class PriceOverrideRepositoryTest {

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

        private final String backend;

        @TempDir
        Path dir;

        private DatabaseUrl url;
        private JdbcStore store;
        private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T12:00:00Z"));

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
        void overridesAreSetReplacedListedAndDeletedWithPricesKeptExactly() {
            PriceOverrideRepository repo = new PriceOverrideRepository(store, clock);
            assertThat(store.schemaVersion()).isEqualTo(5);
            assertThat(repo.all()).isEmpty();

            repo.put(new Price(
                    "openai",
                    "gpt-4o",
                    new BigDecimal("2.5"),
                    new BigDecimal("1.25"),
                    null,
                    new BigDecimal("10"),
                    null,
                    "2026-12-01",
                    "https://openai.com/api/pricing/"));
            clock.advance(Duration.ofSeconds(7));
            repo.put(new Price(
                    "openai",
                    "gpt-4o",
                    new BigDecimal("0.000000123456789"),
                    null,
                    null,
                    new BigDecimal("9.99"),
                    new BigDecimal("12"),
                    null,
                    null));
            repo.put(new Price(
                    "bedrock", "acme.model-v1:0", BigDecimal.ONE, null, null, BigDecimal.TWO, null, null, null));

            assertThat(repo.all())
                    .extracting(p -> p.price().provider() + "/" + p.price().model())
                    .containsExactly("bedrock/acme.model-v1:0", "openai/gpt-4o");
            PriceOverrideRepository.StoredPrice gpt = repo.all().get(1);
            assertThat(gpt.price().input()).isEqualTo(new BigDecimal("0.000000123456789"));
            assertThat(gpt.price().cachedInput()).isNull();
            assertThat(gpt.price().reasoning()).isEqualTo(new BigDecimal("12"));
            assertThat(gpt.price().asOf()).isNull();
            assertThat(gpt.updatedAt())
                    .isEqualTo(Instant.parse("2026-11-22T12:00:07Z").getEpochSecond());

            assertThat(repo.delete("openai", "gpt-4o")).isTrue();
            assertThat(repo.delete("openai", "gpt-4o")).isFalse();
            assertThat(repo.prices()).extracting(Price::model).containsExactly("acme.model-v1:0");
        }
    }
}
