package io.jetway.contract.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.OverloadedException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Base64ImageSource;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceAny;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlockParam;
import com.anthropic.models.messages.UrlImageSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/messages} end to end through Anthropic's official Java SDK: natively to a fake
 * Anthropic upstream, and translated to an OpenAI-format fake upstream, over real sockets.
 */
class MessagesEndToEndTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ANTHROPIC_KEY = "sk-ant-e2e-key";
    private static GatewayHarness gw;
    private static AnthropicClient anthropic;
    private static AnthropicClient openai;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start(Map.of("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN));
        anthropic = client("anthropic");
        openai = client("openai");
    }

    @AfterAll
    static void stop() {
        anthropic.close();
        openai.close();
        gw.close();
    }

    @BeforeEach
    void reset() {
        gw.upstream().reset();
    }

    /** The SDK as an Anthropic user configures it, with Portkey's headers choosing the provider. */
    private static AnthropicClient client(String provider) {
        return AnthropicOkHttpClient.builder()
                .baseUrl(gw.url())
                .apiKey(ANTHROPIC_KEY)
                .putHeader("x-portkey-provider", provider)
                .putHeader("x-portkey-custom-host", gw.upstream().baseUrl() + "/v1")
                .maxRetries(0)
                .build();
    }

    private static MessageCreateParams hello() {
        return MessageCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(1024)
                .system("Be brief.")
                .addUserMessage("Hello, Claude")
                .build();
    }

    private static Tool weatherTool() {
        return Tool.builder()
                .name("get_weather")
                .description("The weather at a place")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(Tool.InputSchema.Properties.builder()
                                .putAdditionalProperty("location", JsonValue.from(Map.of("type", "string")))
                                .build())
                        .required(List.of("location"))
                        .build())
                .build();
    }

    @Test
    void aMessageReachesAnthropicAsTheSdkSentItAndItsAnswerComesBackUnchanged() {
        gw.upstream().enqueue(FakeResponse.json(200, AnthropicWire.MESSAGE));

        AnthropicClient client = anthropic;
        {
            Message message = client.messages().create(hello());

            assertThat(message.id()).isEqualTo("msg_013Zva2CMHLNnXjNJJKqJ2EF");
            assertThat(message.content().getFirst().text().orElseThrow().text()).isEqualTo("Hi! My name is Claude.");
            assertThat(message.stopReason()).contains(StopReason.END_TURN);
            assertThat(message.usage().inputTokens()).isEqualTo(2095);
        }
        RecordedRequest upstream = gw.upstream().takeRequest();
        assertThat(upstream.path()).isEqualTo("/v1/messages");
        assertThat(upstream.header("x-api-key")).isEqualTo(ANTHROPIC_KEY);
        // The SDK's own version header is passed on (without one the gateway sends 2023-06-01).
        assertThat(upstream.header("anthropic-version")).isNotNull().isNotEqualTo("2023-06-01");
        JsonNode sent = upstream.bodyJson();
        assertThat(sent.path("system").asText()).isEqualTo("Be brief.");
        assertThat(sent.path("messages").get(0).path("content").asText()).isEqualTo("Hello, Claude");
    }

    @Test
    void aBodyForAnthropicIsForwardedByteForByteUnknownFieldsIncluded() {
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,  \"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}],\"container\":\"c-1\",\"service_tier\":\"auto\"}";
        gw.upstream().enqueue(FakeResponse.json(200, AnthropicWire.MESSAGE));

        HttpResponse<String> answer = gw.chat(body)
                .path("/v1/messages")
                .header("x-portkey-provider", "anthropic")
                .header("x-portkey-custom-host", gw.upstream().baseUrl() + "/v1")
                .header("anthropic-beta", "b-1")
                .send();

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(AnthropicWire.MESSAGE);
        RecordedRequest upstream = gw.upstream().takeRequest();
        assertThat(upstream.bodyText()).isEqualTo(body);
        assertThat(upstream.header("anthropic-beta")).isEqualTo("b-1");
        assertThat(upstream.header("anthropic-version")).isEqualTo("2023-06-01");
    }

    @Test
    void anAnthropicStreamIsRelayedEventByEventAndAccumulatesToItsMessage() {
        gw.upstream().enqueue(AnthropicWire.stream(AnthropicWire.TOOL_STREAM));

        List<String> types = new ArrayList<>();
        Message message;
        AnthropicClient client = anthropic;
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(hello())) {
            MessageAccumulator accumulator = MessageAccumulator.create();
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                types.add(
                        event.isMessageStart()
                                ? "message_start"
                                : event.isMessageStop()
                                        ? "message_stop"
                                        : event.isContentBlockStart()
                                                ? "content_block_start"
                                                : event.isContentBlockDelta()
                                                        ? "content_block_delta"
                                                        : event.isContentBlockStop()
                                                                ? "content_block_stop"
                                                                : "message_delta");
            });
            message = accumulator.message();
        }

        assertThat(types).first().isEqualTo("message_start");
        assertThat(types).last().isEqualTo("message_stop");
        assertThat(message.content()).hasSize(2);
        assertThat(message.content().get(0).text().orElseThrow().text())
                .isEqualTo("Okay, let's check the weather for San Francisco, CA:");
        assertThat(message.content().get(1).toolUse().orElseThrow()._input().convert(Object.class))
                .isEqualTo(Map.of("location", "San Francisco, CA"));
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        assertThat(message.usage().outputTokens()).isEqualTo(89);
    }

    @Test
    void anAnthropicStreamReachesTheCallerAsTheProviderWroteIt() {
        gw.upstream().enqueue(AnthropicWire.stream(AnthropicWire.TOOL_STREAM));

        HttpResponse<String> answer = gw.chat("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}]}")
                .path("/v1/messages")
                .header("x-portkey-provider", "anthropic")
                .header("x-portkey-custom-host", gw.upstream().baseUrl() + "/v1")
                .send();

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        assertThat(answer.body()).isEqualTo(AnthropicWire.sse(AnthropicWire.TOOL_STREAM));
    }

    @Test
    void aMessageToAnOpenAiFormatProviderIsTranslatedToChatAndItsAnswerBack() {
        gw.upstream().enqueue(FakeResponse.chatCompletion("Hi! I am a GPT.").withUsage(12, 5));

        Message message;
        AnthropicClient client = openai;
        {
            message = client.messages()
                    .create(MessageCreateParams.builder()
                            .model("gpt-4o-mini")
                            .maxTokens(100)
                            .system("Be brief.")
                            .putAdditionalBodyProperty("temperature", JsonValue.from(0.5))
                            .addStopSequence("END")
                            .addUserMessageOfContentBlockParams(List.of(
                                    ContentBlockParam.ofText("What is in these?"),
                                    ContentBlockParam.ofImage(Base64ImageSource.builder()
                                            .data("iVBORw0KGgo=")
                                            .mediaType(Base64ImageSource.MediaType.IMAGE_PNG)
                                            .build()),
                                    ContentBlockParam.ofImage(UrlImageSource.builder()
                                            .url("https://example.com/cat.jpg")
                                            .build())))
                            .build());
        }

        assertThat(message.content()).hasSize(1);
        assertThat(message.content().getFirst().text().orElseThrow().text()).isEqualTo("Hi! I am a GPT.");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isEqualTo(12);
        assertThat(message.usage().outputTokens()).isEqualTo(5);
        JsonNode sent = gw.upstream().takeRequest().bodyJson();
        assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(sent.path("stop").get(0).asText()).isEqualTo("END");
        assertThat(sent.path("messages").get(0).toString())
                .isEqualTo("{\"role\":\"system\",\"content\":\"Be brief.\"}");
        JsonNode parts = sent.path("messages").get(1).path("content");
        assertThat(parts.get(0).path("text").asText()).isEqualTo("What is in these?");
        assertThat(parts.get(1).path("image_url").path("url").asText()).isEqualTo("data:image/png;base64,iVBORw0KGgo=");
        assertThat(parts.get(2).path("image_url").path("url").asText()).isEqualTo("https://example.com/cat.jpg");
    }

    @Test
    void aStreamThroughTranslationArrivesAsAnthropicsEventSequenceAndAccumulatesToTheAnswer() {
        gw.upstream().enqueue(FakeResponse.chatStream("Hel", "lo", " there").withUsageChunk(9, 3));

        Message message;
        List<String> types = new ArrayList<>();
        AnthropicClient client = openai;
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(hello())) {
            MessageAccumulator accumulator = MessageAccumulator.create();
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                types.add(
                        event.isMessageStart()
                                ? "message_start"
                                : event.isMessageStop()
                                        ? "message_stop"
                                        : event.isContentBlockStart()
                                                ? "content_block_start"
                                                : event.isContentBlockDelta()
                                                        ? "content_block_delta"
                                                        : event.isContentBlockStop()
                                                                ? "content_block_stop"
                                                                : "message_delta");
            });
            message = accumulator.message();
        }

        assertThat(types)
                .containsExactly(
                        "message_start",
                        "content_block_start",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_stop",
                        "message_delta",
                        "message_stop");
        assertThat(message.content().getFirst().text().orElseThrow().text()).isEqualTo("Hello there");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().outputTokens()).isEqualTo(3);
        JsonNode sent = gw.upstream().takeRequest().bodyJson();
        assertThat(sent.path("stream").asBoolean()).isTrue();
        assertThat(sent.path("stream_options").path("include_usage").asBoolean())
                .isTrue();
    }

    @Test
    void toolsTranslateToFunctionsAndTheCallComesBackAsToolUse() {
        gw.upstream().enqueue(FakeResponse.toolCallCompletion("get_weather", "{\"location\":\"Paris\"}"));

        Message message;
        AnthropicClient client = openai;
        {
            message = client.messages()
                    .create(MessageCreateParams.builder()
                            .model("gpt-4o-mini")
                            .maxTokens(100)
                            .addTool(weatherTool())
                            .toolChoice(ToolChoiceAny.builder()
                                    .disableParallelToolUse(true)
                                    .build())
                            .addUserMessage("Weather in London, then Paris?")
                            .addAssistantMessageOfContentBlockParams(List.of(
                                    ContentBlockParam.ofText("Checking London."),
                                    ContentBlockParam.ofToolUse(ToolUseBlockParam.builder()
                                            .id("toolu_01")
                                            .name("get_weather")
                                            .input(ToolUseBlockParam.Input.builder()
                                                    .putAdditionalProperty("location", JsonValue.from("London"))
                                                    .build())
                                            .build())))
                            .addUserMessageOfContentBlockParams(List.of(
                                    ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                                            .toolUseId("toolu_01")
                                            .content("12 degrees")
                                            .build()),
                                    ContentBlockParam.ofText("Now Paris.")))
                            .build());
        }

        ContentBlock call = message.content().getFirst();
        assertThat(call.toolUse().orElseThrow().name()).isEqualTo("get_weather");
        assertThat(call.toolUse().orElseThrow()._input().convert(Object.class)).isEqualTo(Map.of("location", "Paris"));
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        JsonNode sent = gw.upstream().takeRequest().bodyJson();
        assertThat(sent.path("tools").get(0).path("function").path("name").asText())
                .isEqualTo("get_weather");
        assertThat(sent.path("tools")
                        .get(0)
                        .path("function")
                        .path("parameters")
                        .path("required")
                        .get(0)
                        .asText())
                .isEqualTo("location");
        assertThat(sent.path("tool_choice").asText()).isEqualTo("required");
        assertThat(sent.path("parallel_tool_calls").asBoolean(true)).isFalse();
        JsonNode messages = sent.path("messages");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("Checking London.");
        assertThat(messages.get(1).path("tool_calls").get(0).path("id").asText())
                .isEqualTo("toolu_01");
        assertThat(messages.get(1)
                        .path("tool_calls")
                        .get(0)
                        .path("function")
                        .path("arguments")
                        .asText())
                .isEqualTo("{\"location\":\"London\"}");
        assertThat(messages.get(2).toString())
                .isEqualTo("{\"role\":\"tool\",\"tool_call_id\":\"toolu_01\",\"content\":\"12 degrees\"}");
        assertThat(messages.get(3).path("role").asText()).isEqualTo("user");
    }

    @Test
    void aStreamedToolCallArrivesAsToolUseWithItsInputInJsonDeltas() {
        gw.upstream().enqueue(FakeResponse.toolCallStream("get_weather", "{\"loca", "tion\":\"Pa", "ris\"}"));

        Message message;
        AnthropicClient client = openai;
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages()
                .createStreaming(MessageCreateParams.builder()
                        .model("gpt-4o-mini")
                        .maxTokens(100)
                        .addTool(weatherTool())
                        .addUserMessage("Weather in Paris?")
                        .build())) {
            MessageAccumulator accumulator = MessageAccumulator.create();
            stream.stream().forEach(accumulator::accumulate);
            message = accumulator.message();
        }

        assertThat(message.content()).hasSize(1);
        assertThat(message.content().getFirst().toolUse().orElseThrow()._input().convert(Object.class))
                .isEqualTo(Map.of("location", "Paris"));
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
    }

    @Test
    void aProvidersRateLimitSurfacesAsTheSdksRateLimitException() {
        gw.upstream()
                .enqueue(FakeResponse.error(
                        429, "Rate limit reached for gpt-4o-mini", "requests", "rate_limit_exceeded"));

        AnthropicClient client = openai;
        {
            assertThatThrownBy(() -> client.messages().create(hello()))
                    .isInstanceOfSatisfying(RateLimitException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(429);
                        assertThat(e.getMessage()).contains("Rate limit reached for gpt-4o-mini");
                    });
        }
    }

    @Test
    void anthropicsOverloadIsA529AsFromAnthropic() {
        gw.upstream().enqueue(AnthropicWire.error(529, "overloaded_error", "Overloaded"));

        AnthropicClient client = anthropic;
        {
            assertThatThrownBy(() -> client.messages().create(hello()))
                    .isInstanceOfSatisfying(
                            OverloadedException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(529));
        }
    }

    @Test
    void aRequestWithoutMaxTokensIsAnAnthropicInvalidRequestError() throws Exception {
        HttpResponse<String> answer = gw.chat(
                        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\"," + "\"content\":\"Hi\"}]}")
                .path("/v1/messages")
                .send();

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode error = MAPPER.readTree(answer.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("error").path("message").asText()).contains("max_tokens");
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void aMissingProviderIsTheSdksBadRequestException() {
        AnthropicClient client = AnthropicOkHttpClient.builder()
                .baseUrl(gw.url())
                .apiKey(ANTHROPIC_KEY)
                .maxRetries(0)
                .build();
        try {
            assertThatThrownBy(() -> client.messages().create(hello()))
                    .isInstanceOfSatisfying(
                            BadRequestException.class,
                            e -> assertThat(e.getMessage()).contains("x-portkey-provider"));
        } finally {
            client.close();
        }
    }

    @Test
    void aTranslatedStreamThatBreaksEndsWithAnAnthropicErrorEvent() throws Exception {
        gw.upstream()
                .enqueue(FakeResponse.chatStream("Hel", "lo", " there", "!").dropAfter(3));

        HttpResponse<java.io.InputStream> answer = gw.chat("{\"model\":\"gpt-4o-mini\",\"max_tokens\":64,"
                        + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .path("/v1/messages")
                .open();

        // The connection is cut after the error event (no terminating chunk): read what came before the cut.
        java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
        try (java.io.InputStream in = answer.body()) {
            byte[] buffer = new byte[1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                read.write(buffer, 0, n);
            }
        } catch (java.io.IOException cut) {
            // expected: the stream broke
        }
        String body = read.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(body).startsWith("event: message_start\n");
        assertThat(body).doesNotContain("message_stop").doesNotContain("[DONE]");
        String last = body.substring(body.lastIndexOf("event: "));
        assertThat(last).startsWith("event: error\ndata: ");
        JsonNode error =
                MAPPER.readTree(last.substring(last.indexOf("data: ") + 6).strip());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("api_error");
    }

    @Test
    void anUnauthenticatedCallerIsTheSdksUnauthorizedExceptionBeforeItsBodyIsRead() {
        try (GatewayHarness keyed = GatewayHarness.start(Map.of("JETWAY_API_KEYS", "jw-messages-key"))) {
            AnthropicClient client = AnthropicOkHttpClient.builder()
                    .baseUrl(keyed.url())
                    .apiKey(ANTHROPIC_KEY)
                    .putHeader("x-portkey-provider", "openai")
                    .maxRetries(0)
                    .build();
            assertThatThrownBy(() -> client.messages().create(hello()))
                    .isInstanceOfSatisfying(
                            UnauthorizedException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(401));
            HttpResponse<String> raw =
                    keyed.chat("{not json").path("/v1/messages").send();
            assertThat(raw.statusCode()).isEqualTo(401);
            assertThat(raw.body()).startsWith("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\"");
            assertThat(keyed.upstream().requestCount()).isZero();
            client.close();
        }
    }

    @Test
    void aConfigFallsBackFromAFailingAnthropicToATranslatedOpenAiProvider() throws Exception {
        gw.upstream()
                .enqueue(
                        AnthropicWire.error(500, "api_error", "Internal server error"),
                        FakeResponse.chatCompletion("Answered by the fallback.").withUsage(5, 4));
        String config = "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":["
                + "{\"provider\":\"anthropic\",\"api_key\":\"sk-ant-1\",\"custom_host\":\""
                + gw.upstream().baseUrl()
                + "/v1\"},{\"provider\":\"openai\",\"api_key\":\"sk-oai-1\",\"custom_host\":\""
                + gw.upstream().baseUrl() + "/v1\",\"override_params\":{\"model\":\"gpt-4o-mini\"}}]}";

        HttpResponse<String> answer = gw.chat("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .path("/v1/messages")
                .without("x-portkey-provider")
                .without("authorization")
                .without("x-portkey-custom-host")
                .header("x-portkey-config", config)
                .send();

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode message = MAPPER.readTree(answer.body());
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("content").get(0).path("text").asText()).isEqualTo("Answered by the fallback.");
        assertThat(answer.headers().firstValue("x-portkey-provider")).contains("openai");
        RecordedRequest first = gw.upstream().takeRequest();
        assertThat(first.path()).isEqualTo("/v1/messages");
        assertThat(first.header("x-api-key")).isEqualTo("sk-ant-1");
        RecordedRequest second = gw.upstream().takeRequest();
        assertThat(second.path()).isEqualTo("/v1/chat/completions");
        assertThat(second.header("authorization")).isEqualTo("Bearer sk-oai-1");
        assertThat(second.bodyJson().path("model").asText()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void aConfigWithGuardrailsIsRefusedOnMessagesRatherThanLeftUnchecked() throws Exception {
        String config =
                "{\"provider\":\"openai\",\"custom_host\":\"" + gw.upstream().baseUrl() + "/v1\","
                        + "\"before_request_hooks\":[{\"type\":\"guardrail\",\"id\":\"no-secrets\",\"deny\":true,"
                        + "\"checks\":[{\"id\":\"default.contains\",\"parameters\":{\"words\":[\"password\"],"
                        + "\"operator\":\"none\"}}]}]}";

        HttpResponse<String> answer = gw.chat("{\"model\":\"gpt-4o-mini\",\"max_tokens\":64,\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"my password is hunter2\"}]}")
                .path("/v1/messages")
                .without("x-portkey-provider")
                .header("x-portkey-config", config)
                .send();

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode error = MAPPER.readTree(answer.body());
        assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("error").path("message").asText()).contains("guardrails");
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void messagesAreLoggedAndCountedWithTheirProviderModelAndTokensNativeAndTranslated() throws Exception {
        gw.upstream()
                .enqueue(
                        AnthropicWire.stream(AnthropicWire.TOOL_STREAM),
                        FakeResponse.chatStream("Hel", "lo").withUsageChunk(9, 3));

        HttpResponse<String> nativeStream = gw.chat("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,"
                        + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .path("/v1/messages")
                .header("x-portkey-provider", "anthropic")
                .header("x-portkey-trace-id", "t-messages-native")
                .header("x-portkey-custom-host", gw.upstream().baseUrl() + "/v1")
                .send();
        HttpResponse<String> translated = gw.chat("{\"model\":\"gpt-4o-mini\",\"max_tokens\":64,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .path("/v1/messages")
                .header("x-portkey-trace-id", "t-messages-translated")
                .send();

        assertThat(nativeStream.statusCode()).isEqualTo(200);
        assertThat(translated.statusCode()).isEqualTo(200);
        assertThat(translated.headers().firstValue("x-portkey-trace-id")).hasValue("t-messages-translated");
        JsonNode logs = MAPPER.readTree(
                        gw.admin("GET", "/v1/admin/logs?limit=50", null).send().body())
                .get("data");
        JsonNode nativeEntry = entry(logs, "t-messages-native");
        assertThat(nativeEntry.path("provider").asText()).isEqualTo("anthropic");
        assertThat(nativeEntry.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(nativeEntry.path("prompt_tokens").asLong()).isEqualTo(472);
        assertThat(nativeEntry.path("completion_tokens").asLong()).isEqualTo(89);
        JsonNode translatedEntry = entry(logs, "t-messages-translated");
        assertThat(translatedEntry.path("provider").asText()).isEqualTo("openai");
        assertThat(translatedEntry.path("prompt_tokens").asLong()).isEqualTo(9);
        assertThat(translatedEntry.path("completion_tokens").asLong()).isEqualTo(3);
        assertThat(nativeEntry.path("cost_usd").asDouble()).isPositive();
        String metrics = gw.raw("GET", "/metrics", null).send().body();
        assertThat(metrics).containsPattern("jetway_requests_total\\{[^}]*provider=\"anthropic\"[^}]*\\}");
    }

    @Test
    void aCachedMessageIsServedAsAMessageAndNeverToAChatCallerWhoseRequestTranslatesTheSame() throws Exception {
        gw.upstream()
                .enqueue(
                        FakeResponse.chatCompletion("Cached hello.").withUsage(5, 2),
                        FakeResponse.chatCompletion("A chat answer.").withUsage(5, 2));
        String cache = "{\"cache\":{\"mode\":\"simple\",\"max_age\":60}}";
        String messages = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}";

        HttpResponse<String> first = gw.chat(messages)
                .path("/v1/messages")
                .header("x-portkey-config", cache)
                .send();
        HttpResponse<String> second = gw.chat(messages)
                .path("/v1/messages")
                .header("x-portkey-config", cache)
                .send();
        // The chat body the messages request translates to: it must not be answered with a cached message.
        HttpResponse<String> chat = gw.chat(gw.upstream().requests().getFirst().bodyText())
                .header("x-portkey-config", cache)
                .send();

        assertThat(first.headers().firstValue("x-portkey-cache-status")).hasValue("MISS");
        assertThat(second.headers().firstValue("x-portkey-cache-status")).hasValue("HIT");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(MAPPER.readTree(second.body()).path("type").asText()).isEqualTo("message");
        assertThat(chat.headers().firstValue("x-portkey-cache-status")).hasValue("MISS");
        assertThat(MAPPER.readTree(chat.body()).path("object").asText()).isEqualTo("chat.completion");
        assertThat(gw.upstream().requestCount()).isEqualTo(2);
    }

    @Test
    void aMessageToGeminiGoesThroughGooglesChatTranslationAndComesBackAsAMessage() {
        gw.upstream().enqueue(FakeResponse.json(200, """
                {"candidates":[{"content":{"parts":[{"text":"Hello from Gemini."}],"role":"model"},
                "finishReason":"MAX_TOKENS","index":0}],
                "usageMetadata":{"promptTokenCount":6,"candidatesTokenCount":4,"totalTokenCount":10},
                "modelVersion":"gemini-2.5-flash"}"""));
        AnthropicClient google = AnthropicOkHttpClient.builder()
                .baseUrl(gw.url())
                .apiKey("AIza-test")
                .putHeader("x-portkey-provider", "google")
                .putHeader("x-portkey-custom-host", gw.upstream().baseUrl())
                .maxRetries(0)
                .build();

        Message message;
        try {
            message = google.messages()
                    .create(MessageCreateParams.builder()
                            .model("gemini-2.5-flash")
                            .maxTokens(4)
                            .system("Be brief.")
                            .addUserMessage("Hello")
                            .build());
        } finally {
            google.close();
        }

        assertThat(message.content().getFirst().text().orElseThrow().text()).isEqualTo("Hello from Gemini.");
        assertThat(message.stopReason()).contains(StopReason.MAX_TOKENS);
        assertThat(message.usage().inputTokens()).isEqualTo(6);
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.pathWithoutQuery()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(sent.bodyJson().at("/systemInstruction/parts/0/text").asText())
                .isEqualTo("Be brief.");
        assertThat(sent.bodyJson().at("/generationConfig/maxOutputTokens").asInt())
                .isEqualTo(4);
    }

    private static JsonNode entry(JsonNode logs, String traceId) {
        for (JsonNode e : logs) {
            if (traceId.equals(e.path("trace_id").asText())) {
                return e;
            }
        }
        throw new AssertionError("no request-log entry for " + traceId + " in " + logs);
    }
}
