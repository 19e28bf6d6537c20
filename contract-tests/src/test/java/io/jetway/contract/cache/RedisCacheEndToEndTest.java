package io.jetway.contract.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.Sse;
import io.jetway.contract.support.TestRedis;
import io.jetway.gateway.cache.FakeRedis;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Redis backend in running gateways: two gateways share one cache through a real
 * {@code redis-server} ({@code JETWAY_TEST_REDIS_URL}), and a gateway whose Redis is down, or answers
 * garbage, still serves every request, from upstream, without waiting on Redis.
 */
class RedisCacheEndToEndTest {

    static final String HI = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final String HI_STREAM =
            "{\"model\":\"gpt-4o-mini\",\"stream\":true," + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final String CACHE = "{\"cache\":{\"mode\":\"simple\",\"max_age\":60}}";

    /** Entries outlive a test run in Redis: every test uses a partition of its own. */
    final String namespace = "jetway-test-" + UUID.randomUUID();

    static String status(HttpResponse<?> res) {
        return res.headers().firstValue("x-portkey-cache-status").orElse(null);
    }

    @Test
    void twoGatewaysShareOneCacheThroughRedis() {
        String url = TestRedis.url();
        // Entries are owned by a keyed hash of the caller's identity, keyed from the master key: nodes
        // share entries when they share the master key, as nodes of one deployment do.
        String masterKey = "ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=";
        try (GatewayHarness a = GatewayHarness.start(Map.of("JETWAY_REDIS_URL", url, "JETWAY_MASTER_KEY", masterKey));
                GatewayHarness b =
                        GatewayHarness.start(Map.of("JETWAY_REDIS_URL", url, "JETWAY_MASTER_KEY", masterKey))) {
            a.upstream().enqueue(FakeResponse.chatCompletion("from node a"));

            HttpResponse<String> first = a.chat(HI)
                    .header("x-portkey-config", CACHE)
                    .header("x-portkey-cache-namespace", namespace)
                    .send();
            // Node b calls the same provider endpoint (a's fake), so the key is the same.
            HttpResponse<String> second = b.chat(HI)
                    .header("x-portkey-custom-host", a.upstreamV1())
                    .header("x-portkey-config", CACHE)
                    .header("x-portkey-cache-namespace", namespace)
                    .send();

            assertThat(status(first)).isEqualTo("MISS");
            assertThat(status(second)).isEqualTo("HIT");
            assertThat(second.body()).isEqualTo(first.body()).contains("from node a");
            assertThat(a.upstream().requestCount()).isEqualTo(1);
            assertThat(b.upstream().requestCount()).isZero();
            assertThat(a.cacheStats().failures()).isZero();
            assertThat(b.cacheStats().failures()).isZero();
        }
    }

    @Test
    void aStreamStoredInRedisIsReplayedChunkForChunk() {
        try (GatewayHarness gw = GatewayHarness.start(Map.of("JETWAY_REDIS_URL", TestRedis.url()))) {
            gw.upstream().enqueue(FakeResponse.toolCallStream("get_weather", "{\"ci", "ty\":\"Par", "is\"}"));

            List<String> original = Sse.data(gw.chat(HI_STREAM)
                    .header("x-portkey-config", CACHE)
                    .header("x-portkey-cache-namespace", namespace)
                    .open()
                    .body());
            HttpResponse<java.io.InputStream> hit = gw.chat(HI_STREAM)
                    .header("x-portkey-config", CACHE)
                    .header("x-portkey-cache-namespace", namespace)
                    .open();
            List<String> replayed = Sse.data(hit.body());

            assertThat(status(hit)).isEqualTo("HIT");
            assertThat(original).hasSize(6).last().isEqualTo("[DONE]");
            assertThat(replayed).containsExactlyElementsOf(original);
            assertThat(gw.upstream().requestCount()).isEqualTo(1);
        }
    }

    static Stream<Arguments> garbage() {
        return Stream.of(
                Arguments.of("a 2 GB value length", "$2147483647\r\n", false),
                Arguments.of("a negative length", "$-7\r\n", false),
                Arguments.of("a wrong reply type", ":1\r\n", false),
                Arguments.of("text that is not RESP", "<html>\r\n", false),
                Arguments.of("a value cut short", "$100\r\n{\"id\"", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void aRedisAnsweringGarbageCountsAsDownAndEveryRequestIsServedFromUpstream(String what, String reply, boolean close)
            throws IOException {
        try (FakeRedis redis = new FakeRedis(reply, close);
                // A generous timeout: what fails must be the reply, not a slow test machine.
                GatewayHarness gw = GatewayHarness.start(
                        Map.of("JETWAY_REDIS_URL", redis.url(), "JETWAY_REDIS_TIMEOUT_MS", "2000"))) {
            HttpResponse<String> first =
                    gw.chat(HI).header("x-portkey-config", CACHE).send();
            HttpResponse<String> second =
                    gw.chat(HI).header("x-portkey-config", CACHE).send();

            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
            assertThat(gw.upstream().requestCount()).isEqualTo(2);
            assertThat(redis.commands.get()).as("Redis was asked").isPositive();
            assertThat(gw.cacheStats().failures()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void withRedisDownRequestsAreStillServedFromUpstreamWithoutDelay() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (GatewayHarness gw =
                GatewayHarness.start(Map.of("JETWAY_REDIS_URL", "redis://127.0.0.1:" + closed + "/0"))) {
            long start = System.nanoTime();

            HttpResponse<String> first =
                    gw.chat(HI).header("x-portkey-config", CACHE).send();
            HttpResponse<String> second =
                    gw.chat(HI).header("x-portkey-config", CACHE).send();
            List<String> stream = Sse.data(
                    gw.chat(HI_STREAM).header("x-portkey-config", CACHE).open().body());

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(List.of(status(first), status(second))).containsExactly("MISS", "MISS");
            assertThat(stream).last().isEqualTo("[DONE]");
            assertThat(gw.upstream().requestCount()).isEqualTo(3);
            assertThat(gw.cacheStats().failures()).isGreaterThanOrEqualTo(2);
            assertThat(took).isLessThan(Duration.ofSeconds(3));
        }
    }
}
