package io.jetway.contract.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.FakeUpstream;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.Sse;
import io.jetway.gateway.GatewaySettings;
import io.jetway.gateway.server.GatewayServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Claude on Vertex AI end to end: the official OpenAI Java SDK (and plain HTTP for error bodies),
 * through an in-process Jetway ({@code x-portkey-provider: vertex-ai}), to a FakeUpstream speaking
 * Vertex's {@code rawPredict} / {@code streamRawPredict} (Anthropic's Messages format, reached
 * through {@code x-portkey-custom-host}, which replaces {@code https://{region}-aiplatform.googleapis.com}).
 */
class VertexClaudeEndToEndTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-05-06T10:00:00Z");
    private static final String MODEL = "claude-sonnet-4-5@20250929";
    private static final String RAW_PREDICT =
            "/v1/projects/my-project/locations/us-east5/publishers/anthropic/models/" + MODEL + ":rawPredict";

    private static final String MESSAGE = """
            {"id":"msg_vrtx_01UZhFsyrYaUuvRKEzxJ7FkK","type":"message","role":"assistant",
             "model":"claude-sonnet-4-5-20250929",
             "content":[{"type":"text","text":"I'll check the weather in San Francisco."},
                        {"type":"tool_use","id":"toolu_vrtx_01A09q90qw90lq917835lq9","name":"get_weather",
                         "input":{"location":"San Francisco, CA"}}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":412,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":64}}""";

    /** Vertex's stream of the same message, as Vertex frames it (event lines, padded payloads). */
    private static final String STREAM = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_vrtx_01UZhFsyrYaUuvRKEzxJ7FkK","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":412,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}  }

            event: ping
            data: {"type": "ping"}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""} }

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"I'll check the weather"}      }

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" in San Francisco."}   }

            event: content_block_stop
            data: {"type":"content_block_stop","index":0        }

            event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_vrtx_01A09q90qw90lq917835lq9","name":"get_weather","input":{}}     }

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\": \\"San Fra"}   }

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"ncisco, CA\\"}"}   }

            event: content_block_stop
            data: {"type":"content_block_stop","index":1 }

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":64}    }

            event: message_stop
            data: {"type":"message_stop"       }

            """;

    private FakeUpstream upstream;
    private GatewayServer gateway;
    private OpenAIClient client;
    private HttpClient http;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start(
                GatewaySettings.fromEnv(Map.of("TRUSTED_CUSTOM_HOSTS", "127.0.0.1"))
                        .withAddress("127.0.0.1", 0),
                () -> "trace-vertex-claude-e2e",
                Clock.fixed(NOW, ZoneOffset.UTC));
        client = OpenAIOkHttpClient.builder()
                .baseUrl(gatewayUrl() + "/v1")
                .apiKey("ya29.e2e-access-token")
                .putHeader("x-portkey-provider", "vertex-ai")
                .putHeader("x-portkey-vertex-project-id", "my-project")
                .putHeader("x-portkey-vertex-region", "us-east5")
                .putHeader("x-portkey-custom-host", upstream.baseUrl())
                .maxRetries(0)
                .build();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        client.close();
        gateway.close();
        upstream.close();
        http.close();
    }

    private String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    private static FakeResponse sse(String stream) {
        return FakeResponse.sse(List.of()).withoutDone().rawTail(stream);
    }

    private static ChatCompletionCreateParams.Builder weatherParams() {
        return ChatCompletionCreateParams.builder()
                .model(MODEL)
                .addSystemMessage("You are a weather assistant.")
                .addUserMessage("What's the weather in San Francisco?")
                .maxCompletionTokens(1024)
                .addTool(ChatCompletionFunctionTool.builder()
                        .function(FunctionDefinition.builder()
                                .name("get_weather")
                                .description("Get the current weather in a given location")
                                .parameters(FunctionParameters.builder()
                                        .putAdditionalProperty("type", JsonValue.from("object"))
                                        .putAdditionalProperty(
                                                "properties",
                                                JsonValue.from(Map.of("location", Map.of("type", "string"))))
                                        .putAdditionalProperty("required", JsonValue.from(List.of("location")))
                                        .build())
                                .build())
                        .build());
    }

    private static void assertToolCallAnswer(ChatCompletion completion) throws IOException {
        assertThat(completion.id()).isEqualTo("msg_vrtx_01UZhFsyrYaUuvRKEzxJ7FkK");
        assertThat(completion.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(completion.created()).isEqualTo(NOW.getEpochSecond());
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(choice.message().content()).contains("I'll check the weather in San Francisco.");
        ChatCompletionMessageFunctionToolCall call =
                choice.message().toolCalls().orElseThrow().get(0).function().orElseThrow();
        assertThat(call.id()).isEqualTo("toolu_vrtx_01A09q90qw90lq917835lq9");
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(MAPPER.readTree(call.function().arguments()))
                .isEqualTo(MAPPER.readTree("{\"location\":\"San Francisco, CA\"}"));
    }

    /** The request Jetway sent: the rawPredict body is Anthropic's without model, with the Vertex version. */
    private static void assertRawPredictBody(JsonNode body, boolean stream) throws IOException {
        assertThat(body.path("anthropic_version").asText()).isEqualTo("vertex-2023-10-16");
        assertThat(body.has("model")).isFalse();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(1024);
        assertThat(body.path("stream").asBoolean(false)).isEqualTo(stream);
        assertThat(body.path("system"))
                .isEqualTo(MAPPER.readTree("[{\"type\":\"text\",\"text\":\"You are a weather assistant.\"}]"));
        assertThat(body.path("messages"))
                .isEqualTo(MAPPER.readTree("[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                        + "\"text\":\"What's the weather in San Francisco?\"}]}]"));
        assertThat(body.path("tools").get(0).path("input_schema"))
                .isEqualTo(
                        MAPPER.readTree(
                                "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}"));
        assertThat(body.has("stream_options")).isFalse();
    }

    @Test
    void theOpenAiSdkGetsAClaudeAnswerFromRawPredict() throws Exception {
        upstream.enqueue(FakeResponse.json(200, MESSAGE));

        assertToolCallAnswer(client.chat().completions().create(weatherParams().build()));

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.path()).isEqualTo(RAW_PREDICT);
        assertThat(sent.header("authorization")).isEqualTo("Bearer ya29.e2e-access-token");
        assertThat(sent.header("anthropic-version")).isNull();
        assertThat(sent.header("anthropic-beta")).isNull();
        assertThat(sent.header("x-api-key")).isNull();
        assertThat(sent.headerNames()).noneMatch(h -> h.toLowerCase().startsWith("x-portkey-"));
        assertRawPredictBody(sent.bodyJson(), false);
    }

    @Test
    void theOpenAiSdkStreamsClaudeFromStreamRawPredict() throws Exception {
        upstream.enqueue(sse(STREAM));

        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(weatherParams()
                        .streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        ChatCompletion completion = accumulator.chatCompletion();
        assertToolCallAnswer(completion);
        assertThat(completion.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(412);
            assertThat(u.completionTokens()).isEqualTo(64);
            assertThat(u.totalTokens()).isEqualTo(476);
        });

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.path())
                .isEqualTo("/v1/projects/my-project/locations/us-east5/publishers/anthropic/models/" + MODEL
                        + ":streamRawPredict");
        assertThat(sent.header("authorization")).isEqualTo("Bearer ya29.e2e-access-token");
        assertThat(sent.header("accept")).isEqualTo("text/event-stream");
        assertThat(sent.header("anthropic-version")).isNull();
        assertRawPredictBody(sent.bodyJson(), true);
    }

    @Test
    void aServiceAccountKeyIsExchangedForTheBearerTokenAsForGemini() throws Exception {
        upstream.enqueue(FakeResponse.json(
                200,
                "{\"access_token\":\"ya29.minted-for-claude\",\"expires_in\":3599," + "\"token_type\":\"Bearer\"}"));
        upstream.enqueue(FakeResponse.json(200, MESSAGE));
        ObjectNode keyFile = MAPPER.createObjectNode()
                .put("type", "service_account")
                .put("project_id", "sa-project")
                .put("private_key_id", "key-1")
                .put("private_key", newPkcs8Pem())
                .put("client_email", "jetway@sa-project.iam.gserviceaccount.com")
                .put("token_uri", upstream.baseUrl() + "/token");

        HttpResponse<String> response = post(
                """
                {"model":"anthropic.claude-sonnet-4-5@20250929","messages":[{"role":"user","content":"hi"}]}""",
                "x-portkey-provider",
                "vertex-ai",
                "x-portkey-vertex-region",
                "global",
                "x-portkey-vertex-service-account-json",
                MAPPER.writeValueAsString(keyFile),
                "x-portkey-custom-host",
                upstream.baseUrl());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(response.body())
                        .at("/choices/0/finish_reason")
                        .asText())
                .isEqualTo("tool_calls");
        RecordedRequest exchange = upstream.takeRequest();
        assertThat(exchange.path()).isEqualTo("/token");
        String form = URLDecoder.decode(exchange.bodyText(), StandardCharsets.UTF_8);
        assertThat(form).startsWith("grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=");
        RecordedRequest predict = upstream.takeRequest();
        assertThat(predict.path())
                .isEqualTo("/v1/projects/sa-project/locations/global/publishers/anthropic/models/"
                        + "claude-sonnet-4-5@20250929:rawPredict");
        assertThat(predict.header("authorization")).isEqualTo("Bearer ya29.minted-for-claude");
    }

    @Test
    void betaFlagsTravelInTheBodyNotAsAHeader() throws Exception {
        upstream.enqueue(FakeResponse.json(200, MESSAGE));
        HttpResponse<String> response = post(
                """
                {"model":"claude-sonnet-4-5@20250929","messages":[{"role":"user","content":"hi"}]}""",
                "x-portkey-provider",
                "vertex-ai",
                "authorization",
                "Bearer ya29.t",
                "x-portkey-vertex-project-id",
                "my-project",
                "x-portkey-vertex-region",
                "us-east5",
                "x-portkey-anthropic-beta",
                "context-1m-2025-08-07",
                "x-portkey-custom-host",
                upstream.baseUrl());
        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.header("anthropic-beta")).isNull();
        assertThat(sent.bodyJson().path("anthropic_beta")).isEqualTo(MAPPER.readTree("[\"context-1m-2025-08-07\"]"));
    }

    @Test
    void aGoogleShapedQuotaErrorKeepsItsStatusAndMessage() throws Exception {
        upstream.enqueue(FakeResponse.json(429, """
                {"error":{"code":429,"message":"Quota exceeded for aiplatform.googleapis.com/online_prediction_input_tokens_per_minute_per_base_model with base model: anthropic-claude-sonnet-4-5.","status":"RESOURCE_EXHAUSTED"}}""").header("retry-after", "12"));
        HttpResponse<String> response = postHello();
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValue("12");
        JsonNode error = MAPPER.readTree(response.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.get("code").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(error.get("message").asText()).startsWith("Quota exceeded for aiplatform.googleapis.com/");
    }

    @Test
    void anAnthropicShapedOverloadedErrorIsARetryable503ForTheSdk() {
        upstream.enqueue(FakeResponse.json(
                529,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                        + "\"message\":\"Overloaded\"},\"request_id\":\"req_vrtx_011CVVmAGpANwSni83J9vMrj\"}"));
        assertThatThrownBy(
                        () -> client.chat().completions().create(weatherParams().build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("Overloaded");
                });
    }

    @Test
    void aStreamCutBeforeMessageStopEndsWithAnErrorEventAndNoDone() throws Exception {
        upstream.enqueue(sse(STREAM.substring(0, STREAM.indexOf("event: message_delta"))));
        HttpResponse<String> response = post(
                Sse.cutOff(),
                """
                {"model":"claude-sonnet-4-5@20250929","stream":true,"messages":[{"role":"user","content":"hi"}]}""",
                "x-portkey-provider",
                "vertex-ai",
                "authorization",
                "Bearer ya29.t",
                "x-portkey-vertex-project-id",
                "my-project",
                "x-portkey-vertex-region",
                "us-east5",
                "x-portkey-custom-host",
                upstream.baseUrl());
        assertThat(response.body())
                .contains("I'll check the weather")
                .contains("stream_truncated")
                .doesNotContain("[DONE]");
    }

    private HttpResponse<String> postHello() throws IOException, InterruptedException {
        return post(
                """
                {"model":"claude-sonnet-4-5@20250929","messages":[{"role":"user","content":"hi"}]}""",
                "x-portkey-provider",
                "vertex-ai",
                "authorization",
                "Bearer ya29.t",
                "x-portkey-vertex-project-id",
                "my-project",
                "x-portkey-vertex-region",
                "us-east5",
                "x-portkey-custom-host",
                upstream.baseUrl());
    }

    private HttpResponse<String> post(String body, String... headers) throws IOException, InterruptedException {
        return post(HttpResponse.BodyHandlers.ofString(), body, headers);
    }

    private HttpResponse<String> post(HttpResponse.BodyHandler<String> answer, String body, String... headers)
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

    /** A fresh RSA key as a service account key file holds it (PKCS#8 PEM). */
    private static String newPkcs8Pem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(der)
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
