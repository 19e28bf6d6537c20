package io.jetway.contract.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import io.jetway.contract.fake.FakeUpstream;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.OpenApiContract;
import io.jetway.gateway.GatewaySettings;
import io.jetway.gateway.server.GatewayServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK, through an in-process Jetway, to a local fake Anthropic upstream
 * ({@code x-portkey-provider: anthropic}, {@code x-portkey-custom-host} pointing at the fake).
 */
class AnthropicEndToEndTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-05-06T10:00:00Z");

    private FakeUpstream upstream;
    private GatewayServer gateway;
    private OpenAIClient client;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start(
                GatewaySettings.fromEnv(Map.of("TRUSTED_CUSTOM_HOSTS", "127.0.0.1"))
                        .withAddress("127.0.0.1", 0),
                () -> "trace-anthropic-e2e",
                Clock.fixed(NOW, ZoneOffset.UTC));
        client = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
                .apiKey("sk-ant-e2e-key")
                .putHeader("x-portkey-provider", "anthropic")
                .putHeader("x-portkey-custom-host", upstream.baseUrl() + "/v1")
                .maxRetries(0)
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        gateway.close();
        upstream.close();
    }

    private static ChatCompletionFunctionTool tool(String name, String description, String property) {
        return ChatCompletionFunctionTool.builder()
                .function(FunctionDefinition.builder()
                        .name(name)
                        .description(description)
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty(
                                        "properties", JsonValue.from(Map.of(property, Map.of("type", "string"))))
                                .putAdditionalProperty("required", JsonValue.from(List.of(property)))
                                .build())
                        .build())
                .build();
    }

    private static ChatCompletionCreateParams.Builder weatherParams() {
        return ChatCompletionCreateParams.builder()
                .model("claude-sonnet-4-5-20250929")
                .addSystemMessage("You are a weather assistant.")
                .addUserMessage("What's the weather and the time in San Francisco?")
                .addTool(tool("get_weather", "Get the current weather in a given location", "location"))
                .addTool(tool("get_time", "Get the current time in a timezone", "timezone"));
    }

    @Test
    void theOpenAiSdkStreamsAnthropicToolCallsIntoAValidCompletion() throws Exception {
        upstream.enqueue(FakeAnthropic.stream(FakeAnthropic.toolUseStream()));

        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(weatherParams()
                        .streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                accumulator.accumulate(chunk);
            });
        }
        ChatCompletion completion = accumulator.chatCompletion();

        assertThat(completion.id()).isEqualTo("msg_014p7gG3wDgGV9EUtLvnow3U");
        assertThat(completion.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(completion.created()).isEqualTo(NOW.getEpochSecond());
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(choice.message().content()).contains("Okay, let's check the weather for San Francisco, CA:");
        List<ChatCompletionMessageFunctionToolCall> calls = choice.message().toolCalls().orElseThrow().stream()
                .map(c -> c.function().orElseThrow())
                .toList();
        assertThat(calls)
                .extracting(ChatCompletionMessageFunctionToolCall::id)
                .containsExactly("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "toolu_01XyZtime00000000000000");
        assertThat(calls).extracting(c -> c.function().name()).containsExactly("get_weather", "get_time");
        assertThat(MAPPER.readTree(calls.get(0).function().arguments()))
                .isEqualTo(MAPPER.readTree("{\"location\":\"San Francisco, CA\",\"unit\":\"fahrenheit\"}"));
        assertThat(MAPPER.readTree(calls.get(1).function().arguments()))
                .isEqualTo(MAPPER.readTree("{\"timezone\":\"America/Los_Angeles\"}"));
        assertThat(completion.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(472);
            assertThat(u.completionTokens()).isEqualTo(89);
            assertThat(u.totalTokens()).isEqualTo(561);
        });
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage()).isPresent();

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-e2e-key");
        assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.header("authorization")).isNull();
        JsonNode body = sent.bodyJson();
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64000);
        assertThat(body.path("system"))
                .isEqualTo(MAPPER.readTree("[{\"type\":\"text\",\"text\":\"You are a weather assistant.\"}]"));
        assertThat(body.path("messages"))
                .isEqualTo(MAPPER.readTree("[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                        + "\"text\":\"What's the weather and the time in San Francisco?\"}]}]"));
        assertThat(body.path("tools").get(0))
                .isEqualTo(MAPPER.readTree("{\"name\":\"get_weather\",\"description\":"
                        + "\"Get the current weather in a given location\",\"input_schema\":{\"type\":\"object\",\"properties\":"
                        + "{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}}"));
        assertThat(body.has("stream_options")).isFalse();
    }

    @Test
    void theToolResultsOfTheNextTurnGoBackAsOneUserTurn() throws Exception {
        upstream.enqueue(FakeAnthropic.message("{\"id\":\"msg_01Next\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"It is 15°C and "
                + "09:41.\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":600,"
                + "\"output_tokens\":12}}"));
        ChatCompletion completion = client.chat()
                .completions()
                .create(weatherParams()
                        .addMessage(com.openai.models.chat.completions.ChatCompletionAssistantMessageParam.builder()
                                .addToolCall(ChatCompletionMessageFunctionToolCall.builder()
                                        .id("toolu_01T1x1fJ34qAmk2tNTrN7Up6")
                                        .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                                                .name("get_weather")
                                                .arguments("{\"location\":\"San Francisco, CA\"}")
                                                .build())
                                        .build())
                                .addToolCall(ChatCompletionMessageFunctionToolCall.builder()
                                        .id("toolu_01XyZtime00000000000000")
                                        .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                                                .name("get_time")
                                                .arguments("{\"timezone\":\"America/Los_Angeles\"}")
                                                .build())
                                        .build())
                                .build())
                        .addMessage(com.openai.models.chat.completions.ChatCompletionToolMessageParam.builder()
                                .toolCallId("toolu_01T1x1fJ34qAmk2tNTrN7Up6")
                                .content("15°C")
                                .build())
                        .addMessage(com.openai.models.chat.completions.ChatCompletionToolMessageParam.builder()
                                .toolCallId("toolu_01XyZtime00000000000000")
                                .content("09:41")
                                .build())
                        .build());
        assertThat(completion.choices().get(0).message().content()).contains("It is 15°C and 09:41.");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);

        JsonNode messages = upstream.takeRequest().bodyJson().path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).path("content").findValuesAsText("type")).containsExactly("tool_use", "tool_use");
        assertThat(messages.get(2))
                .isEqualTo(
                        MAPPER.readTree(
                                "{\"role\":\"user\",\"content\":["
                                        + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"content\":\"15°C\"},"
                                        + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_01XyZtime00000000000000\",\"content\":\"09:41\"}]}"));
    }

    @Test
    void aJsonSchemaResponseFormatComesBackAsJsonContent() throws Exception {
        upstream.enqueue(
                FakeAnthropic.message(
                        "{\"id\":\"msg_01Json\",\"type\":\"message\",\"role\":\"assistant\","
                                + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_01J\","
                                + "\"name\":\"weather_report\",\"input\":{\"city\":\"San Francisco\",\"celsius\":15}}],"
                                + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":80,\"output_tokens\":20}}"));
        ChatCompletion completion = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("claude-sonnet-4-5-20250929")
                        .addUserMessage("Weather in SF as JSON")
                        .responseFormat(ResponseFormatJsonSchema.builder()
                                .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                                        .name("weather_report")
                                        .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                                .putAdditionalProperty("type", JsonValue.from("object"))
                                                .putAdditionalProperty(
                                                        "properties",
                                                        JsonValue.from(Map.of(
                                                                "city",
                                                                Map.of("type", "string"),
                                                                "celsius",
                                                                Map.of("type", "number"))))
                                                .build())
                                        .build())
                                .build())
                        .build());
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(choice.message().toolCalls().orElse(List.of())).isEmpty();
        assertThat(MAPPER.readTree(choice.message().content().orElseThrow()))
                .isEqualTo(MAPPER.readTree("{\"city\":\"San Francisco\",\"celsius\":15}"));
        JsonNode body = upstream.takeRequest().bodyJson();
        assertThat(body.path("tool_choice"))
                .isEqualTo(MAPPER.readTree("{\"type\":\"tool\",\"name\":\"weather_report\"}"));
    }

    @Test
    void anErrorEventMidStreamIsRaisedByTheSdkNotTakenAsAnEnd() {
        upstream.enqueue(FakeAnthropic.stream(List.of(
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01Err\",\"type\":\"message\",\"role\":\"assistant\","
                        + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Partial\"}}",
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));
        List<ChatCompletionChunk> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
                    try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                            .completions()
                            .createStreaming(weatherParams().build())) {
                        stream.stream().forEach(seen::add);
                    }
                })
                .hasMessageContaining("Overloaded");
        assertThat(seen)
                .noneMatch(c ->
                        c.choices().stream().anyMatch(ch -> ch.finishReason().isPresent()));
    }

    @Test
    void anOverloaded529ReachesTheSdkAsARetryable503() {
        upstream.enqueue(FakeAnthropic.error(529, "overloaded_error", "Overloaded"));
        assertThatThrownBy(
                        () -> client.chat().completions().create(weatherParams().build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("Overloaded");
                });
    }

    /** Anthropic's documented cache example, reduced: a cache read and a cache write next to uncached input. */
    private static final String CACHED_MESSAGE = "{\"id\":\"msg_01Cache\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"Stateless.\"}],"
            + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":21,"
            + "\"cache_creation_input_tokens\":188,\"cache_read_input_tokens\":1500,\"output_tokens\":393}}";

    private static List<String> cachedStream() {
        return List.of(
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01Cache\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],"
                        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":21,"
                        + "\"cache_creation_input_tokens\":188,\"cache_read_input_tokens\":1500,\"output_tokens\":1}}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
                        + "\"text\":\"Stateless.\"}}",
                "{\"type\":\"content_block_stop\",\"index\":0}",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                        + "\"usage\":{\"output_tokens\":393}}",
                "{\"type\":\"message_stop\"}");
    }

    @Test
    // openai-java deprecates _additionalProperties(), its only way to read fields it does not model.
    @SuppressWarnings("deprecation")
    void cachedPromptTokensReachTheSdkAsPromptTokensDetailsWithNoAnthropicFieldsInStrictMode() {
        upstream.enqueue(FakeAnthropic.message(CACHED_MESSAGE));

        ChatCompletion completion =
                client.chat().completions().create(weatherParams().build());

        completion.validate(); // every field OpenAI's SDK requires is there (refusal and logprobs as null)
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice._logprobs().isNull()).as("logprobs: null").isTrue();
        assertThat(choice.message()._refusal().isNull()).as("refusal: null").isTrue();
        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).as("input + cache read + cache write").isEqualTo(21 + 1500 + 188);
        assertThat(usage.completionTokens()).isEqualTo(393);
        assertThat(usage.totalTokens()).isEqualTo(21 + 1500 + 188 + 393);
        CompletionUsage.PromptTokensDetails details =
                usage.promptTokensDetails().orElseThrow();
        assertThat(details.cachedTokens()).hasValue(1500L);
        assertThat(details.cacheWriteTokens()).hasValue(188L);
        assertThat(usage._additionalProperties()).isEmpty();
        assertThat(details._additionalProperties()).isEmpty();
    }

    @Test
    // openai-java deprecates _additionalProperties(), its only way to read fields it does not model.
    @SuppressWarnings("deprecation")
    void aStreamsUsageChunkCarriesTheCachedTokensTheSameWay() {
        upstream.enqueue(FakeAnthropic.stream(cachedStream()));
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        ChatCompletionStreamOptions withUsage =
                ChatCompletionStreamOptions.builder().includeUsage(true).build();

        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(weatherParams().streamOptions(withUsage).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        CompletionUsage usage = accumulator.chatCompletion().usage().orElseThrow();
        assertThat(usage.promptTokens()).isEqualTo(21 + 1500 + 188);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).hasValue(1500L);
        assertThat(usage.promptTokensDetails().orElseThrow().cacheWriteTokens()).hasValue(188L);
        assertThat(usage._additionalProperties()).isEmpty();
    }

    @Test
    // openai-java deprecates _additionalProperties(), its only way to read fields it does not model.
    @SuppressWarnings("deprecation")
    void withStrictComplianceOffAnthropicsOwnCacheCountsComeAlongAsExtras() {
        upstream.enqueue(FakeAnthropic.message(CACHED_MESSAGE));

        ChatCompletion completion = client.chat()
                .completions()
                .create(weatherParams()
                        .putAdditionalHeader("x-portkey-strict-open-ai-compliance", "false")
                        .build());

        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).hasValue(1500L);
        assertThat(usage._additionalProperties())
                .containsOnlyKeys("cache_read_input_tokens", "cache_creation_input_tokens");
        assertThat(usage._additionalProperties().get("cache_read_input_tokens")).isEqualTo(JsonValue.from(1500));
        assertThat(usage._additionalProperties().get("cache_creation_input_tokens"))
                .isEqualTo(JsonValue.from(188));
    }

    @Test
    void aToolCallAnswerMatchesOpenAisShapeWithContentRefusalAndLogprobsNull() throws Exception {
        upstream.enqueue(FakeAnthropic.message("{\"id\":\"msg_01Tool\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_01A\","
                + "\"name\":\"get_weather\",\"input\":{\"location\":\"San Francisco, CA\"}}],"
                + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":80,\"output_tokens\":20}}"));

        HttpResponse<String> res = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                                .header("content-type", "application/json")
                                .header("authorization", "Bearer sk-ant-e2e-key")
                                .header("x-portkey-provider", "anthropic")
                                .header("x-portkey-custom-host", upstream.baseUrl() + "/v1")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"model\":\"claude-sonnet-4-5-20250929\",\"messages\":"
                                                + "[{\"role\":\"user\",\"content\":\"Weather in SF?\"}]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        OpenApiContract.get().assertValidChatResponse(200, res.body());
        JsonNode choice = MAPPER.readTree(res.body()).path("choices").get(0);
        assertThat(choice.has("logprobs") && choice.get("logprobs").isNull())
                .as("logprobs: null")
                .isTrue();
        JsonNode message = choice.path("message");
        assertThat(message.has("content") && message.get("content").isNull())
                .as("content: null")
                .isTrue();
        assertThat(message.has("refusal") && message.get("refusal").isNull())
                .as("refusal: null")
                .isTrue();
        assertThat(message.path("tool_calls").get(0).path("id").asText()).isEqualTo("toolu_01A");
    }
}
