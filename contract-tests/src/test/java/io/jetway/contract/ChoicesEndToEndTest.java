package io.jetway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.Sse;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's {@code n} on providers that answer one choice per call (Anthropic, Cohere, Bedrock): the
 * gateway makes one call per choice and merges the answers, whole or streamed, and a call's failure is
 * the answer's. The fake hands its scripted answers out in the order the calls arrive, which varies,
 * so the tests match choices to answers by their content.
 */
class ChoicesEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CLAUDE = "claude-sonnet-4-5-20250929";
    static final String BEDROCK_MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    static GatewayHarness gw;
    /** The OpenAI SDK, calling Anthropic through the gateway. */
    static OpenAIClient openai;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start();
        openai = OpenAIOkHttpClient.builder()
                .baseUrl(gw.url() + "/v1")
                .apiKey(GatewayHarness.PROVIDER_KEY)
                .putHeader("x-portkey-provider", "anthropic")
                .putHeader("x-portkey-custom-host", gw.upstream().baseUrl() + "/v1")
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        openai.close();
        gw.close();
    }

    @BeforeEach
    void reset() {
        gw.upstream().reset();
    }

    // ---- Anthropic's wire format ----

    static FakeResponse anthropicMessage(String id, String text, int input, int output) {
        return FakeResponse.json(
                200,
                "{\"id\":\"" + id + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\""
                        + CLAUDE + "\",\"content\":[{\"type\":\"text\",\"text\":\"" + text
                        + "\"}],\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + input + ",\"output_tokens\":" + output
                        + "}}");
    }

    /** Anthropic's event stream for one text answer; {@code complete} false stops before message_stop. */
    static FakeResponse anthropicStream(String id, String text, int input, int output, boolean complete) {
        List<String> events = new ArrayList<>(List.of(
                "message_start",
                        "{\"type\":\"message_start\",\"message\":{\"id\":\"" + id + "\",\"type\":\"message\","
                                + "\"role\":\"assistant\",\"model\":\"" + CLAUDE
                                + "\",\"content\":[],\"stop_reason\":null,"
                                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + input
                                + ",\"output_tokens\":1}}}",
                "content_block_start",
                        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":"
                                + "\"text\",\"text\":\"\"}}",
                "content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
                                + "\"text_delta\",\"text\":\"" + text + "\"}}",
                "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        if (complete) {
            events.addAll(List.of(
                    "message_delta",
                    "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + output + "}}",
                    "message_stop",
                    "{\"type\":\"message_stop\"}"));
        }
        StringBuilder sse = new StringBuilder();
        for (int i = 0; i < events.size(); i += 2) {
            sse.append("event: ")
                    .append(events.get(i))
                    .append("\ndata: ")
                    .append(events.get(i + 1))
                    .append("\n\n");
        }
        return FakeResponse.sse(List.of()).withoutDone().rawTail(sse.toString());
    }

    static GatewayHarness.Call anthropic(String body) {
        return gw.chat(body)
                .header("x-portkey-provider", "anthropic")
                .header("x-portkey-custom-host", gw.upstream().baseUrl() + "/v1");
    }

    static String ask(int n, boolean stream) {
        return "{\"model\":\"" + CLAUDE + "\",\"n\":" + n
                + (stream ? ",\"stream\":true,\"stream_options\":" + "{\"include_usage\":true}" : "")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Name a color\"}]}";
    }

    // ---- non-stream ----

    @Test
    void anthropicWithNThreeAnswersThreeChoicesFromThreeCallsWithTheirUsageSummed() throws Exception {
        gw.upstream()
                .enqueue(
                        anthropicMessage("msg_red", "red", 10, 1),
                        anthropicMessage("msg_green", "green", 10, 2),
                        anthropicMessage("msg_blue", "blue", 10, 3));

        HttpResponse<String> res = anthropic(ask(3, false)).send();

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(res.body());
        JsonNode choices = answer.get("choices");
        assertThat(choices).hasSize(3);
        List<String> colors = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            assertThat(choices.get(i).get("index").asInt()).isEqualTo(i);
            assertThat(choices.get(i).at("/finish_reason").asText()).isEqualTo("stop");
            colors.add(choices.get(i).at("/message/content").asText());
        }
        assertThat(colors).containsExactlyInAnyOrder("red", "green", "blue");
        // The first call's answer is the frame: its id goes with choice 0.
        assertThat(answer.get("id").asText()).isEqualTo("msg_" + colors.getFirst());
        assertThat(answer.at("/usage/prompt_tokens").asInt()).isEqualTo(30);
        assertThat(answer.at("/usage/completion_tokens").asInt()).isEqualTo(6);
        assertThat(answer.at("/usage/total_tokens").asInt()).isEqualTo(36);
        assertThat(res.headers().firstValue("x-jetway-dropped-params")).isEmpty();
        assertThat(gw.upstream().requestCount()).isEqualTo(3);
        for (RecordedRequest sent : gw.upstream().requests()) {
            assertThat(JSON.readTree(sent.body()).has("n"))
                    .as("n is not Anthropic's")
                    .isFalse();
        }
    }

    @Test
    void theOpenAiSdkGetsEveryChoiceOfAnAnthropicAnswer() {
        gw.upstream().enqueue(anthropicMessage("msg_a", "a", 4, 1), anthropicMessage("msg_b", "b", 4, 1));
        ChatCompletion completion = openai.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model(CLAUDE)
                        .n(2)
                        .addUserMessage("a or b?")
                        .build());

        assertThat(completion.choices()).extracting(c -> c.index()).containsExactly(0L, 1L);
        assertThat(completion.choices())
                .extracting(c -> c.message().content().orElseThrow())
                .containsExactlyInAnyOrder("a", "b");
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(8);
    }

    @Test
    void cohereWithNTwoAnswersTwoChoicesInsteadOfRefusingN() throws Exception {
        gw.upstream().enqueue(cohere("c-1", "left", 7, 1), cohere("c-2", "right", 7, 2));

        HttpResponse<String> res = gw.chat("{\"model\":\"command-a-03-2025\",\"n\":2,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"left or right?\"}]}")
                .header("x-portkey-provider", "cohere")
                .header("x-portkey-custom-host", gw.upstream().baseUrl())
                .send();

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(res.body());
        assertThat(answer.at("/choices/0/index").asInt()).isZero();
        assertThat(answer.at("/choices/1/index").asInt()).isOne();
        assertThat(List.of(
                        answer.at("/choices/0/message/content").asText(),
                        answer.at("/choices/1/message/content").asText()))
                .containsExactlyInAnyOrder("left", "right");
        assertThat(answer.at("/usage/prompt_tokens").asInt()).isEqualTo(14);
        assertThat(answer.at("/usage/completion_tokens").asInt()).isEqualTo(3);
        assertThat(gw.upstream().requestCount()).isEqualTo(2);
    }

    @Test
    void bedrockWithNTwoAnswersTwoChoicesFromTwoSignedCalls() throws Exception {
        for (String text : List.of("up", "down")) {
            gw.upstream()
                    .enqueue(FakeResponse.json(
                            200,
                            "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":"
                                    + "[{\"text\":\"" + text
                                    + "\"}]}},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":5,"
                                    + "\"outputTokens\":2,\"totalTokens\":7},\"metrics\":{\"latencyMs\":80}}"));
        }

        HttpResponse<String> res = gw.chat("{\"model\":\"" + BEDROCK_MODEL + "\",\"n\":2,\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"up or down?\"}]}")
                .without("authorization")
                .header("x-portkey-provider", "bedrock")
                .header("x-portkey-custom-host", gw.upstream().baseUrl())
                .header("x-portkey-aws-access-key-id", "AKIDEXAMPLE")
                .header("x-portkey-aws-secret-access-key", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
                .header("x-portkey-aws-region", "us-east-1")
                .send();

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(res.body());
        assertThat(answer.get("choices")).hasSize(2);
        assertThat(answer.at("/choices/1/index").asInt()).isOne();
        assertThat(List.of(
                        answer.at("/choices/0/message/content").asText(),
                        answer.at("/choices/1/message/content").asText()))
                .containsExactlyInAnyOrder("up", "down");
        assertThat(answer.at("/usage/prompt_tokens").asInt()).isEqualTo(10);
        assertThat(gw.upstream().requestCount()).isEqualTo(2);
        assertThat(gw.upstream().requests())
                .allSatisfy(r -> assertThat(r.header("authorization")).startsWith("AWS4-HMAC-SHA256 "));
    }

    @Test
    void anOpenAiCompatibleProviderWithoutNGetsOneCallPerChoiceAndNIsNotReportedDropped() throws Exception {
        gw.upstream()
                .enqueue(
                        FakeResponse.chatCompletion("yes").withUsage(6, 1),
                        FakeResponse.chatCompletion("no").withUsage(6, 1));

        HttpResponse<String> res = gw.chat("{\"model\":\"llama3.2\",\"n\":2,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"yes or no?\"}]}")
                .header("x-portkey-provider", "ollama")
                .header("x-portkey-custom-host", gw.upstream().baseUrl())
                .send();

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(res.body());
        assertThat(List.of(
                        answer.at("/choices/0/message/content").asText(),
                        answer.at("/choices/1/message/content").asText()))
                .containsExactlyInAnyOrder("yes", "no");
        assertThat(answer.at("/choices/1/index").asInt()).isOne();
        assertThat(answer.at("/usage/prompt_tokens").asInt()).isEqualTo(12);
        assertThat(res.headers().firstValue("x-jetway-dropped-params")).isEmpty();
        assertThat(gw.upstream().requests())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.bodyJson().has("n"))
                        .as("n is not Ollama's")
                        .isFalse());
    }

    @Test
    void oneCallFailingFailsTheWholeAnswerWithThatCallsError() {
        gw.upstream()
                .enqueue(
                        anthropicMessage("msg_1", "one", 10, 1),
                        anthropicMessage("msg_2", "two", 10, 1),
                        FakeResponse.json(
                                429,
                                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":"
                                        + "\"Slow down\"}}"));

        HttpResponse<String> res = anthropic(ask(3, false)).send();

        assertThat(res.statusCode()).isEqualTo(429);
        assertThat(OpenAiPassthroughTest.field(res.body(), "/error/message")).isEqualTo("Slow down");
        awaitRequests(3);
    }

    @Test
    void aFailedCallIsRetriedAsAWholeAttemptOfEveryCall() throws Exception {
        // The first call to arrive fails; the retry's three calls all answer.
        gw.upstream()
                .enqueue(FakeResponse.json(
                        429,
                        "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
                                + "\"message\":\"Slow down\"}}"));
        for (String color : List.of("red", "green", "blue", "cyan", "pink")) {
            gw.upstream().enqueue(anthropicMessage("msg_" + color, color, 10, 1));
        }
        String config = "{\"provider\":\"anthropic\",\"api_key\":\"k\",\"custom_host\":\""
                + gw.upstream().baseUrl() + "/v1\",\"retry\":{\"attempts\":1,\"on_status_codes\":[429]}}";

        HttpResponse<String> res = gw.chat(ask(3, false))
                .without("x-portkey-provider")
                .without("authorization")
                .without("x-portkey-custom-host")
                .header("x-portkey-config", config)
                .send();

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(JSON.readTree(res.body()).get("choices")).hasSize(3);
        assertThat(res.headers().firstValue("x-portkey-retry-attempt-count")).hasValue("1");
        awaitRequests(6);
    }

    @Test
    void nAboveTheCapIsRefusedBeforeAnyCall() {
        HttpResponse<String> res = anthropic(ask(9, false)).send();

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(OpenAiPassthroughTest.field(res.body(), "/error/param")).isEqualTo("n");
        assertThat(OpenAiPassthroughTest.field(res.body(), "/error/message")).contains("at most 8");
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void aProviderThatTakesNGetsItInOneCall() throws Exception {
        gw.upstream().enqueue(FakeResponse.chatCompletion("one"));

        HttpResponse<String> res = gw.chat("{\"model\":\"gpt-4o-mini\",\"n\":2,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Hi\"}]}")
                .send();

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(gw.upstream().requestCount()).isOne();
        assertThat(gw.upstream().takeRequest().bodyJson().get("n").asInt()).isEqualTo(2);
    }

    @Test
    void aCachedAnswerKeepsItsChoicesAndIsNotServedForAnotherN() throws Exception {
        gw.upstream()
                .enqueue(
                        anthropicMessage("msg_x", "x", 3, 1),
                        anthropicMessage("msg_y", "y", 3, 1),
                        anthropicMessage("msg_z", "z", 3, 1));
        String config = "{\"provider\":\"anthropic\",\"api_key\":\"k\",\"custom_host\":\""
                + gw.upstream().baseUrl() + "/v1\",\"cache\":{\"mode\":\"simple\",\"max_age\":60}}";

        HttpResponse<String> first =
                gw.chat(ask(2, false)).header("x-portkey-config", config).send();
        HttpResponse<String> again =
                gw.chat(ask(2, false)).header("x-portkey-config", config).send();
        HttpResponse<String> one =
                gw.chat(ask(1, false)).header("x-portkey-config", config).send();

        assertThat(again.headers().firstValue("x-portkey-cache-status")).hasValue("HIT");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(JSON.readTree(again.body()).get("choices")).hasSize(2);
        assertThat(one.headers().firstValue("x-portkey-cache-status")).hasValue("MISS");
        assertThat(JSON.readTree(one.body()).get("choices")).hasSize(1);
        assertThat(gw.upstream().requestCount()).isEqualTo(3);
    }

    // ---- streams ----

    @Test
    void aStreamInterleavesTheCallsChunksByChoiceWithOneUsageAndOneDone() throws Exception {
        gw.upstream()
                .enqueue(
                        anthropicStream("msg_red", "red", 10, 2, true),
                        anthropicStream("msg_green", "green", 10, 3, true),
                        anthropicStream("msg_blue", "blue", 10, 4, true));

        List<String> data = Sse.data(anthropic(ask(3, true)).open().body());

        assertThat(data).last().isEqualTo("[DONE]");
        assertThat(data.stream().filter("[DONE]"::equals)).hasSize(1);
        Map<Integer, StringBuilder> content = new HashMap<>();
        Map<Integer, String> finish = new HashMap<>();
        Set<String> ids = new HashSet<>();
        List<JsonNode> usages = new ArrayList<>();
        for (String d : data.subList(0, data.size() - 1)) {
            JsonNode chunk = JSON.readTree(d);
            ids.add(chunk.get("id").asText());
            if (chunk.hasNonNull("usage")) {
                usages.add(chunk);
            }
            for (JsonNode choice : chunk.get("choices")) {
                int index = choice.get("index").asInt();
                content.computeIfAbsent(index, i -> new StringBuilder())
                        .append(choice.at("/delta/content").asText(""));
                if (choice.hasNonNull("finish_reason")) {
                    finish.put(index, choice.get("finish_reason").asText());
                }
            }
        }
        assertThat(content.keySet()).containsExactlyInAnyOrder(0, 1, 2);
        // As OpenAI sends n choices: every choice's finish after all other chunks, then the usage.
        List<Integer> finishedAt = new ArrayList<>();
        List<Integer> finishedChoices = new ArrayList<>();
        for (int i = 0; i < data.size() - 1; i++) {
            JsonNode choice = JSON.readTree(data.get(i)).at("/choices/0");
            if (choice.hasNonNull("finish_reason")) {
                finishedAt.add(i);
                finishedChoices.add(choice.get("index").asInt());
            }
        }
        assertThat(finishedAt).containsExactly(data.size() - 5, data.size() - 4, data.size() - 3);
        assertThat(finishedChoices).containsExactly(0, 1, 2);
        assertThat(content.values())
                .extracting(StringBuilder::toString)
                .containsExactlyInAnyOrder("red", "green", "blue");
        assertThat(finish).containsOnlyKeys(0, 1, 2).containsValues("stop");
        assertThat(ids).as("one completion's id").hasSize(1);
        assertThat(usages).hasSize(1);
        JsonNode usage = usages.getFirst();
        assertThat(JSON.readTree(data.get(data.size() - 2))).isEqualTo(usage);
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(30);
        assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(9);
        assertThat(gw.upstream().requestCount()).isEqualTo(3);
    }

    @Test
    void theOpenAiSdkAccumulatesAnInterleavedStreamIntoEveryChoice() {
        gw.upstream().enqueue(anthropicStream("msg_a", "a", 4, 1, true), anthropicStream("msg_b", "b", 4, 1, true));
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = openai.chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model(CLAUDE)
                        .n(2)
                        .addUserMessage("a or b?")
                        .build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        ChatCompletion whole = accumulator.chatCompletion();
        assertThat(whole.choices()).extracting(c -> c.index()).containsExactly(0L, 1L);
        assertThat(whole.choices())
                .extracting(c -> c.message().content().orElseThrow())
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aCallFailingMidStreamEndsTheWholeStreamWithItsErrorEvent() throws Exception {
        gw.upstream()
                .enqueue(
                        anthropicStream("msg_1", "one", 10, 1, true),
                        anthropicStream("msg_2", "two", 10, 1, false),
                        anthropicStream("msg_3", "three", 10, 1, true));

        List<String> data = Sse.data(anthropic(ask(3, true)).send(Sse.cutOff()).body());

        assertThat(data).doesNotContain("[DONE]");
        assertThat(JSON.readTree(data.getLast()).at("/error/code").asText()).isEqualTo("stream_truncated");
        assertThat(gw.upstream().requestCount()).isEqualTo(3);
    }

    @Test
    void aCohereStreamInterleavesTheCallsChunks() throws Exception {
        gw.upstream().enqueue(cohereStream("c-1", "left"), cohereStream("c-2", "right"));

        List<String> data = Sse.data(gw.chat("{\"model\":\"command-a-03-2025\",\"n\":2,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"left or right?\"}]}")
                .header("x-portkey-provider", "cohere")
                .header("x-portkey-custom-host", gw.upstream().baseUrl())
                .open()
                .body());

        assertThat(data).last().isEqualTo("[DONE]");
        Map<Integer, StringBuilder> content = new HashMap<>();
        for (String d : data.subList(0, data.size() - 1)) {
            for (JsonNode choice : JSON.readTree(d).get("choices")) {
                content.computeIfAbsent(choice.get("index").asInt(), i -> new StringBuilder())
                        .append(choice.at("/delta/content").asText(""));
            }
        }
        assertThat(content.keySet()).containsExactlyInAnyOrder(0, 1);
        assertThat(content.values()).extracting(StringBuilder::toString).containsExactlyInAnyOrder("left", "right");
    }

    // ---- helpers ----

    static FakeResponse cohere(String id, String text, int input, int output) {
        return FakeResponse.json(
                200,
                "{\"id\":\"" + id + "\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":"
                        + "\"text\",\"text\":\"" + text
                        + "\"}]},\"finish_reason\":\"COMPLETE\",\"usage\":{\"billed_units\":"
                        + "{\"input_tokens\":" + input + ",\"output_tokens\":" + output
                        + "},\"tokens\":{\"input_tokens\":" + input
                        + ",\"output_tokens\":" + output + "}}}");
    }

    static FakeResponse cohereStream(String id, String text) {
        String sse =
                "event: message-start\ndata: {\"type\":\"message-start\",\"id\":\"" + id + "\",\"delta\":{\"message\":"
                        + "{\"role\":\"assistant\"}}}\n\n"
                        + "event: content-start\ndata: {\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":"
                        + "{\"content\":{\"type\":\"text\",\"text\":\"\"}}}}\n\n"
                        + "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":"
                        + "{\"content\":{\"text\":\"" + text + "\"}}}}\n\n"
                        + "event: content-end\ndata: {\"type\":\"content-end\",\"index\":0}\n\n"
                        + "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\","
                        + "\"usage\":{\"billed_units\":{\"input_tokens\":3,\"output_tokens\":1},\"tokens\":{\"input_tokens\":3,"
                        + "\"output_tokens\":1}}}}\n\n";
        return FakeResponse.sse(List.of()).withoutDone().rawTail(sse);
    }

    /**
     * Waits until the upstream saw {@code count} calls: the calls of a failed attempt may still be on
     * their way after the answer, and must not take the next test's scripted answers.
     */
    static void awaitRequests(int count) {
        for (int i = 0; i < count; i++) {
            assertThat(gw.upstream().takeRequest())
                    .as("call " + (i + 1) + " of " + count)
                    .isNotNull();
        }
    }
}
