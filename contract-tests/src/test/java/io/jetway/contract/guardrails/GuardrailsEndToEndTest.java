package io.jetway.contract.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Guardrail hooks of a Portkey config, end to end, through the OpenAI Java SDK. */
class GuardrailsEndToEndTest {

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

    @BeforeEach
    void clean() {
        gw.upstream().reset();
    }

    /** A config sending to the fake upstream, with {@code hooks} (JSON members) added. */
    static String config(String hooks) {
        return compact("{\"provider\":\"openai\",\"custom_host\":\"" + gw.upstreamV1() + "\"," + hooks + "}");
    }

    /** An SDK JSON value as a Jackson tree. */
    static JsonNode tree(JsonValue value) {
        assertThat(value).isNotNull();
        return JSON.valueToTree(com.openai.core.ObjectMappers.jsonMapper().convertValue(value, Object.class));
    }

    /** The config on one line, as a header carries it. */
    static String compact(String json) {
        try {
            return JSON.readTree(json).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ChatCompletionCreateParams params(String config, String prompt) {
        return ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addUserMessage(prompt)
                .putAdditionalHeader("x-portkey-config", config)
                .build();
    }

    static final String DENY_SECRET = """
            "before_request_hooks":[{"type":"guardrail","id":"no-secrets","deny":true,
              "checks":[{"id":"default.contains","parameters":{"words":["password"],"operator":"none"}}]}]""";

    @Test
    void aDenyingBeforeHookAnswers446WithHookResultsAndNoUpstreamCall() throws Exception {
        assertThatThrownBy(
                        () -> openai.chat().completions().create(params(config(DENY_SECRET), "my password is hunter2")))
                .isInstanceOf(OpenAIServiceException.class)
                .satisfies(e ->
                        assertThat(((OpenAIServiceException) e).statusCode()).isEqualTo(446));
        assertThat(gw.upstream().requestCount()).isZero();

        HttpResponse<String> raw = gw.chat("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"my password is hunter2\"}]}")
                .header("x-portkey-config", config(DENY_SECRET))
                .send();
        assertThat(raw.statusCode()).isEqualTo(446);
        JsonNode body = JSON.readTree(raw.body());
        assertThat(body.at("/error/type").asText()).isEqualTo("hooks_failed");
        assertThat(body.at("/error/message").asText())
                .isEqualTo("The guardrail checks defined in the config failed. "
                        + "You can find more information in the `hook_results` object.");
        JsonNode hook = body.at("/hook_results/before_request_hooks/0");
        assertThat(hook.get("id").asText()).isEqualTo("no-secrets");
        assertThat(hook.get("verdict").asBoolean()).isFalse();
        assertThat(hook.get("deny").asBoolean()).isTrue();
        assertThat(hook.at("/checks/0/id").asText()).isEqualTo("default.contains");
        assertThat(hook.at("/checks/0/data/foundWords/0").asText()).isEqualTo("password");
        assertThat(body.at("/hook_results/after_request_hooks").size()).isZero();
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    // openai-java deprecates _additionalProperties(), its only way to read fields it does not model.
    @SuppressWarnings("deprecation")
    void aPassingHookLetsTheAnswerThroughWithHookResults() {
        gw.upstream().enqueue(FakeResponse.chatCompletion("Hello there!"));

        HttpResponseFor<ChatCompletion> res =
                openai.chat().completions().withRawResponse().create(params(config(DENY_SECRET), "Say hello"));

        assertThat(res.statusCode()).isEqualTo(200);
        ChatCompletion completion = res.parse();
        assertThat(completion.choices().getFirst().message().content()).hasValue("Hello there!");
        JsonValue results = completion._additionalProperties().get("hook_results");
        assertThat(results).isNotNull();
        assertThat(results.toString()).contains("no-secrets");
        assertThat(gw.upstream().requestCount()).isEqualTo(1);
    }

    @Test
    // openai-java deprecates _additionalProperties(), its only way to read fields it does not model.
    @SuppressWarnings("deprecation")
    void aFailingHookThatDoesNotDenyAnswers246WithTheAnswer() {
        gw.upstream().enqueue(FakeResponse.chatCompletion("hello in lower case"));
        String hooks = """
                "after_request_hooks":[{"type":"guardrail","id":"shout","deny":false,
                  "checks":[{"id":"default.alluppercase","parameters":{}}]}]""";

        HttpResponseFor<ChatCompletion> res =
                openai.chat().completions().withRawResponse().create(params(config(hooks), "Say hello"));

        assertThat(res.statusCode()).isEqualTo(246);
        ChatCompletion completion = res.parse();
        assertThat(completion.choices().getFirst().message().content()).hasValue("hello in lower case");
        JsonNode results = tree(completion._additionalProperties().get("hook_results"));
        assertThat(results.at("/after_request_hooks/0/id").asText()).isEqualTo("shout");
        assertThat(results.at("/after_request_hooks/0/verdict").asBoolean()).isFalse();
        assertThat(results.at("/after_request_hooks/0/checks/0/data/explanation")
                        .asText())
                .isEqualTo("The text contains lowercase characters.");
    }

    @Test
    void aDenyingAfterHookReplacesTheAnswerWith446() throws Exception {
        gw.upstream().enqueue(FakeResponse.chatCompletion("not json at all"));
        String hooks = """
                "after_request_hooks":[{"type":"guardrail","id":"json-only","deny":true,
                  "checks":[{"id":"default.jsonKeys","parameters":{"keys":["answer"],"operator":"all"}}]}]""";

        HttpResponse<String> raw = gw.chat("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"JSON please\"}]}")
                .header("x-portkey-config", config(hooks))
                .send();

        assertThat(raw.statusCode()).isEqualTo(446);
        JsonNode body = JSON.readTree(raw.body());
        assertThat(body.has("choices")).isFalse();
        assertThat(body.at("/error/type").asText()).isEqualTo("hooks_failed");
        assertThat(body.at("/hook_results/after_request_hooks/0/id").asText()).isEqualTo("json-only");
        assertThat(gw.upstream().requestCount()).isEqualTo(1);
    }

    @Test
    void aDenyingAfterHookOnAStreamEndsItWithAnErrorNamingTheCheckAsSoonAsTheTextFails() {
        gw.upstream().enqueue(FakeResponse.chatStream("The secret ", "launch code ", "is 1234"));
        String hooks = """
                "after_request_hooks":[{"type":"guardrail","id":"no-launch-codes","deny":true,
                  "checks":[{"id":"default.contains","parameters":{"words":["launch code"],"operator":"none"}}]}]""";
        List<String> pieces = new ArrayList<>();

        assertThatThrownBy(() -> {
                    try (StreamResponse<ChatCompletionChunk> stream =
                            openai.chat().completions().createStreaming(params(config(hooks), "Tell me"))) {
                        stream.stream()
                                .forEach(c -> c.choices()
                                        .forEach(ch ->
                                                pieces.add(ch.delta().content().orElse(""))));
                    }
                })
                .hasMessageContaining("no-launch-codes")
                .hasMessageContaining("default.contains");
        assertThat(String.join("", pieces)).doesNotContain("1234");
    }

    @Test
    void aDeniedStreamEndsWithAnSseErrorEventAndNoDone() {
        gw.upstream().enqueue(FakeResponse.chatStream("The secret ", "launch code ", "is 1234"));
        String hooks = """
                "after_request_hooks":[{"type":"guardrail","id":"no-launch-codes","deny":true,
                  "checks":[{"id":"default.contains","parameters":{"words":["launch code"],"operator":"none"}}]}]""";

        HttpResponse<String> res = gw.chat("{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"Tell me\"}]}")
                .header("x-portkey-config", config(hooks))
                .send(io.jetway.contract.support.Sse.cutOff());

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body())
                .contains("The secret ")
                .doesNotContain("launch code ")
                .doesNotContain("[DONE]")
                .contains("data: {\"error\":{\"message\":\"The guardrail checks defined in the config failed: hook "
                        + "'no-launch-codes' (default.contains failed) denied the answer.\",\"type\":\"hooks_failed\"");
    }

    @Test
    // openai-java deprecates _additionalProperties(), its only way to read fields it does not model.
    @SuppressWarnings("deprecation")
    void aStreamWhoseNonDenyingHookFailsEndsWithAChunkReportingIt() throws Exception {
        gw.upstream().enqueue(FakeResponse.chatStream("short"));
        String hooks = """
                "after_request_hooks":[{"type":"guardrail","id":"long-enough","deny":false,
                  "checks":[{"id":"default.wordCount","parameters":{"minWords":5,"maxWords":100}}]}]""";
        List<ChatCompletionChunk> chunks = new ArrayList<>();

        try (StreamResponse<ChatCompletionChunk> stream =
                openai.chat().completions().createStreaming(params(config(hooks), "Tell me"))) {
            stream.stream().forEach(chunks::add);
        }

        ChatCompletionChunk last = chunks.getLast();
        assertThat(last.choices()).isEmpty();
        JsonNode results = tree(last._additionalProperties().get("hook_results"));
        assertThat(results.at("/after_request_hooks/0/id").asText()).isEqualTo("long-enough");
        assertThat(results.at("/after_request_hooks/0/verdict").asBoolean()).isFalse();
    }

    @Test
    void withoutStrictComplianceAStreamStartsWithTheBeforeHooksResultsAsPortkeysDoes() throws Exception {
        gw.upstream().enqueue(FakeResponse.chatStream("Hi"));
        String config = compact(
                "{\"strict_open_ai_compliance\":false," + config(DENY_SECRET).substring(1));

        HttpResponse<String> res = gw.chat("{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"Say hi\"}]}")
                .header("x-portkey-config", config)
                .send();

        assertThat(res.statusCode()).isEqualTo(200);
        List<String> data = io.jetway.contract.support.Sse.data(res.body());
        JsonNode first = JSON.readTree(data.getFirst());
        assertThat(first.at("/hook_results/before_request_hooks/0/id").asText()).isEqualTo("no-secrets");
        assertThat(first.at("/hook_results/before_request_hooks/0/verdict").asBoolean())
                .isTrue();
        assertThat(data.getLast()).isEqualTo("[DONE]");
    }

    @Test
    void piiRedactionRewritesThePromptBeforeItReachesTheProvider() {
        gw.upstream().enqueue(FakeResponse.chatCompletion("Noted."));
        String hooks = """
                "input_guardrails":[{"jetway.pii":{"redact":true}}]""";

        ChatCompletion completion = openai.chat()
                .completions()
                .create(
                        params(
                                config(hooks),
                                "Mail jane.doe@example.com, call +44 20 7946 0958, card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32"));

        assertThat(completion.choices().getFirst().message().content()).hasValue("Noted.");
        String sent = gw.upstream().takeRequest().bodyText();
        assertThat(sent)
                .contains("[EMAIL]")
                .contains("[PHONE]")
                .contains("[CARD]")
                .contains("[IBAN]")
                .doesNotContain("jane.doe")
                .doesNotContain("4111")
                .doesNotContain("7946")
                .doesNotContain("WEST");
    }

    /** Portkey's docs (Guardrails, "Using guardrails in the open-source gateway"): a config with hooks, as written there. */
    @Test
    void aPortkeyConfigWithHooksFromItsDocsLoadsAndRuns() throws Exception {
        gw.upstream().enqueue(FakeResponse.chatCompletion("Paris is the capital of France."));
        String config = """
                {
                  "provider": "openai",
                  "custom_host": "%s",
                  "before_request_hooks": [{
                    "type": "guardrail",
                    "id": "input-guardrail-1",
                    "deny": true,
                    "checks": [{
                      "id": "default.wordCount",
                      "parameters": {"minWords": 1, "maxWords": 50}
                    }]
                  }],
                  "after_request_hooks": [{
                    "type": "guardrail",
                    "id": "output-guardrail-1",
                    "deny": false,
                    "checks": [{
                      "id": "default.regexMatch",
                      "parameters": {"rule": "\\\\d{3}-\\\\d{2}-\\\\d{4}", "not": true}
                    }, {
                      "id": "default.sentenceCount",
                      "parameters": {"minSentences": 1, "maxSentences": 3}
                    }]
                  }]
                }""".formatted(gw.upstreamV1());
        config = compact(config);

        HttpResponse<String> res = gw.chat("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"What is the capital of France?\"}]}")
                .header("x-portkey-config", config)
                .send();

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.at("/hook_results/before_request_hooks/0/verdict").asBoolean())
                .isTrue();
        assertThat(body.at("/hook_results/after_request_hooks/0/verdict").asBoolean())
                .isTrue();
        assertThat(body.at("/hook_results/after_request_hooks/0/checks").size()).isEqualTo(2);
    }
}
