package io.jetway.contract.workersai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code workers-ai} virtual key through the admin API and the gateway: its
 * {@code workers_ai_account_id} is stored and shown like the other provider options, and a chat call
 * with the key reaches the key's host with its stored token.
 */
class WorkersAiVirtualKeyEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "cf-stored-token-1a2b3c4d5e6f";
    private static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start(Map.of("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void aVirtualKeyKeepsItsAccountIdAndItsCallsReachItsHostWithTheStoredToken() throws Exception {
        HttpResponse<String> created = gw.admin("POST", "/v1/admin/virtual-keys", """
                        {"id":"cf","provider":"workers-ai","api_key":"%s","custom_host":"%s",
                         "workers_ai_account_id":"023e105f4ecef8ad9ca31a8372d0c353"}""".formatted(
                        TOKEN, gw.upstream().baseUrl() + "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/ai/run"))
                .send();
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode shown = JSON.readTree(
                gw.admin("GET", "/v1/admin/virtual-keys/cf", null).send().body());
        assertThat(shown.path("workers_ai_account_id").asText()).isEqualTo("023e105f4ecef8ad9ca31a8372d0c353");
        assertThat(shown.toString()).doesNotContain(TOKEN);

        gw.upstream().enqueue(FakeResponse.json(200, """
                {"result":{"response":"Hi!","usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}},
                 "success":true,"errors":[],"messages":[]}"""));
        HttpResponse<String> res = gw.chat(
                        "{\"model\":\"@cf/meta/llama-3.3-70b-instruct-fp8-fast\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .without("x-portkey-provider")
                .without("authorization")
                .without("x-portkey-custom-host")
                .header("x-portkey-virtual-key", "cf")
                .send();

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(JSON.readTree(res.body()).at("/choices/0/message/content").asText())
                .isEqualTo("Hi!");
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.path())
                .isEqualTo(
                        "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/ai/run/@cf/meta/llama-3.3-70b-instruct-fp8-fast");
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(res.body()).doesNotContain(TOKEN);
    }
}
