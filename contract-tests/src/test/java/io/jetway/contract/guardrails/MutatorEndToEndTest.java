package io.jetway.contract.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Portkey's mutator hooks ({@code type: "mutator"}, {@code default.addPrefix}) end to end, through the OpenAI SDK. */
class MutatorEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static GatewayHarness gw;
    static OpenAIClient openai;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start();
        openai = OpenAIOkHttpClient.builder()
                .baseUrl(gw.url() + "/v1")
                .apiKey(GatewayHarness.PROVIDER_KEY)
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        openai.close();
        gw.close();
    }

    @Test
    // openai-java deprecates _additionalProperties(), its only way to read fields it does not model.
    @SuppressWarnings("deprecation")
    void anAddPrefixMutatorRewritesThePromptTheProviderReceives() throws Exception {
        gw.upstream().enqueue(FakeResponse.chatCompletion("Short answer."));
        String config = JSON.readTree("""
                {"provider":"openai","custom_host":"%s",
                 "before_request_hooks":[{"type":"mutator","id":"style",
                   "checks":[{"id":"default.addPrefix","parameters":{"prefix":"Answer in one sentence. "}},
                             {"id":"default.addPrefix","parameters":{"prefix":"You are terse.","applyToRole":"system"}}]}]}""".formatted(gw.upstreamV1())).toString();

        HttpResponseFor<ChatCompletion> res = openai.chat()
                .completions()
                .withRawResponse()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .addUserMessage("What is Java?")
                        .putAdditionalHeader("x-portkey-config", config)
                        .build());

        assertThat(res.statusCode()).isEqualTo(200);
        ChatCompletion completion = res.parse();
        assertThat(completion.choices().getFirst().message().content()).hasValue("Short answer.");
        JsonNode sent = JSON.readTree(gw.upstream().takeRequest().bodyText());
        assertThat(sent.get("messages")).isEqualTo(JSON.readTree("""
                [{"role":"system","content":"You are terse."},
                 {"role":"user","content":"Answer in one sentence. What is Java?"}]"""));
        JsonNode hook = GuardrailsEndToEndTest.tree(
                        completion._additionalProperties().get("hook_results"))
                .at("/before_request_hooks/0");
        assertThat(hook.get("type").asText()).isEqualTo("mutator");
        assertThat(hook.get("transformed").asBoolean()).isTrue();
    }
}
