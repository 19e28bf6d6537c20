package io.jetway.contract.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import io.jetway.contract.support.Sse;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The response cache end to end: the in-process backend in a running gateway in front of a fake
 * OpenAI, with a clock the test moves for expiry.
 */
class CacheEndToEndTest {

    static final String HI = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final String HI_STREAM =
            "{\"model\":\"gpt-4o-mini\",\"stream\":true," + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final String CACHE = "{\"cache\":{\"mode\":\"simple\",\"max_age\":60}}";

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        volatile Instant now = GatewayHarness.NOW;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final MovableClock CLOCK = new MovableClock();
    static GatewayHarness gw;
    static int test;
    String namespace;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start(Map.of(), CLOCK);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @BeforeEach
    void reset() {
        gw.upstream().reset();
        CLOCK.now = GatewayHarness.NOW;
        // Each test its own partition: entries of earlier tests never answer it.
        namespace = "test-" + ++test;
    }

    GatewayHarness.Call cached(String body) {
        return gw.chat(body).header("x-portkey-config", CACHE).header("x-portkey-cache-namespace", namespace);
    }

    static String status(HttpResponse<?> res) {
        return res.headers().firstValue("x-portkey-cache-status").orElse(null);
    }

    @Test
    void aSecondIdenticalRequestIsServedWithoutReachingTheProvider() {
        gw.upstream().enqueue(FakeResponse.chatCompletion("cached answer"));

        HttpResponse<String> first = cached(HI).send();
        HttpResponse<String> second = cached(HI).send();

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(status(first)).isEqualTo("MISS");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(status(second)).isEqualTo("HIT");
        assertThat(second.body()).isEqualTo(first.body()).contains("cached answer");
        assertThat(second.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(second.headers().firstValue("x-portkey-provider")).hasValue("openai");
        assertThat(second.headers().firstValue("x-portkey-trace-id")).isPresent();
        OpenApiContract.get().assertValidChatResponse(200, second.body());
        assertThat(gw.upstream().requestCount()).isEqualTo(1);
    }

    @Test
    void aStreamIsReplayedChunkForChunkAsAProperSseStream() {
        gw.upstream().enqueue(FakeResponse.chatStream("Hel", "lo ", "✓").withUsageChunk(3, 4));
        // With the usage chunk asked for (unasked, the gateway takes it out of the client's stream).
        String withUsage =
                HI_STREAM.replace("\"stream\":true,", "\"stream\":true,\"stream_options\":{\"include_usage\":true},");

        HttpResponse<InputStream> first = cached(withUsage).open();
        List<String> original = Sse.data(first.body());
        HttpResponse<InputStream> second = cached(withUsage).open();
        List<String> replayed = Sse.data(second.body());

        assertThat(status(first)).isEqualTo("MISS");
        assertThat(status(second)).isEqualTo("HIT");
        assertThat(second.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        assertThat(original).hasSize(7).last().isEqualTo("[DONE]");
        assertThat(replayed).containsExactlyElementsOf(original);
        for (String payload : replayed.subList(0, replayed.size() - 1)) {
            OpenApiContract.get().assertValidStreamPayload(payload);
        }
        assertThat(gw.upstream().requestCount()).isEqualTo(1);
    }

    @Test
    void aStoredStreamDoesNotAnswerTheSameRequestWithoutStreaming() {
        Sse.data(cached(HI_STREAM).open().body());

        HttpResponse<String> plain = cached(HI).send();

        assertThat(status(plain)).isEqualTo("MISS");
        assertThat(plain.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(gw.upstream().requestCount()).isEqualTo(2);
    }

    @Test
    void aStreamThatBreaksIsNotStored() {
        gw.upstream().enqueue(FakeResponse.chatStream("a", "b", "c").dropAfter(2));

        List<String> broken = Sse.data(cached(HI_STREAM).send(Sse.cutOff()).body());
        HttpResponse<InputStream> again = cached(HI_STREAM).open();
        List<String> fresh = Sse.data(again.body());

        assertThat(broken).doesNotContain("[DONE]");
        assertThat(status(again)).isEqualTo("MISS");
        assertThat(fresh).last().isEqualTo("[DONE]");
        assertThat(gw.upstream().requestCount()).isEqualTo(2);
    }

    @Test
    void metadataPartitionsTheCacheUnlessANamespaceIsGiven() {
        String config = CACHE;
        HttpResponse<String> a = gw.chat(HI)
                .header("x-portkey-config", config)
                .header("x-portkey-metadata", "{\"user\":\"" + namespace + "-a\"}")
                .send();
        HttpResponse<String> b = gw.chat(HI)
                .header("x-portkey-config", config)
                .header("x-portkey-metadata", "{\"user\":\"" + namespace + "-b\"}")
                .send();
        HttpResponse<String> aAgain = gw.chat(HI)
                .header("x-portkey-config", config)
                .header("x-portkey-metadata", "{\"user\":\"" + namespace + "-a\"}")
                .send();

        assertThat(List.of(status(a), status(b), status(aAgain))).containsExactly("MISS", "MISS", "HIT");

        HttpResponse<String> nsA =
                cached(HI).header("x-portkey-metadata", "{\"user\":\"a\"}").send();
        HttpResponse<String> nsB =
                cached(HI).header("x-portkey-metadata", "{\"user\":\"b\"}").send();

        assertThat(List.of(status(nsA), status(nsB))).containsExactly("MISS", "HIT");
        assertThat(gw.upstream().requestCount()).isEqualTo(3);
    }

    @Test
    void forceRefreshFetchesAFreshAnswerAndStoresIt() {
        gw.upstream().enqueue(FakeResponse.chatCompletion("old"), FakeResponse.chatCompletion("new"));
        cached(HI).send();

        HttpResponse<String> refreshed =
                cached(HI).header("x-portkey-cache-force-refresh", "true").send();
        HttpResponse<String> after = cached(HI).send();

        assertThat(status(refreshed)).isEqualTo("REFRESH");
        assertThat(refreshed.body()).contains("new");
        assertThat(status(after)).isEqualTo("HIT");
        assertThat(after.body()).isEqualTo(refreshed.body());
        assertThat(gw.upstream().requestCount()).isEqualTo(2);
    }

    @Test
    void entriesExpireAfterMaxAge() {
        gw.upstream().enqueue(FakeResponse.chatCompletion("old"), FakeResponse.chatCompletion("new"));
        cached(HI).send();
        CLOCK.now = GatewayHarness.NOW.plusSeconds(59);
        HttpResponse<String> young = cached(HI).send();
        CLOCK.now = GatewayHarness.NOW.plusSeconds(61);

        HttpResponse<String> expired = cached(HI).send();

        assertThat(status(young)).isEqualTo("HIT");
        assertThat(young.body()).contains("old");
        assertThat(status(expired)).isEqualTo("MISS");
        assertThat(expired.body()).contains("new");
        assertThat(gw.upstream().requestCount()).isEqualTo(2);
    }

    @Test
    void providerErrorsAreNeverCached() {
        gw.upstream()
                .enqueue(
                        FakeResponse.error(500, "boom", "server_error", null),
                        FakeResponse.chatCompletion("recovered"));

        HttpResponse<String> failed = cached(HI).send();
        HttpResponse<String> retried = cached(HI).send();

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(status(failed)).isEqualTo("MISS");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(status(retried)).isEqualTo("MISS");
        assertThat(retried.body()).contains("recovered");
        assertThat(gw.upstream().requestCount()).isEqualTo(2);
    }

    @Test
    void theSemanticModeIsRefusedWithA400BeforeAnyUpstreamCall() {
        HttpResponse<String> res = gw.chat(HI)
                .header("x-portkey-config", "{\"cache\":{\"mode\":\"semantic\"}}")
                .send();

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).contains("'semantic' is not supported by this gateway yet");
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void withoutCacheSettingsEveryAnswerSaysDisabled() {
        HttpResponse<String> plain = gw.chat(HI).send();
        HttpResponse<String> again =
                gw.chat(HI).header("x-portkey-cache-force-refresh", "true").send();
        HttpResponse<String> refused = gw.chat(HI).without("x-portkey-provider").send();

        assertThat(status(plain)).isEqualTo("DISABLED");
        assertThat(status(again)).isEqualTo("DISABLED");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(status(refused)).isEqualTo("DISABLED");
        assertThat(gw.upstream().requestCount()).isEqualTo(2);
    }

    @Test
    void aCacheOnOneFallbackTargetServesThatTargetOnly() {
        String config = "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":["
                + "{\"provider\":\"openai\",\"custom_host\":\"http://127.0.0.1:1/v1\"},"
                + "{\"provider\":\"openai\",\"custom_host\":\"" + gw.upstreamV1() + "\","
                + "\"cache\":{\"mode\":\"simple\"}}]}";

        HttpResponse<String> first = gw.chat(HI)
                .without("x-portkey-custom-host")
                .header("x-portkey-config", config)
                .header("x-portkey-cache-namespace", namespace)
                .send();
        HttpResponse<String> second = gw.chat(HI)
                .without("x-portkey-custom-host")
                .header("x-portkey-config", config)
                .header("x-portkey-cache-namespace", namespace)
                .send();

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(status(first)).isEqualTo("MISS");
        assertThat(status(second)).isEqualTo("HIT");
        assertThat(second.headers().firstValue("x-portkey-last-used-option-index"))
                .hasValue("config.targets[1]");
        assertThat(gw.upstream().requestCount()).isEqualTo(1);
    }
}
