package io.jetway.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.cache.CacheOwner;
import io.jetway.gateway.cache.CacheStats;
import io.jetway.gateway.cache.CachedResponse;
import io.jetway.gateway.cache.InProcessResponseCache;
import io.jetway.gateway.cache.ResponseCache;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.Effects;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.PortkeyHeaders;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Providers;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.gateway.testing.MutableClock;
import io.jetway.gateway.upstream.CustomHostPolicy;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The cache step between a real routing + prepare and a scripted provider call: no network, a clock
 * the test moves, the real in-process backend.
 */
class CacheInterceptorTest {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final RequestParser PARSER = new RequestParser(Json.MAPPER);
    static final String HELLO = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String HELLO_STREAM =
            "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String CACHED =
            "{\"provider\":\"openai\",\"api_key\":\"sk-a\",\"cache\":{\"mode\":\"simple\",\"max_age\":60}}";

    final MutableClock clock = new MutableClock(NOW);
    final CacheStats stats = new CacheStats();
    final Deque<Object> script = new ArrayDeque<>();
    final List<ProviderRequest> sent = new ArrayList<>();
    ResponseCache cache = new InProcessResponseCache(1 << 20, clock);
    long maxEntryBytes = CacheInterceptor.DEFAULT_MAX_ENTRY_BYTES;
    /** The caller's x-portkey-api-key (null: none). */
    String gatewayKey;

    VirtualKeys virtualKeys = VirtualKeys.none();
    Exchange exchange;

    /** Scripted answers: a GatewayException is thrown, a List is streamed, a String is a complete 200. */
    GatewayResponse call(String body, String config, String namespace, Map<String, String> metadata, Boolean refresh) {
        Interceptor provider = chain -> {
            sent.add(chain.exchange().prepared().request());
            Object next = script.isEmpty() ? "fresh" : script.poll();
            if (next instanceof GatewayException e) {
                throw e;
            }
            if (next instanceof ChunkSource chunks) {
                return new GatewayResponse.Streaming(200, new LinkedHashMap<>(), chunks);
            }
            return new GatewayResponse.Complete(
                    200, new LinkedHashMap<>(), ((String) next).getBytes(StandardCharsets.UTF_8));
        };
        Effects effects = new Effects(clock, d -> {}, RandomGenerator.of("L64X128MixRandom"), () -> "t");
        Pipeline pipeline = new Pipeline(List.of(
                new RoutingInterceptor(
                        Providers.defaults(),
                        new CustomHostPolicy(
                                Set.of(), host -> new InetAddress[] {InetAddress.getByName("93.184.216.34")}),
                        virtualKeys,
                        effects),
                new PrepareInterceptor(Providers.defaults()),
                new CacheInterceptor(
                        cache,
                        new CacheOwner(new byte[32]),
                        stats,
                        clock,
                        maxEntryBytes,
                        new AtomicLong()::incrementAndGet),
                provider));
        ChatRequest request = PARSER.parse("application/json", body.getBytes(StandardCharsets.UTF_8));
        PortkeyHeaders headers = new PortkeyHeaders(
                null,
                config,
                null,
                gatewayKey,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                refresh,
                namespace,
                null,
                null,
                null,
                new EnumMap<>(ProviderOption.class),
                n -> null);
        exchange = new Exchange(request, headers, "t", clock.instant());
        exchange.metadata(metadata);
        return pipeline.execute(exchange);
    }

    GatewayResponse call(String body, String config) {
        return call(body, config, null, Map.of(), null);
    }

    String status() {
        return exchange.responseHeaders().get("x-portkey-cache-status");
    }

    static String text(GatewayResponse r) {
        return new String(((GatewayResponse.Complete) r).body(), StandardCharsets.UTF_8);
    }

    static List<String> drain(GatewayResponse r) {
        List<String> out = new ArrayList<>();
        try (ChunkSource chunks = ((GatewayResponse.Streaming) r).chunks()) {
            for (String p = chunks.next(); p != null; p = chunks.next()) {
                out.add(p);
            }
        }
        return out;
    }

    /** A scripted upstream stream; fails with {@code failure} after the payloads when it is set. */
    static final class Chunks implements ChunkSource {
        final Deque<String> payloads;
        final GatewayException failure;
        boolean closed;

        Chunks(GatewayException failure, String... payloads) {
            this.payloads = new ArrayDeque<>(List.of(payloads));
            this.failure = failure;
        }

