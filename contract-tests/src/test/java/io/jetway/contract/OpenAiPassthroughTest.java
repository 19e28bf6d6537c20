package io.jetway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OpenAI-format providers end to end: what reaches the provider, and what comes back. */
class OpenAiPassthroughTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SIMPLE = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @BeforeEach
    void reset() {
        gw.upstream().reset();
    }

    @Test
    void forwardsTheCallersBodyByteForByteIncludingUnknownFields() {
        String body = "{ \"model\" : \"gpt-4o-mini\",\n \"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + " \"my_extension\": {\"nested\": [1, 2.50]}, \"store\": true }";
        HttpResponse<String> res = gw.chat(body).send();

        assertThat(res.statusCode()).isEqualTo(200);
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.bodyText()).isEqualTo(body);
    }

    @Test
    void answersReadWholeLeaveTheirUpstreamConnectionToTheNextRequest() {
        String chunkedAnswer = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"chunked\"},\"finish_reason\":\"stop\"}]}";
        int before = gw.upstream().connectionCount();
        for (int i = 0; i < 4; i++) {
            gw.upstream()
                    .enqueue(
                            i % 2 == 0
                                    ? FakeResponse.chatCompletion("answer " + i)
                                    : FakeResponse.chunked(
                                            200,
                                            "application/json",
                                            java.util.List.of(
                                                    chunkedAnswer
                                                            .substring(0, 40)
                                                            .getBytes(StandardCharsets.UTF_8),
                                                    chunkedAnswer.substring(40).getBytes(StandardCharsets.UTF_8))));
            HttpResponse<String> res = gw.chat(SIMPLE).send();
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(field(res.body(), "/choices/0/message/content"))
                    .isEqualTo(i % 2 == 0 ? "answer " + i : "chunked");
        }
        // Content-Length and chunked answers alike: one connection (at most one new one if the
        // pool held none for this upstream yet).
        assertThat(gw.upstream().connectionCount() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void sendsTheProviderKeyAsBearerToTheCustomHostPathAndNeverForwardsPortkeyHeaders() {
        gw.chat(SIMPLE)
                .header("x-portkey-trace-id", "abc")
                .header("x-portkey-metadata", "{\"a\":\"b\"}")
                .header("x-some-client-header", "nope")
                .send();

        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + GatewayHarness.PROVIDER_KEY);
        assertThat(sent.header("content-type")).isEqualTo("application/json");
        assertThat(sent.headerNames()).noneMatch(h -> h.toLowerCase().startsWith("x-portkey-"));
        assertThat(sent.header("x-some-client-header")).isNull();
    }

    @Test
    void returnsTheProvidersAnswerUnchangedWithProviderAndTraceHeaders() {
        FakeResponse answer = FakeResponse.chatCompletion("Hello there")
                .header("x-ratelimit-remaining-requests", "99")
                .header("x-ratelimit-reset-tokens", "6m0s")
                .header("set-cookie", "tracking=1");
        gw.upstream().enqueue(answer);

        HttpResponse<String> res = gw.chat(SIMPLE)
                .header("x-portkey-trace-id", "trace-from-client")
                .send();

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(res.headers().firstValue("x-portkey-provider")).hasValue("openai");
        assertThat(res.headers().firstValue("x-portkey-trace-id")).hasValue("trace-from-client");
        assertThat(res.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("99");
        assertThat(res.headers().firstValue("x-ratelimit-reset-tokens")).hasValue("6m0s");
        assertThat(res.headers().firstValue("x-request-id")).isPresent();
        assertThat(res.headers().firstValue("set-cookie")).isEmpty();
        assertThat(field(res.body(), "/choices/0/message/content")).isEqualTo("Hello there");
    }

    @Test
    void generatesATraceIdWhenTheCallerSendsNone() {
        HttpResponse<String> res = gw.chat(SIMPLE).send();

        assertThat(res.headers().firstValue("x-portkey-trace-id"))
                .hasValueSatisfying(id -> assertThat(id).startsWith("trace-"));
    }

    @Test
    void aCustomHostReplacesTheWholeBaseUrlPathPrefixIncluded() {
        gw.chat(SIMPLE)
                .header("x-portkey-custom-host", gw.upstream().baseUrl() + "/proxy/openai/v1/")
                .send();

        assertThat(gw.upstream().takeRequest().path()).isEqualTo("/proxy/openai/v1/chat/completions");
    }

    @Test
    void anInlineConfigChoosesProviderKeyHostAndOverridesParams() {
        String config = "{\"provider\":\"openai\",\"api_key\":\"sk-from-config\",\"custom_host\":\"" + gw.upstreamV1()
                + "\",\"override_params\":{\"model\":\"gpt-4.1\",\"temperature\":0.2}}";
        HttpResponse<String> res = gw.chat(SIMPLE)
                .without("x-portkey-provider")
                .without("authorization")
                .without("x-portkey-custom-host")
                .header("x-portkey-config", config)
                .send();

        assertThat(res.statusCode()).isEqualTo(200);
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.header("authorization")).isEqualTo("Bearer sk-from-config");
        assertThat(sent.bodyJson().get("model").asText()).isEqualTo("gpt-4.1");
        assertThat(sent.bodyJson().get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(sent.bodyJson().get("messages").get(0).get("content").asText())
                .isEqualTo("Hi");
    }

    @Test
    void azureOpenAiCallsTheDeploymentUrlWithTheApiVersionAndApiKeyHeader() {
        HttpResponse<String> res = gw.chat(SIMPLE)
                .header("x-portkey-provider", "azure-openai")
                .header("x-portkey-custom-host", gw.upstream().baseUrl() + "/openai")
                .header("x-portkey-azure-resource-name", "my-resource")
                .header("x-portkey-azure-deployment-id", "gpt4o deployment")
                .header("x-portkey-azure-api-version", "2024-10-21")
                .send();

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("x-portkey-provider")).hasValue("azure-openai");
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.path())
                .isEqualTo("/openai/deployments/gpt4o%20deployment/chat/completions?api-version=2024-10-21");
        assertThat(sent.header("api-key")).isEqualTo(GatewayHarness.PROVIDER_KEY);
        assertThat(sent.header("authorization")).isNull();
    }

    @Test
    void azureWithoutAResourceOrCustomHostIsABadRequestNamingTheHeader() {
        HttpResponse<String> res = gw.chat(SIMPLE)
                .header("x-portkey-provider", "azure-openai")
                .without("x-portkey-custom-host")
                .header("x-portkey-azure-deployment-id", "d")
                .send();

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(field(res.body(), "/error/param")).isEqualTo("x-portkey-azure-resource-name");
    }

    @Test
    void aCompatibleProviderGetsNoParameterItRejectsAndTheCallerIsTold() {
        String body = "{\"model\":\"llama-3.3-70b\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"logit_bias\":{\"50256\":-100},\"temperature\":0.5}";
        HttpResponse<String> res =
                gw.chat(body).header("x-portkey-provider", "groq").send();

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("x-jetway-dropped-params")).hasValue("logit_bias");
        JsonNode sent = gw.upstream().takeRequest().bodyJson();
        assertThat(sent.has("logit_bias")).isFalse();
        assertThat(sent.get("temperature").asDouble()).isEqualTo(0.5);
    }

    @Test
    void mistralReceivesTheSeedUnderItsOwnName() {
        String body =
                "{\"model\":\"mistral-large-latest\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"seed\":42}";
        gw.chat(body).header("x-portkey-provider", "mistral-ai").send();

        JsonNode sent = gw.upstream().takeRequest().bodyJson();
        assertThat(sent.has("seed")).isFalse();
        assertThat(sent.get("random_seed").asInt()).isEqualTo(42);
    }

    @Test
    void toolsVisionPartsAndJsonSchemaResponseFormatReachOpenAiIntact() throws Exception {
        String body = """
                {"model":"gpt-4o","messages":[
                  {"role":"system","content":"Be brief."},
                  {"role":"user","content":[{"type":"text","text":"What is here?"},
                    {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}]},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"look","arguments":"{\\"x\\":1}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"a cat"}],
                 "tools":[{"type":"function","function":{"name":"look","description":"Look","parameters":{"type":"object","properties":{"x":{"type":"integer"}},"required":["x"],"additionalProperties":false},"strict":true}}],
                 "tool_choice":{"type":"function","function":{"name":"look"}},
                 "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,"schema":{"type":"object","properties":{"a":{"type":"string"}}}}}}
                """;
        gw.upstream().enqueue(FakeResponse.toolCallCompletion("look", "{\"x\":2}"));

        HttpResponse<String> res = gw.chat(body).send();

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(field(res.body(), "/choices/0/finish_reason")).isEqualTo("tool_calls");
        assertThat(field(res.body(), "/choices/0/message/tool_calls/0/function/arguments"))
                .isEqualTo("{\"x\":2}");
        assertThat(gw.upstream().takeRequest().bodyJson()).isEqualTo(JSON.readTree(body));
    }

    @Test
    void openAiOrganizationAndProjectHeadersAreSentUnderOpenAisNames() {
        gw.chat(SIMPLE)
                .header("x-portkey-openai-organization", "org-1")
                .header("x-portkey-openai-project", "proj-1")
                .send();

        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.header("openai-organization")).isEqualTo("org-1");
        assertThat(sent.header("openai-project")).isEqualTo("proj-1");
    }

    @Test
    void forwardHeadersCopiesOnlyTheNamedClientHeaders() {
        gw.chat(SIMPLE)
                .header("x-portkey-forward-headers", "x-tenant, x-missing")
                .header("x-tenant", "acme")
                .header("x-other", "secret")
                .send();

        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.header("x-tenant")).isEqualTo("acme");
        assertThat(sent.header("x-other")).isNull();
    }

    @Test
    void aPortkeyHeaderCannotBeForwarded() {
        HttpResponse<String> res = gw.chat(SIMPLE)
                .header("x-portkey-forward-headers", "x-portkey-api-key")
                .send();

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(field(res.body(), "/error/param")).isEqualTo("x-portkey-forward-headers");
    }

    @Test
    void healthAnswersOk() {
        HttpResponse<String> res = gw.raw("GET", "/health", null).send();

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("{\"status\":\"ok\"}");
    }

    static String field(String json, String pointer) {
        try {
            return JSON.readTree(json.getBytes(StandardCharsets.UTF_8))
                    .at(pointer)
                    .asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
