package io.jetway.contract.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.FakeUpstream;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checks that call out, over real sockets: the webhook (the caller's URL gets the hook context and
 * decides, under the gateway's SSRF guard and a timeout, and never sees the provider's key) and validUrls
 * (the answer's URLs are looked at, internal ones never contacted).
 */
class WebhookGuardrailTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PROMPT =
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hello hook\"}]}";
    static GatewayHarness gw;
    static FakeUpstream webhook;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start();
        webhook = FakeUpstream.start();
    }

    @AfterAll
    static void stop() {
        webhook.close();
        gw.close();
    }

    @BeforeEach
    void clean() {
        gw.upstream().reset();
        webhook.reset();
    }

    static String config(String webhookUrl, String extraParams, boolean deny) throws Exception {
        return JSON.readTree("""
                {"provider":"openai","custom_host":"%s","before_request_hooks":[{"type":"guardrail","id":"hooked",
                 "deny":%s,"checks":[{"id":"default.webhook","parameters":{"webhookURL":"%s",
                 "headers":{"x-webhook-token":"t0k"}%s}}]}]}""".formatted(gw.upstreamV1(), deny, webhookUrl, extraParams))
                .toString();
    }

    @Test
    void aWebhookThatSaysNoDeniesTheRequestAndSeesTheContextButNotTheProviderKey() throws Exception {
        webhook.enqueue(FakeResponse.json(200, "{\"verdict\":false,\"data\":{\"reason\":\"nope\"}}"));

        HttpResponse<String> res = gw.chat(PROMPT)
                .header("x-portkey-config", config(webhook.baseUrl() + "/check", "", true))
                .send();

        assertThat(res.statusCode()).isEqualTo(446);
        JsonNode check = JSON.readTree(res.body()).at("/hook_results/before_request_hooks/0/checks/0");
        assertThat(check.at("/data/explanation").asText()).isEqualTo("Webhook request failed");
        assertThat(check.at("/data/responseData/reason").asText()).isEqualTo("nope");
        assertThat(gw.upstream().requestCount()).isZero();
        RecordedRequest call = webhook.takeRequest();
        assertThat(call.path()).isEqualTo("/check");
        assertThat(call.header("x-webhook-token")).isEqualTo("t0k");
        assertThat(call.header("authorization")).isNull();
        assertThat(call.bodyText()).doesNotContain(GatewayHarness.PROVIDER_KEY);
        assertThat(call.bodyJson().at("/request/text").asText()).isEqualTo("hello hook");
        assertThat(call.bodyJson().at("/eventType").asText()).isEqualTo("beforeRequestHook");
    }

    @Test
    void aWebhookThatSaysYesLetsTheRequestThrough() throws Exception {
        webhook.enqueue(FakeResponse.json(200, "{\"verdict\":true}"));
        gw.upstream().enqueue(FakeResponse.chatCompletion("hi"));

        HttpResponse<String> res = gw.chat(PROMPT)
                .header("x-portkey-config", config(webhook.baseUrl(), "", true))
                .send();

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(res.body())
                        .at("/hook_results/before_request_hooks/0/verdict")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void aSlowWebhookCannotHoldTheRequestPastItsTimeout() throws Exception {
        webhook.enqueue(FakeResponse.json(200, "{\"verdict\":false}").delayBeforeHeadersMillis(3_000));
        gw.upstream().enqueue(FakeResponse.chatCompletion("hi"));

        long start = System.nanoTime();
        HttpResponse<String> res = gw.chat(PROMPT)
                .header("x-portkey-config", config(webhook.baseUrl(), ",\"timeout\":200", true))
                .send();
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        // Portkey's rule: a check that errors passes its hook unless failOnError is set.
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(tookMs).isLessThan(2_000);
        JsonNode check = JSON.readTree(res.body()).at("/hook_results/before_request_hooks/0/checks/0");
        assertThat(check.at("/error/message").asText()).isNotEmpty();
        assertThat(check.at("/data/explanation").asText()).startsWith("Webhook error: ");
    }

    @Test
    void aSlowWebhookFailsTheHookWhenFailOnErrorIsSet() throws Exception {
        webhook.enqueue(FakeResponse.json(200, "{\"verdict\":true}").delayBeforeHeadersMillis(3_000));

        HttpResponse<String> res = gw.chat(PROMPT)
                .header("x-portkey-config", config(webhook.baseUrl(), ",\"timeout\":200,\"failOnError\":true", true))
                .send();

        assertThat(res.statusCode()).isEqualTo(446);
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void aWebhookOnAnInternalAddressIsRefusedBeforeAnyCall() throws Exception {
        HttpResponse<String> res = gw.chat(PROMPT)
                .header("x-portkey-config", config("http://169.254.169.254/latest/meta-data", "", true))
                .send();

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(res.body()).at("/error/message").asText()).contains("169.254.169.254");
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void validUrlsLooksAtTheAnswersUrlsButNeverContactsAnInternalOne() throws Exception {
        String ok = webhook.baseUrl() + "/exists";
        gw.upstream()
                .enqueue(FakeResponse.chatCompletion("See " + ok + " and http://169.254.169.254/latest/meta-data"));
        webhook.enqueue(FakeResponse.json(200, "{}"));
        String config = JSON.readTree("""
                {"provider":"openai","custom_host":"%s","after_request_hooks":[{"id":"links","deny":false,
                 "checks":[{"id":"default.validUrls","parameters":{}}]}]}""".formatted(gw.upstreamV1())).toString();

        HttpResponse<String> res =
                gw.chat(PROMPT).header("x-portkey-config", config).send();

        assertThat(res.statusCode()).isEqualTo(246);
        JsonNode data = JSON.readTree(res.body()).at("/hook_results/after_request_hooks/0/checks/0/data");
        assertThat(data.get("validUrls")).containsExactly(JSON.getNodeFactory().textNode(ok));
        assertThat(data.get("invalidUrls"))
                .containsExactly(JSON.getNodeFactory().textNode("http://169.254.169.254/latest/meta-data"));
        RecordedRequest head = webhook.takeRequest();
        assertThat(head.method()).isEqualTo("HEAD");
        assertThat(head.path()).isEqualTo("/exists");
        assertThat(webhook.requestCount()).isEqualTo(1);
    }
}