        @Override
        public String next() {
            if (payloads.isEmpty() && failure != null) {
                throw failure;
            }
            return payloads.poll();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aSecondIdenticalRequestIsAnsweredFromTheCacheWithoutCallingTheProvider() {
        script.add("{\"answer\":1}");

        GatewayResponse first = call(HELLO, CACHED);
        assertThat(status()).isEqualTo("MISS");
        GatewayResponse second = call(HELLO, CACHED);

        assertThat(status()).isEqualTo("HIT");
        assertThat(text(second)).isEqualTo(text(first)).isEqualTo("{\"answer\":1}");
        assertThat(sent).hasSize(1);
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.stores()).isEqualTo(1);
    }

    @Test
    void withoutCacheSettingsTheStatusIsDisabledAndNothingIsStored() {
        call(HELLO, "{\"provider\":\"openai\",\"api_key\":\"sk-a\"}");
        assertThat(status()).isEqualTo("DISABLED");
        call(HELLO, "{\"provider\":\"openai\",\"api_key\":\"sk-a\"}", null, Map.of(), true);

        assertThat(status()).isEqualTo("DISABLED");
        assertThat(sent).hasSize(2);
        assertThat(stats.stores()).isZero();
    }

    @Test
    void aDifferentBodyOrAFinalBodyChangedByOverrideParamsIsADifferentEntry() {
        call(HELLO, CACHED);
        call(HELLO.replace("hi", "hello"), CACHED);
        assertThat(status()).isEqualTo("MISS");
        call(
                HELLO,
                "{\"provider\":\"openai\",\"api_key\":\"sk-a\",\"override_params\":{\"temperature\":0},"
                        + "\"cache\":{\"mode\":\"simple\"}}");

        assertThat(status()).isEqualTo("MISS");
        assertThat(sent).hasSize(3);
        assertThat(new String(sent.get(2).body(), StandardCharsets.UTF_8)).contains("\"temperature\":0");
    }

    @Test
    void anotherProviderKeyNeverGetsTheFirstKeysEntry() {
        call(HELLO, CACHED, "shared", Map.of(), null);
        call(HELLO, CACHED.replace("sk-a", "sk-b"), "shared", Map.of(), null);
        assertThat(status()).isEqualTo("MISS");
        call(HELLO, CACHED.replace("sk-a", "sk-b"), "shared", Map.of(), null);

        assertThat(status()).isEqualTo("HIT");
        assertThat(sent).hasSize(2);
    }

    @Test
    void anotherGatewayKeyNeverGetsTheFirstCallersEntryWhateverTheNamespace() {
        script.add("for a");
        script.add("for b");
        gatewayKey = "gw-a";
        call(HELLO, CACHED, "shared", Map.of(), null);
        gatewayKey = "gw-b";
        GatewayResponse b = call(HELLO, CACHED, "shared", Map.of(), null);
        assertThat(status()).isEqualTo("MISS");
        assertThat(text(b)).isEqualTo("for b");
        gatewayKey = "gw-a";
        GatewayResponse aAgain = call(HELLO, CACHED, "shared", Map.of(), null);

        assertThat(status()).isEqualTo("HIT");
        assertThat(text(aAgain)).isEqualTo("for a");
        assertThat(sent).hasSize(2);
    }

    @Test
    void theVirtualKeyIsPartOfTheOwnerSoKeysSharingASecretDoNotShareEntries() {
        virtualKeys = id -> java.util.Optional.of(
                new VirtualKeys.VirtualKey(id, "openai", "sk-same", null, false, new EnumMap<>(ProviderOption.class)));
        String viaOne = "{\"virtual_key\":\"vk-1\",\"cache\":{\"mode\":\"simple\"}}";
        call(HELLO, viaOne);
        call(HELLO, viaOne);
        assertThat(status()).isEqualTo("HIT");
        call(HELLO, viaOne.replace("vk-1", "vk-2"));
        assertThat(status()).isEqualTo("MISS");
        gatewayKey = "gw-other";
        call(HELLO, viaOne);

        assertThat(status()).as("another tenant using the same virtual key").isEqualTo("MISS");
        assertThat(sent).hasSize(3);
    }

    @Test
    void aCallerWithoutAnyCredentialHasEntriesNoCredentialedCallerShares() {
        String anonymous = "{\"provider\":\"openai\",\"cache\":{\"mode\":\"simple\"}}";
        call(HELLO, CACHED);
        call(HELLO, anonymous);
        assertThat(status()).isEqualTo("MISS");
        call(HELLO, anonymous);
        assertThat(status()).isEqualTo("HIT");
        call(HELLO, CACHED);

        assertThat(status()).isEqualTo("HIT");
        assertThat(sent).hasSize(2);
    }

    @Test
    void aSecretProviderOptionIsPartOfTheOwner() {
        String withToken = CACHED.replace("\"api_key\":\"sk-a\"", "\"azure_ad_token\":\"t-1\"");
        call(HELLO, withToken);
        call(HELLO, withToken.replace("t-1", "t-2"));

        assertThat(status()).isEqualTo("MISS");
        assertThat(sent).hasSize(2);
    }

