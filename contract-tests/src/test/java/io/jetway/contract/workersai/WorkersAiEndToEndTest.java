package io.jetway.contract.workersai;

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
 * {@code x-portkey-provider: workers-ai} end to end: the in-process gateway in front of a fake Workers
 * AI run API (reached through {@code x-portkey-custom-host}, which replaces the base up to
 * {@code /ai/run}) answering with the documented payloads of the gateway's conformance cases
 * ({@code conformance/workers-ai/}), called over HTTP and through the official OpenAI Java SDK.
 */
class WorkersAiEndToEndTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final String MODEL = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";

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
        upstream.enqueue(FakeResponse.json(200, fixture("text/answer.upstream.json")));

        HttpResponse<String> response =
                post(upstream.baseUrl() + "/client/v4/accounts/acc/ai/run", """
                {"model":"%s","messages":[{"role":"system","content":"You are a friendly assistant"},
                 {"role":"user","content":"What is the origin of the phrase Hello, World"}],"max_completion_tokens":300,"stop":["x"]}
                """.formatted(MODEL));

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
        assertThat(response.headers().firstValue("x-jetway-dropped-params")).hasValue("stop");
        JsonNode answer = MAPPER.readTree(response.body());
        assertThat(answer.path("object").asText()).isEqualTo("chat.completion");
        assertThat(answer.path("id").asText()).isEqualTo("chatcmpl-trace-e2e");
        assertThat(answer.path("created").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(answer.path("model").asText()).isEqualTo(MODEL);
        assertThat(answer.at("/choices/0/message/content").asText()).startsWith("The phrase \"Hello, World\"");
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(answer.path("usage"))
                .isEqualTo(MAPPER.readTree("{\"prompt_tokens\":26,\"completion_tokens\":25,\"total_tokens\":51}"));

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/client/v4/accounts/acc/ai/run/" + MODEL);
        assertThat(sent.header("authorization")).isEqualTo("Bearer cf-test-token");
        assertThat(sent.bodyJson()).isEqualTo(MAPPER.readTree("""
                {"messages":[{"role":"system","content":"You are a friendly assistant"},
                 {"role":"user","content":"What is the origin of the phrase Hello, World"}],"max_tokens":300}
                """));
    }

    @Test
    void streamsWorkersAiEventsAsChatCompletionChunksWithTheUsageChunk() throws Exception {
        upstream.enqueue(workersAiStream(fixture("text/stream.upstream")));

        HttpResponse<String> response = post(upstream.baseUrl(), """
                {"model":"%s","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"What is the origin of the phrase Hello, World"}]}
                """.formatted(MODEL));

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
                .isEqualTo("The phrase \"Hello, World\" originates from a 1974 tutorial by Brian Kernighan on the C "
                        + "programming language.");
        assertThat(finish).isEqualTo("stop");
        assertThat(usage)
                .isEqualTo(MAPPER.readTree("{\"prompt_tokens\":26,\"completion_tokens\":25,\"total_tokens\":51}"));
        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.header("accept")).isEqualTo("text/event-stream");
        assertThat(sent.bodyJson().path("stream").asBoolean()).isTrue();
    }

    @Test
    void aStreamCutOffMidwayEndsWithTheSseErrorEventInsteadOfDone() throws Exception {
        upstream.enqueue(FakeResponse.sse(List.of("{\"response\":\"The phrase\"}", "{\"response\":\" Hello\"}"))
                .dropAfter(1));

        HttpResponse<String> response = post(Sse.cutOff(), upstream.baseUrl(), """
                {"model":"%s","stream":true,"messages":[{"role":"user","content":"hi"}]}
                """.formatted(MODEL));

        List<String> payloads = dataPayloads(response.body());
        assertThat(payloads).doesNotContain("[DONE]");
        assertThat(payloads.stream().anyMatch(p -> p.contains("The phrase"))).isTrue();
        JsonNode last = MAPPER.readTree(payloads.getLast());
        assertThat(last.at("/error/message").asText()).isNotBlank();
        assertThat(last.at("/error/type").asText()).isNotBlank();
    }

    @Test
    void aStreamEndingWithoutDoneEndsWithTheTruncationErrorEvent() throws Exception {
        upstream.enqueue(workersAiStream("data: {\"response\":\"The phrase\"}\n\n"));

        HttpResponse<String> response = post(Sse.cutOff(), upstream.baseUrl(), """
                {"model":"%s","stream":true,"messages":[{"role":"user","content":"hi"}]}
                """.formatted(MODEL));

        List<String> payloads = dataPayloads(response.body());
        assertThat(payloads).doesNotContain("[DONE]");
        JsonNode last = MAPPER.readTree(payloads.getLast());
        assertThat(last.at("/error/code").asText()).isEqualTo("stream_truncated");
    }

    @Test
    void keepsCloudflaresErrorStatusAndMessage() throws Exception {
        JsonNode error = MAPPER.readTree(fixture("text/error.upstream.json"));
        upstream.enqueue(
                FakeResponse.json(error.get("status").asInt(), error.get("body").toString()));

        HttpResponse<String> response = post(upstream.baseUrl(), """
                {"model":"@cf/meta/no-such-model","messages":[{"role":"user","content":"hi"}]}
                """);

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode body = MAPPER.readTree(response.body()).path("error");
        assertThat(body.path("message").asText()).isEqualTo("No route for the URI");
        assertThat(body.path("code").asText()).isEqualTo("7003");
    }

    @Test
    void withoutACustomHostTheAccountIdIsRequiredAndNamedInThe400() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                .header("content-type", "application/json")
                .header("x-portkey-provider", "workers-ai")
                .header("authorization", "Bearer cf-test-token")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = MAPPER.readTree(response.body()).path("error");
        assertThat(error.path("param").asText()).isEqualTo("x-portkey-workers-ai-account-id");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void worksWithTheOpenAiSdkForAStreamedToolCall() {
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
                .apiKey("cf-test-token")
                .maxRetries(0)
                .putHeader("x-portkey-provider", "workers-ai")
                .putHeader("x-portkey-workers-ai-account-id", "023e105f4ecef8ad9ca31a8372d0c353")
                .putHeader("x-portkey-custom-host", upstream.baseUrl())
                .build();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(MODEL)
                .addUserMessage("what is the weather in london?")
                .build();

        upstream.enqueue(workersAiStream(fixture("tool-call/stream.upstream")));
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
        assertThat(calls).hasSize(1);
        assertThat(calls.getFirst().asFunction().id()).isEqualTo("call_trace-e2e_0");
        assertThat(calls.getFirst().asFunction().function().name()).isEqualTo("getWeather");
        assertThat(calls.getFirst().asFunction().function().arguments())
                .isEqualTo("{\"latitude\":\"51.5074\",\"longitude\":\"-0.1278\"}");
    }

    private static HttpResponse<String> post(String customHost, String body) throws IOException, InterruptedException {
        return post(HttpResponse.BodyHandlers.ofString(), customHost, body);
    }

    private static HttpResponse<String> post(HttpResponse.BodyHandler<String> answer, String customHost, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                .header("content-type", "application/json")
                .header("x-portkey-provider", "workers-ai")
                .header("authorization", "Bearer cf-test-token")
                .header("x-portkey-custom-host", customHost)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, answer);
    }

    /** Workers AI's SSE written as the fake's raw body (it carries its own [DONE], or none). */
    private static FakeResponse workersAiStream(String sse) {
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

    /** A file of the gateway's workers-ai conformance cases (on the test classpath from the gateway's test jar). */
    private static String fixture(String name) {
        try (InputStream in = WorkersAiEndToEndTest.class.getResourceAsStream("/conformance/workers-ai/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
