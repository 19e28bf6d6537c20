package io.jetway.contract.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.gateway.testing.MutableClock;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A config target's virtual key is limited like the header's: at the attempt, for the target
 * actually called; over its limit the target is refused with a 429 that a fallback skips (unless
 * its {@code on_status_codes} leave 429 out) and that is never retried on the same target.
 */
class ConfigVirtualKeyLimitsEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BODY =
            "{\"model\":\"gpt-4o-mini\",\"max_tokens\":50," + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final String FALLBACK = "{\"strategy\":{\"mode\":\"fallback\"},"
            + "\"targets\":[{\"virtual_key\":\"vk-a\"},{\"virtual_key\":\"vk-b\"}]}";

    MutableClock clock = new MutableClock(GatewayHarness.NOW);
    GatewayHarness gw;

    @BeforeEach
    void start() {
        gw = GatewayHarness.start(Map.of("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN), clock);
        // 1000 prompt and 500 completion tokens: 0.00045 USD at gpt-4o-mini's prices.
        gw.upstream().setDefaultResponse(FakeResponse.chatCompletion("Hello!").withUsage(1000, 500));
        for (String id : new String[] {"vk-a", "vk-b"}) {
            HttpResponse<String> vk = gw.admin("POST", "/v1/admin/virtual-keys", """
                    {"id":"%s","provider":"openai","api_key":"sk-%s","custom_host":"%s"}""".formatted(id, id, gw.upstreamV1()))
                    .send();
            assertThat(vk.statusCode()).as(vk.body()).isEqualTo(201);
        }
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    /** A chat request without the harness's own provider, key and host: the virtual keys name them. */
    GatewayHarness.Call bare(String body) {
        return gw.chat(body)
                .without("authorization")
                .without("x-portkey-provider")
                .without("x-portkey-custom-host");
    }

    HttpResponse<String> withConfig(String config) {
        return bare(BODY).header("x-portkey-config", config).send();
    }

    void limit(String vk, String limits) {
        HttpResponse<String> set =
                gw.admin("PUT", "/v1/admin/limits/virtual_key/" + vk, limits).send();
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    }

    String upstreamKey() {
        return gw.upstream().takeRequest().header("authorization");
    }

    @Test
    void aFallbackTargetWhoseKeyIsOverItsLimitIsSkippedWithoutAnUpstreamCallAndTheNextTargetAnswers() {
        limit("vk-a", "{\"requests_per_minute\":1}");

        HttpResponse<String> first = withConfig(FALLBACK);
        HttpResponse<String> second = withConfig(FALLBACK);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-portkey-last-used-option-index"))
                .hasValue("config.targets[0]");
        assertThat(upstreamKey()).isEqualTo("Bearer sk-vk-a");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(second.headers().firstValue("x-portkey-last-used-option-index"))
                .hasValue("config.targets[1]");
        assertThat(upstreamKey()).isEqualTo("Bearer sk-vk-b");
        assertThat(gw.upstream().requestCount()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(1));
        HttpResponse<String> nextMinute = withConfig(FALLBACK);
        assertThat(nextMinute.headers().firstValue("x-portkey-last-used-option-index"))
                .hasValue("config.targets[0]");
    }

    @Test
    void whenTheFallbacksStatusCodesLeaveOut429TheRefusalIsTheAnswerAndItIsNotRetried() throws IOException {
        limit("vk-a", "{\"requests_per_minute\":1}");
        String config = "{\"strategy\":{\"mode\":\"fallback\",\"on_status_codes\":[503]},"
                + "\"retry\":{\"attempts\":3,\"on_status_codes\":[429]},"
                + "\"targets\":[{\"virtual_key\":\"vk-a\"},{\"virtual_key\":\"vk-b\"}]}";
        assertThat(withConfig(config).statusCode()).isEqualTo(200);

        HttpResponse<String> refused = withConfig(config);

        assertThat(refused.statusCode()).isEqualTo(429);
        JsonNode error = JSON.readTree(refused.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("message").asText()).contains("virtual key 'vk-a'").contains("1 requests per minute");
        assertThat(refused.headers().firstValue("retry-after")).isPresent();
        assertThat(gw.upstream().requestCount()).isEqualTo(1);
        assertThat(gw.slept()).isEmpty();
    }

    @Test
    void theTargetsKeyIsChargedTheCostOfItsAnswerAndItsSpentBudgetStopsIt() throws IOException {
        limit("vk-a", "{\"daily_budget_usd\":0.0004}");
        String single = "{\"virtual_key\":\"vk-a\"}";

        HttpResponse<String> first = withConfig(single);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-jetway-cost-usd")).hasValue("0.00045");
        HttpResponse<String> spent = withConfig(single);

        assertThat(spent.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(spent.body()).at("/error/message").asText())
                .contains("daily budget of 0.0004 USD")
                .contains("virtual key 'vk-a'");
        assertThat(withConfig("{\"virtual_key\":\"vk-b\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void aLoadbalancedKeyIsChargedOnlyWhenItsTargetIsPicked() {
        limit("vk-a", "{\"requests_per_minute\":1}");
        String config = "{\"strategy\":{\"mode\":\"loadbalance\"},"
                + "\"targets\":[{\"virtual_key\":\"vk-a\",\"weight\":0},{\"virtual_key\":\"vk-b\",\"weight\":1}]}";

        for (int i = 0; i < 3; i++) {
            assertThat(withConfig(config).statusCode()).isEqualTo(200);
        }
        assertThat(withConfig("{\"virtual_key\":\"vk-a\"}").statusCode()).isEqualTo(200);
        assertThat(withConfig("{\"virtual_key\":\"vk-a\"}").statusCode()).isEqualTo(429);
    }

    @Test
    void aStreamIsSettledOnTheTargetsKeyAtItsEnd() throws IOException {
        limit("vk-a", "{\"tokens_per_minute\":1500}");
        gw.upstream().enqueue(FakeResponse.chatStream("Hel", "lo").withUsageChunk(1000, 500));
        String stream = BODY.replace("\"max_tokens\":50,", "\"max_tokens\":50,\"stream\":true,");

        HttpResponse<String> first = bare(stream)
                .header("x-portkey-config", "{\"virtual_key\":\"vk-a\"}")
                .send();
        assertThat(first.body()).contains("[DONE]");
        // 1500 settled of 1500: the key is at its cap; with only the reservation (~70 tokens) standing it would not be.
        HttpResponse<String> second = withConfig("{\"virtual_key\":\"vk-a\"}");

        assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
        assertThat(JSON.readTree(second.body()).at("/error/type").asText()).isEqualTo("tokens");
    }

    @Test
    void theHeadersVirtualKeyIsChargedOncePerRequestNotAgainAsItsTarget() {
        limit("vk-a", "{\"requests_per_minute\":2}");

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> res =
                    bare(BODY).header("x-portkey-virtual-key", "vk-a").send();
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        }
        assertThat(bare(BODY).header("x-portkey-virtual-key", "vk-a").send().statusCode())
                .isEqualTo(429);
    }
}
