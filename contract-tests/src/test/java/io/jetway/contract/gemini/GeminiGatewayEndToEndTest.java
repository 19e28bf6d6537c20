package io.jetway.contract.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
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
import io.jetway.contract.fake.FakeUpstream;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.Sse;
import io.jetway.gateway.GatewaySettings;
import io.jetway.gateway.server.GatewayServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
 * The gateway end to end in front of a fake Gemini API / Vertex AI (FakeUpstream speaking
 * Gemini's wire format, reached through {@code x-portkey-custom-host}), called with plain HTTP
 * and with the official OpenAI Java SDK. JSON answers are validated against openapi.yaml.
 */
class GeminiGatewayEndToEndTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String GEMINI_ANSWER = """
            {"candidates":[{"content":{"parts":[{"text":"The capital of France is Paris."}],"role":"model"},
              "finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":7,"totalTokenCount":15},
             "modelVersion":"gemini-2.5-flash","responseId":"r-1"}""";

    private static final List<String> GEMINI_STREAM = List.of(
            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"The capital\"}],\"role\":\"model\"},\"index\":0}],"
                    + "\"usageMetadata\":{\"promptTokenCount\":8,\"totalTokenCount\":8},\"modelVersion\":\"gemini-2.5-flash\"}",
            "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}}],"
                    + "\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
                    + "\"usageMetadata\":{\"promptTokenCount\":8,\"candidatesTokenCount\":7,\"totalTokenCount\":15},"
                    + "\"modelVersion\":\"gemini-2.5-flash\"}");

    private static FakeUpstream upstream;
    private static GatewayServer gateway;
    private static HttpClient http;
    private static OpenApiInteractionValidator openapi;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start();
        GatewaySettings settings = GatewaySettings.fromEnv(Map.of(
                "HOST",
                "127.0.0.1",
                "PORT",
                "0",
                "TRUSTED_CUSTOM_HOSTS",
                "127.0.0.1",
                "JETWAY_DATABASE_URL",
                GatewayHarness.tempDatabaseUrl()));
        gateway = GatewayServer.start(
                settings, () -> "trace-e2e", Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        openapi = OpenApiInteractionValidator.createForSpecificationUrl(
                        Path.of(System.getProperty("jetway.openapi", "../openapi/openapi.yaml"))
                                .toUri()
                                .toString())
                .build();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
        http.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    private static String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    private static HttpResponse<String> post(String body, String... headers) throws IOException, InterruptedException {
        return post(HttpResponse.BodyHandlers.ofString(), body, headers);
    }

    private static HttpResponse<String> post(HttpResponse.BodyHandler<String> answer, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gatewayUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), answer);
    }

    private static void assertMatchesOpenApi(HttpResponse<String> response) {
        ValidationReport report = openapi.validateResponse(
                "/v1/chat/completions",
                Request.Method.POST,
                SimpleResponse.Builder.status(response.statusCode())
                        .withContentType("application/json")
                        .withBody(response.body())
                        .build());
        assertThat(report.getMessages()).as("openapi.yaml validation").isEmpty();
    }

    private static List<JsonNode> dataPayloads(String sse) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String event : sse.split("\n\n")) {
            if (event.startsWith("data: ") && !event.equals("data: [DONE]")) {
                out.add(MAPPER.readTree(event.substring("data: ".length())));
            }
        }
        return out;
    }

    @Test
    void translatesAChatCompletionToGenerateContentAndBack() throws Exception {
        upstream.enqueue(FakeResponse.json(200, GEMINI_ANSWER));
        HttpResponse<String> response = post(
                """
                {"model":"gemini-2.5-flash","messages":[{"role":"system","content":"Be brief."},
                 {"role":"user","content":"Capital of France?"}],"max_tokens":50}""",
                "x-portkey-provider",
                "google",
                "authorization",
                "Bearer AIza-test-key",
                "x-portkey-custom-host",
                upstream.baseUrl());

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(sent.header("x-goog-api-key")).isEqualTo("AIza-test-key");
        assertThat(sent.header("authorization")).isNull();
        assertThat(sent.bodyJson()).isEqualTo(MAPPER.readTree("""
                {"contents":[{"role":"user","parts":[{"text":"Capital of France?"}]}],
                 "systemInstruction":{"parts":[{"text":"Be brief."}]},
                 "generationConfig":{"maxOutputTokens":50}}"""));

        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("The capital of France is Paris.");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(15);
        assertMatchesOpenApi(response);
    }

    @Test
    void streamsGeminiChunksAsChatCompletionChunksEndingInDone() throws Exception {
        upstream.enqueue(FakeResponse.sse(GEMINI_STREAM).withoutDone());
        HttpResponse<String> response = post(
                """
                {"model":"gemini-2.5-flash","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Weather in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
                   "properties":{"city":{"type":"string"}},"required":["city"]}}}]}""",
                "x-portkey-provider",
                "google",
                "authorization",
                "Bearer AIza-test-key",
                "x-portkey-custom-host",
                upstream.baseUrl());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstream.takeRequest().path())
                .isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
        List<JsonNode> chunks = dataPayloads(response.body());
        assertThat(chunks).extracting(c -> c.get("id").asText()).containsOnly("chatcmpl-trace-e2e");
        assertThat(chunks).extracting(c -> c.get("object").asText()).containsOnly("chat.completion.chunk");
        assertThat(chunks.get(1).at("/choices/0/delta/content").asText()).isEqualTo("The capital");
        assertThat(chunks.get(2)
                        .at("/choices/0/delta/tool_calls/0/function/name")
                        .asText())
                .isEqualTo("get_weather");
        assertThat(chunks.get(3)
                        .at("/choices/0/delta/tool_calls/0/function/arguments")
                        .asText())
                .isEqualTo("{\"city\":\"Paris\"}");
        assertThat(chunks.get(4).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(chunks.get(5).at("/usage/completion_tokens").asInt()).isEqualTo(7);
        assertThat(chunks).hasSize(6);
    }

    @Test
    void endsATruncatedStreamWithAnErrorEventInsteadOfDone() throws Exception {
        upstream.enqueue(FakeResponse.sse(GEMINI_STREAM.subList(0, 1)).withoutDone());
        HttpResponse<String> response = post(
                Sse.cutOff(),
                """
                {"model":"gemini-2.5-flash","stream":true,"messages":[{"role":"user","content":"hi"}]}""",
                "x-portkey-provider",
                "google",
                "authorization",
                "Bearer k",
                "x-portkey-custom-host",
                upstream.baseUrl());
        assertThat(response.body()).doesNotContain("[DONE]").contains("stream_truncated");
    }

    @Test
    void keepsGeminisErrorStatusAndMessage() throws Exception {
        upstream.enqueue(FakeResponse.json(400, """
                {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT"}}"""));
        HttpResponse<String> response = post(
                """
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}]}""",
                "x-portkey-provider",
                "google",
                "authorization",
                "Bearer wrong",
                "x-portkey-custom-host",
                upstream.baseUrl());
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = MAPPER.readTree(response.body()).get("error");
        assertThat(error.get("message").asText()).isEqualTo("API key not valid. Please pass a valid API key.");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asText()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void servesVertexAiGeminiWithTheGivenAccessToken() throws Exception {
        upstream.enqueue(FakeResponse.json(200, GEMINI_ANSWER));
        HttpResponse<String> response = post(
                """
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":"Capital of France?"}]}""",
                "x-portkey-provider",
                "vertex-ai",
                "authorization",
                "Bearer ya29.test-token",
                "x-portkey-vertex-project-id",
                "my-project",
                "x-portkey-vertex-region",
                "europe-west4",
                "x-portkey-custom-host",
                upstream.baseUrl());

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.path())
                .isEqualTo("/v1/projects/my-project/locations/europe-west4/publishers/google/models/"
                        + "gemini-2.5-flash:generateContent");
        assertThat(sent.header("authorization")).isEqualTo("Bearer ya29.test-token");
        assertThat(MAPPER.readTree(response.body())
                        .at("/choices/0/message/content")
                        .asText())
                .isEqualTo("The capital of France is Paris.");
        assertMatchesOpenApi(response);
    }

    @Test
    void refusesOtherPublishersModelsOnVertexWithAClearMessage() throws Exception {
        HttpResponse<String> response = post(
                """
                {"model":"meta.llama-3.1-405b-instruct-maas","messages":[{"role":"user","content":"hi"}]}""",
                "x-portkey-provider",
                "vertex-ai",
                "authorization",
                "Bearer ya29.t",
                "x-portkey-vertex-project-id",
                "p",
                "x-portkey-custom-host",
                upstream.baseUrl());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(response.body()).at("/error/code").asText()).isEqualTo("unsupported_model");
        assertThat(upstream.requestCount()).isZero();
    }

    /**
     * A config copied from Portkey: its {@code custom_host} replaces Portkey's base URL for
     * {@code google}, {@code https://generativelanguage.googleapis.com}, and the path after it is
     * Portkey's, {@code /v1beta/models/{model}:generateContent} (Portkey-AI/gateway
     * {@code src/providers/google/api.ts}).
     */
    @Test
    void aPortkeyConfigsCustomHostForGoogleReachesTheHostWithPortkeysV1betaPath() throws Exception {
        String config = "{\"provider\":\"google\",\"api_key\":\"AIza-config-key\",\"custom_host\":\""
                + upstream.baseUrl() + "/gemini-proxy\"}";
        String body = """
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":"Capital of France?"}]%s}""";

        upstream.enqueue(FakeResponse.json(200, GEMINI_ANSWER));
        HttpResponse<String> answer = post(body.formatted(""), "x-portkey-config", config);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(MAPPER.readTree(answer.body())
                        .at("/choices/0/message/content")
                        .asText())
                .isEqualTo("The capital of France is Paris.");
        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.path()).isEqualTo("/gemini-proxy/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(sent.header("x-goog-api-key")).isEqualTo("AIza-config-key");

        upstream.enqueue(FakeResponse.sse(GEMINI_STREAM).withoutDone());
        HttpResponse<String> streamed = post(body.formatted(",\"stream\":true"), "x-portkey-config", config);
        assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
        assertThat(streamed.body()).contains("The capital").endsWith("data: [DONE]\n\n");
        assertThat(upstream.takeRequest().path())
                .isEqualTo("/gemini-proxy/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    }

    @Test
    void worksWithTheOfficialOpenAiJavaSdkStreamingAndNot() {
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(gatewayUrl() + "/v1")
                .apiKey("AIza-sdk-key")
                .maxRetries(0)
                .putHeader("x-portkey-provider", "google")
                .putHeader("x-portkey-custom-host", upstream.baseUrl())
                .build();
        try {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                    .model("gemini-2.5-flash")
                    .addUserMessage("Capital of France?")
                    .build();

            upstream.enqueue(FakeResponse.json(200, GEMINI_ANSWER));
            ChatCompletion completion = client.chat().completions().create(params);
            assertThat(completion.choices().get(0).message().content()).contains("The capital of France is Paris.");
            assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);

            upstream.enqueue(FakeResponse.sse(GEMINI_STREAM).withoutDone());
            ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
            try (StreamResponse<ChatCompletionChunk> stream =
                    client.chat().completions().createStreaming(params)) {
                stream.stream().forEach(accumulator::accumulate);
            }
            ChatCompletion streamed = accumulator.chatCompletion();
            assertThat(streamed.choices().get(0).message().content()).contains("The capital");
            assertThat(streamed.choices()
                            .get(0)
                            .message()
                            .toolCalls()
                            .orElseThrow()
                            .get(0)
                            .asFunction()
                            .function()
                            .arguments())
                    .isEqualTo("{\"city\":\"Paris\"}");
            assertThat(streamed.choices().get(0).finishReason())
                    .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        } finally {
            client.close();
        }
    }
}
