package io.jetway.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.testing.MutableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request log's storage and every filter, on both databases (the PostgreSQL half skips or
 * fails as {@link TestDatabases} says).
 */
class RequestLogStoreTest {

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
        private int seq;

        Contract(String backend) {
            this.backend = backend;
        }

        @BeforeEach
        void open() {
            url = backend.equals("sqlite") ? TestDatabases.sqlite(dir) : TestDatabases.freshPostgresSchema();
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            store = JdbcStore.open(url, new SecretBox(key), new MutableClock(T0));
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

        RequestLogEntry entry(Instant at, String trace, String provider, int status, Map<String, String> metadata) {
            seq++;
            return new RequestLogEntry(
                    String.format("log_%013d%010dnode", at.toEpochMilli(), seq),
                    at,
                    trace,
                    "span-1",
                    "parent-1",
                    "chat",
                    metadata,
                    provider,
                    "gpt-4o",
                    "config.targets[1]",
                    seq % 2 == 0,
                    status,
                    1,
                    "MISS",
                    12L,
                    34L,
                    5.25,
                    99.5,
                    status >= 400 ? "upstream said no" : null,
                    "{\"req\":1}",
                    "{\"res\":1}",
                    true);
        }

        static RequestLogQuery all(int limit) {
            return new RequestLogQuery(null, null, null, null, null, null, null, null, null, limit);
        }

        @Test
        void anEntryIsStoredAndReadBackWhole() {
            RequestLogEntry e = entry(T0, "trace-a", "openai", 200, Map.of("user", "u1", "team", "red"));
            RequestLogEntry bare = new RequestLogEntry(
                    "log_0000000000001",
                    T0.plusMillis(5),
                    "trace-b",
                    null,
                    null,
                    null,
                    Map.of(),
                    "none",
                    null,
                    null,
                    false,
                    401,
                    0,
                    null,
                    null,
                    null,
                    null,
                    0.5,
                    "no key",
                    null,
                    null,
                    false);
            store.appendRequestLogs(List.of(e, bare));
            List<RequestLogEntry> got = store.requestLogs(all(10));
            assertThat(got).containsExactlyInAnyOrder(e, bare);
        }

        @Test
        void filtersByTraceProviderStatusClassMetadataAndTime() {
            RequestLogEntry a = entry(T0, "trace-a", "openai", 200, Map.of("user", "u1"));
            RequestLogEntry b = entry(T0.plusSeconds(1), "trace-b", "anthropic", 429, Map.of("user", "u2"));
            RequestLogEntry c = entry(T0.plusSeconds(2), "trace-c", "openai", 502, Map.of("user", "u1", "env", "prod"));
            store.appendRequestLogs(List.of(a, b, c));

            assertThat(store.requestLogs(q("trace-b", null, null, null, null, null, null, null)))
                    .containsExactly(b);
            assertThat(store.requestLogs(q(null, "openai", null, null, null, null, null, null)))
                    .containsExactly(c, a);
            assertThat(store.requestLogs(q(null, null, 429, null, null, null, null, null)))
                    .containsExactly(b);
            assertThat(store.requestLogs(q(null, null, null, 5, null, null, null, null)))
                    .containsExactly(c);
            assertThat(store.requestLogs(q(null, null, null, 2, null, null, null, null)))
                    .containsExactly(a);
            assertThat(store.requestLogs(q(null, null, null, null, "user", "u1", null, null)))
                    .containsExactly(c, a);
            assertThat(store.requestLogs(q(null, null, null, null, "env", null, null, null)))
                    .containsExactly(c);
            assertThat(store.requestLogs(q(null, null, null, null, "user", "nobody", null, null)))
                    .isEmpty();
            assertThat(store.requestLogs(q(null, null, null, null, null, null, T0.plusSeconds(1), T0.plusSeconds(2))))
                    .containsExactly(b);
            assertThat(store.requestLogs(q(null, "openai", null, null, "user", "u1", T0, null)))
                    .containsExactly(c, a);
        }

        RequestLogQuery q(
                String trace,
                String provider,
                Integer status,
                Integer statusClass,
                String key,
                String value,
                Instant from,
                Instant to) {
            return new RequestLogQuery(trace, provider, status, statusClass, key, value, from, to, null, 50);
        }

        @Test
        void pagesNewestFirstWithTheIdCursor() {
            List<RequestLogEntry> written = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                written.add(entry(T0, "t" + i, "openai", 200, Map.of()));
            }
            store.appendRequestLogs(written);
            List<RequestLogEntry> first = store.requestLogs(all(2));
            assertThat(first).extracting(RequestLogEntry::traceId).containsExactly("t4", "t3");
            List<RequestLogEntry> second = store.requestLogs(new RequestLogQuery(
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    first.getLast().id(),
                    2));
            assertThat(second).extracting(RequestLogEntry::traceId).containsExactly("t2", "t1");
            List<RequestLogEntry> third = store.requestLogs(new RequestLogQuery(
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    second.getLast().id(),
                    2));
            assertThat(third).extracting(RequestLogEntry::traceId).containsExactly("t0");
        }

        @Test
        void longMetadataValuesAreKeptWholeInTheEntryAndFilterableByTheirIndexedPrefix() {
            String longValue = "v".repeat(600);
            RequestLogEntry e = entry(T0, "t", "openai", 200, Map.of("k", longValue));
            store.appendRequestLogs(List.of(e));
            assertThat(store.requestLogs(all(1)).getFirst().metadata()).containsEntry("k", longValue);
            assertThat(store.requestLogs(q(null, null, null, null, "k", longValue, null, null)))
                    .containsExactly(e);
        }
    }
}