    @Test
    void anotherProviderOrEndpointIsADifferentEntry() {
        call(HELLO, CACHED);
        call(HELLO, CACHED.replace("\"openai\"", "\"groq\""));
        assertThat(status()).isEqualTo("MISS");
        call(HELLO, CACHED.replace("\"api_key\"", "\"custom_host\":\"https://proxy.example/v1\",\"api_key\""));

        assertThat(status()).isEqualTo("MISS");
        assertThat(sent).hasSize(3);
    }

    @Test
    void entriesExpireAfterMaxAgeOnTheInjectedClock() {
        script.add("old");
        call(HELLO, CACHED);
        clock.set(NOW.plusSeconds(59));
        assertThat(text(call(HELLO, CACHED))).isEqualTo("old");
        assertThat(status()).isEqualTo("HIT");

        clock.set(NOW.plusSeconds(60));
        script.add("new");
        assertThat(text(call(HELLO, CACHED))).isEqualTo("new");

        assertThat(status()).isEqualTo("MISS");
        assertThat(sent).hasSize(2);
    }

    @Test
    void forceRefreshSkipsTheLookupAndStoresTheFreshAnswer() {
        script.add("old");
        script.add("new");
        call(HELLO, CACHED);

        assertThat(text(call(HELLO, CACHED, null, Map.of(), true))).isEqualTo("new");
        assertThat(status()).isEqualTo("REFRESH");
        assertThat(text(call(HELLO, CACHED, null, Map.of(), false))).isEqualTo("new");

        assertThat(status()).isEqualTo("HIT");
        assertThat(sent).hasSize(2);
        assertThat(stats.refreshes()).isEqualTo(1);
    }

    @Test
    void metadataPartitionsTheCacheByDefault() {
        call(HELLO, CACHED, null, Map.of("user", "a", "env", "prod"), null);
        call(HELLO, CACHED, null, Map.of("env", "prod", "user", "a"), null);
        assertThat(status()).as("same metadata, other key order").isEqualTo("HIT");
        call(HELLO, CACHED, null, Map.of("user", "b", "env", "prod"), null);

        assertThat(status()).isEqualTo("MISS");
        assertThat(sent).hasSize(2);
    }

    @Test
    void aNamespaceReplacesTheMetadataPartition() {
        call(HELLO, CACHED, "team-1", Map.of("user", "a"), null);
        call(HELLO, CACHED, "team-1", Map.of("user", "b"), null);
        assertThat(status()).isEqualTo("HIT");
        call(HELLO, CACHED, "team-2", Map.of("user", "a"), null);
        assertThat(status()).isEqualTo("MISS");
        call(HELLO, CACHED, null, Map.of("user", "a"), null);

        assertThat(status())
                .as("no namespace: the metadata partition, not team-1's")
                .isEqualTo("MISS");
        assertThat(sent).hasSize(3);
    }

    @Test
    void failedAnswersAreNeverStored() {
        script.add(new GatewayException(500, "server_error", "boom", null, null));
        assertThatThrownBy(() -> call(HELLO, CACHED)).hasMessage("boom");
        assertThat(status()).isEqualTo("MISS");
        script.add(new GatewayException(429, "rate_limit_error", "slow", null, null));
        assertThatThrownBy(() -> call(HELLO, CACHED)).hasMessage("slow");

        call(HELLO, CACHED);
        assertThat(status()).isEqualTo("MISS");
        assertThat(sent).hasSize(3);
        assertThat(stats.stores()).isEqualTo(1);
    }

    @Test
    void aStreamIsRecordedAsItPassesAndReplayedPayloadForPayload() {
        Chunks upstream = new Chunks(null, "{\"c\":1}", "{\"c\":2}", "{\"c\":3}");
        script.add(upstream);

        List<String> original = drain(call(HELLO_STREAM, CACHED));
        assertThat(upstream.closed).isTrue();
        List<String> replayed = drain(call(HELLO_STREAM, CACHED));

        assertThat(status()).isEqualTo("HIT");
        assertThat(replayed).isEqualTo(original).containsExactly("{\"c\":1}", "{\"c\":2}", "{\"c\":3}");
        assertThat(sent).hasSize(1);
    }

