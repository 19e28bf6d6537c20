package io.jetway.client.sdk;

import static io.jetway.client.sdk.ClientTestSupport.client;
import static io.jetway.client.sdk.ClientTestSupport.hello;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.client.sdk.ClientTestSupport.FakeTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the API adds next is kept: unknown fields both ways, unknown enum values, unknown kinds of tool calls. */
class OpenWorldTest {

    final FakeGateway gw = new FakeGateway();
    final JetwayClient client = client(gw, new FakeTime()).build();
    final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void close() {
        gw.close();
    }

    static final String NEWER_ANSWER = """
            {"id":"chatcmpl-9","object":"chat.completion","model":"gpt-5","service_tier":"flex",
             "citations":["https://example.com"],
             "choices":[{"index":0,"finish_reason":"guardrail_stop","message":{"role":"assistant","content":null,
               "reasoning_content":"thought about it","provider_specific_fields":{"x":1},
               "tool_calls":[
                 {"id":"call_1","type":"function","function":{"name":"Weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                 {"id":"call_2","type":"web_search","web_search":{"query":"paris weather"},"status":"done"}]}}],
             "usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7,"reasoning_tokens_v2":9}}
            """;

    @Test
    void anAnswerWithFieldsEnumValuesAndToolKindsTheSpecDoesNotKnowIsReadAndKept() {
        gw.enqueue(FakeGateway.json(200, NEWER_ANSWER));

        ChatCompletion answer = client.chat(hello());

        // no "created" (required by the spec) and a finish reason the spec does not list: still read
        assertThat(answer.model().getCreated()).isNull();
        assertThat(answer.finishReason()).isEqualTo("guardrail_stop");
        assertThat(answer.model().getChoices().get(0).getFinishReason()).isNull();
        assertThat(answer.additionalProperties()).containsOnlyKeys("citations");
        assertThat(answer.additionalProperties().get("citations").get(0).asText())
                .isEqualTo("https://example.com");
        assertThat(answer.message().additionalProperties()).containsOnlyKeys("provider_specific_fields");
        assertThat(answer.message().toolCalls()).extracting(ToolCall::type).containsExactly("function", "web_search");
        assertThat(answer.message().toolCalls().get(0).name()).isEqualTo("Weather");
        assertThat(answer.message()
                        .toolCalls()
                        .get(1)
                        .json()
                        .get("web_search")
                        .get("query")
                        .asText())
                .isEqualTo("paris weather");
        assertThat(answer.json().get("usage").get("reasoning_tokens_v2").asInt())
                .isEqualTo(9);
    }

    @Test
    void anAnswerSentBackInTheNextTurnKeepsEveryFieldTheSpecDoesNotKnow() throws Exception {
        gw.enqueue(FakeGateway.json(200, NEWER_ANSWER)).enqueue(FakeGateway.json(200, FakeGateway.completion("ok")));
        ChatCompletion first = client.chat(hello());
        gw.takeRequest();

        client.chat(ChatRequest.builder()
                .model("gpt-5")
                .addUserMessage("Hi")
                .addMessage(first.message())
                .addToolMessage("call_1", "{\"temperature\":21}")
                .build());

        JsonNode sent = json.readTree(gw.takeRequest().body()).get("messages").get(1);
        assertThat(sent.get("role").asText()).isEqualTo("assistant");
        assertThat(sent.get("reasoning_content").asText()).isEqualTo("thought about it");
        assertThat(sent.get("provider_specific_fields").get("x").asInt()).isEqualTo(1);
        assertThat(sent.get("tool_calls").get(1).get("type").asText()).isEqualTo("web_search");
        assertThat(sent.get("tool_calls").get(1).get("status").asText()).isEqualTo("done");
    }

    @Test
    void bodyFieldsTheSpecDoesNotKnowAndPerCallHeadersAreSent() throws Exception {
        gw.enqueue(FakeGateway.json(200, FakeGateway.completion("ok")));
        JetwayClient withHeader = client(gw, new FakeTime())
                .putHeader("x-client", "c")
                .options(PortkeyOptions.builder()
                        .provider("openai")
                        .traceId("client-trace")
                        .build())
                .build();

        withHeader.chat(ChatRequest.builder()
                .model("gpt-4o-search-preview")
                .addUserMessage("News?")
                .putAdditionalBodyProperty("web_search_options", Map.of("search_context_size", "low"))
                .putAdditionalBodyProperty("verbosity", "low")
                .putHeader("x-portkey-trace-id", "call-trace")
                .putHeader("x-call", "1")
                .build());

        FakeGateway.Request sent = gw.takeRequest();
        JsonNode body = json.readTree(sent.body());
        assertThat(body.get("web_search_options").get("search_context_size").asText())
                .isEqualTo("low");
        assertThat(body.get("verbosity").asText()).isEqualTo("low");
        assertThat(body.has("stream")).isFalse();
        assertThat(sent.header("x-portkey-provider")).isEqualTo("openai");
        assertThat(sent.header("x-portkey-trace-id")).isEqualTo("call-trace");
        assertThat(sent.header("x-client")).isEqualTo("c");
        assertThat(sent.header("x-call")).isEqualTo("1");
    }

    @Test
    void everyCallsHeadersAreAvailableThroughTheRawResponse() {
        gw.enqueue(FakeGateway.json(
                200,
                FakeGateway.completion("ok"),
                "x-portkey-trace-id",
                "t-1",
                "x-jetway-dropped-params",
                "seed, logit_bias",
                "x-portkey-cache-status",
                "MISS",
                "x-ratelimit-remaining-requests",
                "99"));

        RawResponse<ChatCompletion> raw = client.withRawResponse().chat(hello());

        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.traceId()).isEqualTo("t-1");
        assertThat(raw.droppedParams()).containsExactly("seed", "logit_bias");
        assertThat(raw.cacheStatus()).isEqualTo("MISS");
        assertThat(raw.header("x-ratelimit-remaining-requests")).isEqualTo("99");
        assertThat(raw.value().content()).isEqualTo("ok");
    }

    @Test
    void aStreamedChunkWithFieldsAndValuesTheSpecDoesNotKnowIsRead() {
        gw.enqueue(FakeGateway.sse(
                true,
                "{\"id\":\"c\",\"object\":\"\",\"created\":1,\"model\":\"m\",\"choices\":[],\"prompt_filter_results\":[{}]}",
                FakeGateway.chunk("{\"content\":\"Hi\",\"reasoning_content\":\"hm\"}", "guardrail_stop")));

        try (ChatCompletionChunkStream chunks = client.chatStream(hello())) {
            assertThat(chunks.next().text()).isEmpty();
            ChatCompletionChunk second = chunks.next();
            assertThat(second.text()).isEqualTo("Hi");
            assertThat(second.model().getChoices().get(0).getFinishReason()).isNull();
            assertThat(second.json().get("choices").get(0).get("finish_reason").asText())
                    .isEqualTo("guardrail_stop");
            assertThat(chunks.hasNext()).isFalse();
        }
    }
}
