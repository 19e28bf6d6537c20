package io.jetway.contract;

import static io.jetway.contract.OpenAiPassthroughTest.SIMPLE;
import static io.jetway.contract.OpenAiPassthroughTest.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.FakeUpstream;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.Sse;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Configs end to end: fallback across two real (fake) providers, retries, conditions. */
class RoutingTest {

    static GatewayHarness gw;
    static FakeUpstream second;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start();
        second = FakeUpstream.start();
    }

    @AfterAll
    static void stop() {
        second.close();
        gw.close();
    }

    @BeforeEach
    void reset() {
        gw.upstream().reset();
        second.reset();
        gw.slept().clear();
    }

    String fallbackConfig() {
        return "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":["
                + "{\"provider\":\"openai\",\"api_key\":\"sk-first\",\"custom_host\":\"" + gw.upstreamV1() + "\"},"
                + "{\"provider\":\"groq\",\"api_key\":\"gsk-second\",\"custom_host\":\"" + second.baseUrl()
                + "/openai/v1\"}]}";
    }

    GatewayHarness.Call withConfig(String body, String config) {
        return gw.chat(body)
                .without("x-portkey-provider")
                .without("authorization")
                .without("x-portkey-custom-host")
                .header("x-portkey-config", config);
    }

    @Test
    void fallsBackToTheNextProviderWhenTheFirstFails() {
        gw.upstream().enqueue(FakeResponse.error(503, "overloaded", "server_error", null));
        second.enqueue(FakeResponse.chatCompletion("from the second"));

        HttpResponse<String> res = withConfig(SIMPLE, fallbackConfig()).send();

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(field(res.body(), "/choices/0/message/content")).isEqualTo("from the second");
        assertThat(res.headers().firstValue("x-portkey-provider")).hasValue("groq");
        assertThat(res.headers().firstValue("x-portkey-last-used-option-index")).hasValue("config.targets[1]");
        assertThat(res.headers().firstValue("x-portkey-retry-attempt-count")).hasValue("0");
        assertThat(gw.upstream().takeRequest().header("authorization")).isEqualTo("Bearer sk-first");
        var sent = second.takeRequest();
        assertThat(sent.header("authorization")).isEqualTo("Bearer gsk-second");
        assertThat(sent.path()).isEqualTo("/openai/v1/chat/completions");
    }

    @Test
    void anUnreachableFirstProviderFallsBackToo() {
        String config = "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":["
                + "{\"provider\":\"openai\",\"custom_host\":\"http://127.0.0.1:1/v1\"},"
                + "{\"provider\":\"openai\",\"custom_host\":\"" + second.baseUrl() + "/v1\"}]}";

        HttpResponse<String> res = withConfig(SIMPLE, config).send();

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("x-portkey-last-used-option-index")).hasValue("config.targets[1]");
    }

    @Test
    void aStreamThatFailsBeforeItsFirstChunkFallsBackLikeANonStreamRequest() {
        gw.upstream()
                .enqueue(FakeResponse.sse(List.of("{\"error\":{\"message\":\"capacity\",\"type\":\"server_error\"}}")));
        second.enqueue(FakeResponse.chatStream("Hi", " there"));

        List<String> data = Sse.data(
                withConfig(StreamingTest.STREAM, fallbackConfig()).open().body());

        assertThat(data).last().isEqualTo("[DONE]");
        assertThat(String.join("", data)).contains("Hi").contains(" there").doesNotContain("capacity");
    }

    @Test
    void retriesAreMadeWithBackoffAndCountedInTheResponse() {
        gw.upstream()
                .enqueue(
                        FakeResponse.error(429, "slow down", "rate_limit_error", null),
                        FakeResponse.error(502, "bad gateway", "server_error", null),
                        FakeResponse.chatCompletion("finally"));
        String config = "{\"provider\":\"openai\",\"api_key\":\"k\",\"custom_host\":\"" + gw.upstreamV1()
                + "\",\"retry\":{\"attempts\":3}}";

        HttpResponse<String> res = withConfig(SIMPLE, config).send();

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(field(res.body(), "/choices/0/message/content")).isEqualTo("finally");
        assertThat(res.headers().firstValue("x-portkey-retry-attempt-count")).hasValue("2");
        assertThat(gw.upstream().requestCount()).isEqualTo(3);
        assertThat(gw.slept()).hasSize(2).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(10)));
    }

    @Test
    void theProvidersRetryAfterIsHonouredWhenAsked() {
        gw.upstream()
                .enqueue(
                        FakeResponse.error(429, "slow down", "rate_limit_error", null)
                                .header("retry-after", "4"),
                        FakeResponse.chatCompletion("ok"));
        String config = "{\"provider\":\"openai\",\"custom_host\":\"" + gw.upstreamV1()
                + "\",\"retry\":{\"attempts\":1,\"use_retry_after_header\":true}}";

        assertThat(withConfig(SIMPLE, config).send().statusCode()).isEqualTo(200);
        assertThat(gw.slept()).containsExactly(Duration.ofSeconds(4));
    }

    @Test
    void conditionalRoutingFollowsTheMetadata() {
        String config =
                "{\"strategy\":{\"mode\":\"conditional\",\"conditions\":[{\"query\":{\"metadata.plan\":\"paid\"},"
                        + "\"then\":\"premium\"}],\"default\":\"basic\"},\"targets\":["
                        + "{\"name\":\"basic\",\"provider\":\"openai\",\"custom_host\":\"" + gw.upstreamV1() + "\"},"
                        + "{\"name\":\"premium\",\"provider\":\"openai\",\"custom_host\":\"" + second.baseUrl()
                        + "/v1\"}]}";

        withConfig(SIMPLE, config)
                .header("x-portkey-metadata", "{\"plan\":\"paid\"}")
                .send();
        withConfig(SIMPLE, config)
                .header("x-portkey-metadata", "{\"plan\":\"free\"}")
                .send();

        assertThat(second.requestCount()).isEqualTo(1);
        assertThat(gw.upstream().requestCount()).isEqualTo(1);
    }

    @Test
    void metadataThatIsNotAnObjectOfStringsIsABadRequest() {
        HttpResponse<String> res =
                gw.chat(SIMPLE).header("x-portkey-metadata", "{\"n\":1}").send();

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(field(res.body(), "/error/param")).isEqualTo("x-portkey-metadata");
    }
}
