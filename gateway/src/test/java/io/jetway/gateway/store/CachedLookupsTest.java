package io.jetway.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.testing.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request path's lookups: at most one store query per key per TTL, misses included. */
class CachedLookupsTest {

    static final Duration TTL = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T12:00:00Z"));
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final AtomicBoolean down = new AtomicBoolean();
    JdbcStore real;
    Store store;
    CachedLookups lookups;

    @BeforeEach
    void open() {
        real = JdbcStore.open(TestDatabases.sqlite(dir), new SecretBox(new byte[32]), clock);
        // Counts each Store call by method name, and fails them all while `down` is set.
        store = (Store) Proxy.newProxyInstance(
                Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, method, args) -> {
                    calls.computeIfAbsent(method.getName(), k -> new AtomicInteger())
                            .incrementAndGet();
                    if (down.get()) {
                        throw new StoreException("database unreachable", null);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        lookups = new CachedLookups(store, clock, TTL);
    }

    @AfterEach
    void close() {
        real.close();
    }

    int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    @Test
    void aVirtualKeyIsReadFromTheStoreOncePerTtl() {
        real.createVirtualKey(new StoredVirtualKey("openai-prod", "openai", "sk-1", null, false, Map.of(), null, null));

        for (int i = 0; i < 100; i++) {
            assertThat(lookups.find("openai-prod").orElseThrow().apiKey()).isEqualTo("sk-1");
        }
        assertThat(calls("virtualKey")).isEqualTo(1);

        clock.advance(TTL.minusMillis(1));
        lookups.find("openai-prod");
        assertThat(calls("virtualKey")).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        lookups.find("openai-prod");
        assertThat(calls("virtualKey")).isEqualTo(2);
    }

    @Test
    void unknownIdsAreCachedToo() {
        for (int i = 0; i < 50; i++) {
            assertThat(lookups.find("nope")).isEmpty();
            assertThat(lookups.config("pc-nope")).isEmpty();
            assertThat(lookups.accepts("jw-wrong")).isFalse();
        }
        assertThat(calls("virtualKey")).isEqualTo(1);
        assertThat(calls("config")).isEqualTo(1);
        assertThat(calls("apiKeyByHash")).isEqualTo(1);
    }

    @Test
    void aWriteOnThisNodeAppliesAtOnceAfterInvalidation() {
        assertThat(lookups.find("late")).isEmpty();
        real.createVirtualKey(new StoredVirtualKey("late", "groq", "gsk-1", null, false, Map.of(), null, null));
        assertThat(lookups.find("late")).as("still the cached miss").isEmpty();

        lookups.invalidateVirtualKeys();

        assertThat(lookups.find("late").orElseThrow().provider()).isEqualTo("groq");
    }

    @Test
    void storedConfigsAreCachedAndInvalidated() {
        real.createConfig("pc-1", "{\"virtual_key\":\"a\"}");
        assertThat(lookups.storedConfigs().find("pc-1")).contains("{\"virtual_key\":\"a\"}");
        real.updateConfig("pc-1", "{\"virtual_key\":\"b\"}");
        assertThat(lookups.config("pc-1")).contains("{\"virtual_key\":\"a\"}");

        lookups.invalidateConfigs();

        assertThat(lookups.config("pc-1")).contains("{\"virtual_key\":\"b\"}");
        assertThat(calls("config")).isEqualTo(2);
    }

    @Test
    void apiKeysAreCheckedByHashAndTheirExistenceIsCached() {
        assertThat(lookups.any()).isFalse();
        real.createApiKey("ak-1", "ci", ApiKeyHash.of("jw-good"), "good");
        assertThat(lookups.any()).as("cached").isFalse();

        lookups.invalidateApiKeys();

        assertThat(lookups.any()).isTrue();
        assertThat(lookups.accepts("jw-good")).isTrue();
        assertThat(lookups.accepts("jw-good")).isTrue();
        assertThat(lookups.accepts("jw-bad")).isFalse();
        assertThat(calls("hasApiKeys")).isEqualTo(2);
        assertThat(calls("apiKeyByHash")).isEqualTo(2);
    }

    @Test
    void aStoreOutageServesWhatWasCachedAndOtherwiseAnswers503() {
        real.createVirtualKey(new StoredVirtualKey("cached", "openai", "sk-1", null, false, Map.of(), null, null));
        lookups.find("cached");
        clock.advance(TTL.plusSeconds(1));
        down.set(true);

        assertThat(lookups.find("cached").orElseThrow().apiKey()).isEqualTo("sk-1");
        assertThatThrownBy(() -> lookups.find("never-seen")).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.code()).isEqualTo("store_unavailable");
        });
    }

    @Test
    void theCacheStaysBoundedWhateverIdsCallersSend() {
        TtlCache<String, String> cache = new TtlCache<>(clock, TTL, 100);
        for (int i = 0; i < 1_000; i++) {
            cache.get("id-" + i, k -> Optional.empty());
        }
        assertThat(cache.size()).isLessThanOrEqualTo(100);
    }
}
