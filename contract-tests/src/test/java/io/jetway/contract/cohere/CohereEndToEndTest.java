package io.jetway.contract.cohere;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.FakeUpstream;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.Sse;
import io.jetway.gateway.GatewaySettings;
import io.jetway.gateway.server.GatewayServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code x-portkey-provider: cohere} end to end: the in-process gateway in front of a fake Cohere
 * upstream (reached through {@code x-portkey-custom-host}) answering with Cohere's documented
 * /v2/chat payloads, called over HTTP and through the official OpenAI Java SDK.
 */
class CohereEndToEndTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private static FakeUpstream upstream;
    private static GatewayServer gateway;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start(
                GatewaySettings.fromEnv(Map.of(
                                "TRUSTED_CUSTOM_HOSTS",
                                "127.0.0.1",
                                "JETWAY_DATABASE_URL",
                                GatewayHarness.tempDatabaseUrl()))
                        .withAddress("127.0.0.1", 0),
                () -> "trace-e2e",
                Clock.fixed(NOW, ZoneOffset.UTC));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    @Test
    void translatesANonStreamChatBothWays() throws Exception {
        upstream.enqueue(FakeResponse.json(200, resource("default.response.json")));

        HttpResponse<String> response = post("""
                {"model":"command-a-plus-05-2026","messages":[{"role":"system","content":"Be brief."},
                 {"role":"user","content":"Tell me about LLMs"}],"top_p":0.5,"stop":["\\n\\n"],"max_completion_tokens":300}
                """);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(OpenApiInteractionValidator.createForSpecificationUrl(Path.of(System.getProperty("jetway.openapi"))
                                .toUri()
                                .toString())
                        .build()
                        .validateResponse(
                                "/v1/chat/completions",
                                Request.Method.POST,
                                SimpleResponse.Builder.ok()
                                        .withContentType("application/json")
                                        .withBody(response.body())
                                        .build())
                        .getMessages())
                .as("the answer matches Jetway's openapi.yaml")
                .isEmpty();
        JsonNode answer = MAPPER.readTree(response.body());
        assertThat(answer.path("object").asText()).isEqualTo("chat.completion");
        assertThat(answer.path("id").asText()).isEqualTo("c14c80c3-18eb-4519-9460-6c92edd8cfb4");
        assertThat(answer.path("created").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(answer.path("model").asText()).isEqualTo("command-a-plus-05-2026");
        assertThat(answer.at("/choices/0/message/content").asText()).startsWith("LLMs stand for Large Language Models");
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(answer.at("/usage/prompt_tokens").asLong())
                .isEqualTo(MAPPER.readTree(resource("default.response.json"))
                        .at("/usage/tokens/input_tokens")
                        .asLong());

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v2/chat");
        assertThat(sent.header("authorization")).isEqualTo("Bearer co-test-key");
        assertThat(sent.bodyJson()).isEqualTo(MAPPER.readTree("""
                {"model":"command-a-plus-05-2026","messages":[{"role":"system","content":"Be brief."},
                 {"role":"user","content":"Tell me about LLMs"}],"max_tokens":300,"stop_sequences":["\\n\\n"],"p":0.5}
                """));
    }

    @Test
    void streamsCoheresEventsAsChatCompletionChunks() throws Exception {
        upstream.enqueue(coherStream(resource("default-stream.sse")));

        HttpResponse<String> response = post("""
                {"model":"command-a-plus-05-2026","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Tell me about LLMs"}]}
                """);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        List<String> payloads = dataPayloads(response.body());
        assertThat(payloads.getLast()).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        String finish = null;
        JsonNode usage = null;
        for (String payload : payloads.subList(0, payloads.size() - 1)) {
            JsonNode chunk = MAPPER.readTree(payload);
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("id").asText()).isEqualTo("29f14a5a-11de-4cae-9800-25e4747408ea");
            if (chunk.has("usage")) {
                usage = chunk.get("usage");
                continue;
            }
            text.append(chunk.at("/choices/0/delta/content").asText(""));
            if (!chunk.at("/choices/0/finish_reason").isNull()) {
                finish = chunk.at("/choices/0/finish_reason").asText();
            }
        }
        assertThat(text.toString())
                .isEqualTo("LLMs stand for Large Language Models, which are a type of neural "
                        + "network model specialized in processing and generating human language.");
        assertThat(finish).isEqualTo("stop");
        assertThat(usage)
                .isEqualTo(MAPPER.readTree("{\"prompt_tokens\":71,\"completion_tokens\":26,\"total_tokens\":97}"));
        assertThat(upstream.takeRequest().header("accept")).isEqualTo("text/event-stream");
    }

    @Test
    void endsATruncatedCohereStreamWithAnErrorInsteadOfDone() throws Exception {
        String stream = resource("default-stream.sse");
        upstream.enqueue(coherStream(stream.substring(0, stream.indexOf("event: message-end"))));

        HttpResponse<String> response = post(Sse.cutOff(), """
                {"model":"command-a-plus-05-2026","stream":true,"messages":[{"role":"user","content":"hi"}]}
                """);

        List<String> payloads = dataPayloads(response.body());
        assertThat(payloads).doesNotContain("[DONE]");
        JsonNode last = MAPPER.readTree(payloads.getLast());
        assertThat(last.at("/error/code").asText()).isEqualTo("stream_truncated");
    }

    @Test
    void keepsCoheresRateLimitStatusMessageAndRetryAfter() throws Exception {
        upstream.enqueue(FakeResponse.json(
                        429,
                        "{\"message\":\"You are using a Trial key, which is limited to 10 " + "API calls / minute.\"}")
                .header("retry-after", "3"));

        HttpResponse<String> response = post("""
                {"model":"command-r","messages":[{"role":"user","content":"hi"}]}
                """);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValue("3");
        JsonNode error = MAPPER.readTree(response.body()).path("error");
        assertThat(error.path("message").asText())
                .isEqualTo("You are using a Trial key, which is limited to 10 API " + "calls / minute.");
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
    }

    @Test
    void worksWithTheOpenAiSdkForToolCallStreamsAndAnswers() {
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
                .apiKey("co-test-key")
                .maxRetries(0)
                .putHeader("x-portkey-provider", "cohere")
                .putHeader("x-portkey-custom-host", upstream.baseUrl())
                .build();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("command-r")
                .addUserMessage("Can you provide a sales summary for 29th September 2023?")
                .build();

        upstream.enqueue(coherStream(resource("tools-stream.sse")));
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream =
                client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        ChatCompletion streamed = accumulator.chatCompletion();
        assertThat(streamed.choices().getFirst().finishReason())
                .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        List<ChatCompletionMessageToolCall> calls =
                streamed.choices().getFirst().message().toolCalls().orElseThrow();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).asFunction().id()).isEqualTo("query_daily_sales_report_j3f0adww9pmr");
        assertThat(calls.get(0).asFunction().function().name()).isEqualTo("query_daily_sales_report");
        assertThat(calls.get(0).asFunction().function().arguments()).isEqualTo("{\"day\": \"2023-09-29\"}");
        assertThat(calls.get(1).asFunction().function().arguments()).isEqualTo("{\"category\": \"Electronics\"}");

        upstream.enqueue(FakeResponse.json(200, resource("default.response.json")));
        ChatCompletion answer = client.chat().completions().create(params);
        assertThat(answer.choices().getFirst().message().content())
                .hasValueSatisfying(c -> assertThat(c).startsWith("LLMs stand for Large Language Models"));
        assertThat(answer.usage().orElseThrow().totalTokens()).isPositive();
    }

    private static HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return post(HttpResponse.BodyHandlers.ofString(), body);
    }

    private static HttpResponse<String> post(HttpResponse.BodyHandler<String> answer, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                .header("content-type", "application/json")
                .header("x-portkey-provider", "cohere")
                .header("authorization", "Bearer co-test-key")
                .header("x-portkey-custom-host", upstream.baseUrl())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, answer);
    }

    /** Cohere's SSE (with its event: lines) written as the fake's raw body: no OpenAI [DONE]. */
    private static FakeResponse coherStream(String sse) {
        return FakeResponse.sse(List.of()).withoutDone().rawTail(sse);
    }

    private static List<String> dataPayloads(String body) {
        List<String> payloads = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            if (event.startsWith("data: ")) {
                payloads.add(event.substring("data: ".length()));
            }
        }
        return payloads;
    }

    private static String resource(String name) {
        try (InputStream in = CohereEndToEndTest.class.getResourceAsStream("/cohere/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