    @Test
    void theStreamIsHandedOnAsItArrivesNotBufferedUntilItEnds() {
        Chunks upstream = new Chunks(null, "{\"c\":1}", "{\"c\":2}");
        script.add(upstream);

        ChunkSource chunks = ((GatewayResponse.Streaming) call(HELLO_STREAM, CACHED)).chunks();

        assertThat(chunks.next()).isEqualTo("{\"c\":1}");
        assertThat(upstream.payloads).containsExactly("{\"c\":2}");
        assertThat(stats.stores()).as("stored only at the end").isZero();
        assertThat(chunks.next()).isEqualTo("{\"c\":2}");
        assertThat(chunks.next()).isNull();
        assertThat(stats.stores()).isEqualTo(1);
    }

    @Test
    void aStreamThatFailsIsNotStored() {
        script.add(new Chunks(new GatewayException(502, "upstream_error", "cut", null, null), "{\"c\":1}"));

        ChunkSource chunks = ((GatewayResponse.Streaming) call(HELLO_STREAM, CACHED)).chunks();
        assertThat(chunks.next()).isEqualTo("{\"c\":1}");
        assertThatThrownBy(chunks::next).hasMessage("cut");
        chunks.close();
        assertThat(stats.stores()).isZero();
        script.add(new Chunks(null, "{\"c\":9}"));

        assertThat(drain(call(HELLO_STREAM, CACHED))).containsExactly("{\"c\":9}");
        assertThat(status()).isEqualTo("MISS");
    }

    @Test
    void aStreamTheClientAbandonsIsNotStored() {
        Chunks upstream = new Chunks(null, "{\"c\":1}", "{\"c\":2}");
        script.add(upstream);

        ChunkSource chunks = ((GatewayResponse.Streaming) call(HELLO_STREAM, CACHED)).chunks();
        assertThat(chunks.next()).isEqualTo("{\"c\":1}");
        chunks.close();

        assertThat(upstream.closed).isTrue();
        assertThat(stats.stores()).isZero();
    }

    @Test
    void aStoredStreamNeverAnswersANonStreamRequestNorTheReverse() {
        script.add(new Chunks(null, "{\"c\":1}"));
        drain(call(HELLO_STREAM, CACHED));
        call(HELLO, CACHED);
        assertThat(status()).isEqualTo("MISS");
        call(HELLO.replace("hi", "other"), CACHED);
        script.add(new Chunks(null, "{\"c\":2}"));
        drain(call(HELLO_STREAM.replace("hi", "other"), CACHED));

        assertThat(status()).isEqualTo("MISS");
        assertThat(sent).hasSize(4);
    }

    @Test
    void answersLargerThanTheEntryLimitAreServedButNotStored() {
        maxEntryBytes = 100;
        script.add("x".repeat(101));
        script.add(new Chunks(null, "a".repeat(30), "b".repeat(30)));

        call(HELLO, CACHED);
        assertThat(drain(call(HELLO_STREAM, CACHED))).hasSize(2);

        assertThat(stats.stores()).isZero();
    }

    @Test
    void aFailingBackendNeverFailsTheRequest() {
        cache = new ResponseCache() {
            @Override
            public CachedResponse get(String key) {
                throw new IllegalStateException("backend down");
            }

            @Override
            public void put(String key, CachedResponse response) {
                throw new IllegalStateException("backend down");
            }

            @Override
            public String name() {
                return "broken";
            }
        };
        script.add("served");

        assertThat(text(call(HELLO, CACHED))).isEqualTo("served");
        script.add(new Chunks(null, "{\"c\":1}"));
        assertThat(drain(call(HELLO_STREAM, CACHED))).containsExactly("{\"c\":1}");

        assertThat(status()).isEqualTo("MISS");
        assertThat(stats.failures()).isEqualTo(4);
    }

    @Test
    void droppedParamsAreReportedOnHitsToo() {
        String body =
                "{\"model\":\"mistral-large\",\"logit_bias\":{\"1\":1},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String config = CACHED.replace("\"openai\"", "\"mistral-ai\"");
        call(body, config);
        GatewayResponse hit = call(body, config);

        assertThat(status()).isEqualTo("HIT");
        assertThat(hit.headers()).containsEntry("x-jetway-dropped-params", "logit_bias");
    }

    @Test
    void expiryIsCheckedOnReadWhateverTheBackendReturns() {
        Map<String, CachedResponse> stale = new java.util.HashMap<>();
        cache = new ResponseCache() {
            @Override
            public CachedResponse get(String key) {
                return stale.get(key);
            }

            @Override
            public void put(String key, CachedResponse response) {
                stale.put(key, response);
            }

            @Override
            public String name() {
                return "never-expiring";
            }
        };
        call(HELLO, CACHED);
        clock.set(NOW.plus(Duration.ofMinutes(5)));
        call(HELLO, CACHED);

        assertThat(status()).isEqualTo("MISS");
        assertThat(sent).hasSize(2);
    }
}
