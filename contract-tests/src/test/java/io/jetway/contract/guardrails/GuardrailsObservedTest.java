package io.jetway.contract.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Guardrail outcomes reach the request log (searchable as metadata) and {@code /metrics}. */
class GuardrailsObservedTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PROMPT =
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"my password\"}]}";
    GatewayHarness gw;

    @BeforeEach
    void start() {
        gw = GatewayHarness.start(Map.of("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN));
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    String config(boolean deny) throws Exception {
        return JSON.readTree("""
                {"provider":"openai","custom_host":"%s","input_guardrails":[{"id":"no-secrets","deny":%s,
                 "default.contains":{"words":["password"],"operator":"none"}}]}""".formatted(gw.upstreamV1(), deny)).toString();
    }

    @Test
    void aDeniedAndAFailedRequestAreLoggedWithTheirVerdictAndCounted() throws Exception {
        assertThat(gw.chat(PROMPT)
                        .header("x-portkey-config", config(true))
                        .header("x-portkey-trace-id", "denied")
                        .send()
                        .statusCode())
                .isEqualTo(446);
        gw.upstream().enqueue(FakeResponse.chatCompletion("ok"));
        assertThat(gw.chat(PROMPT)
                        .header("x-portkey-config", config(false))
                        .header("x-portkey-trace-id", "warned")
                        .send()
                        .statusCode())
                .isEqualTo(246);

        HttpResponse<String> res = gw.admin(
                        "GET", "/v1/admin/logs?metadata_key=jetway.guardrails.verdict&metadata_value=deny", null)
                .send();
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        OpenApiContract.get().assertValidResponse("GET", "/v1/admin/logs", 200, res.body());
        JsonNode denied = JSON.readTree(res.body()).at("/data/0");
        assertThat(denied.get("trace_id").asText()).isEqualTo("denied");
        assertThat(denied.get("status").asInt()).isEqualTo(446);
        assertThat(denied.at("/metadata/jetway.guardrails.failed").asText()).isEqualTo("no-secrets:default.contains");
        assertThat(denied.get("error").asText()).contains("hook 'no-secrets' (default.contains failed)");

        JsonNode warned = JSON.readTree(gw.admin("GET", "/v1/admin/logs?trace_id=warned", null)
                        .send()
                        .body())
                .at("/data/0");
        assertThat(warned.get("status").asInt()).isEqualTo(246);
        assertThat(warned.at("/metadata/jetway.guardrails.verdict").asText()).isEqualTo("fail");

        String metrics = gw.raw("GET", "/metrics", null).send().body();
        assertThat(metrics)
                .contains("jetway_guardrail_hooks_total{event=\"before_request\",outcome=\"deny\"} 1.0")
                .contains("jetway_guardrail_hooks_total{event=\"before_request\",outcome=\"fail\"} 1.0")
                .contains(
                        "jetway_guardrail_checks_total{check=\"default.contains\",event=\"before_request\",verdict=\"fail\"} 2.0");
    }
}
