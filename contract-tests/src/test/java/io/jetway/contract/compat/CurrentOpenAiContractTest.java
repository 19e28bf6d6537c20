package io.jetway.contract.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAllowedToolChoice;
import com.openai.models.chat.completions.ChatCompletionAllowedTools;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionAudioParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionCustomTool;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageCustomToolCall;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoiceCustom;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import io.jetway.contract.support.Sse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests built with the current official OpenAI Java SDK, using what OpenAI added to Chat
 * Completions lately (custom tools, {@code allowed_tools}, custom tool calls, custom voices, web
 * search, moderation, prompt-cache options …): accepted, forwarded to OpenAI as the SDK wrote them,
 * and valid against openapi.yaml, as are OpenAI's answers and chunks that carry the new fields.
 */
class CurrentOpenAiContractTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final OpenApiContract CONTRACT = OpenApiContract.get();
    static GatewayHarness gw;
    static OpenAIClient openai;

    /** OpenAI's answer to a custom tool: a custom tool call, with the newest usage details. */
    static final String CUSTOM_TOOL_CALL_ANSWER = """
            {"id":"chatcmpl-custom-1","object":"chat.completion","created":1767225600,"model":"gpt-5",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,
               "tool_calls":[{"id":"call_sql_1","type":"custom","custom":{"name":"run_sql","input":"SELECT 1"}}],
               "annotations":[]},"logprobs":null,"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":42,"completion_tokens":9,"total_tokens":51,
               "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0,"text_tokens":42,"image_tokens":0,
                 "cache_write_tokens":0},
               "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,
                 "rejected_prediction_tokens":0,"text_tokens":9}},
             "service_tier":"default","system_fingerprint":null,"moderation":null}""";

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start();
        openai = OpenAIOkHttpClient.builder()
                .baseUrl(gw.url() + "/v1")
                .apiKey(GatewayHarness.PROVIDER_KEY)
                .putHeader("x-portkey-provider", "openai")
                .putHeader("x-portkey-custom-host", gw.upstreamV1())
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

    static ChatCompletionCustomTool sqlTool() {
        return ChatCompletionCustomTool.builder()
                .custom(ChatCompletionCustomTool.Custom.builder()
                        .name("run_sql")
                        .description("Runs one read-only SQL query.")
                        .grammarFormat(ChatCompletionCustomTool.Custom.Format.Grammar.InnerGrammar.builder()
                                .definition("start: \"SELECT \" /[^;]+/")
                                .syntax(ChatCompletionCustomTool.Custom.Format.Grammar.InnerGrammar.Syntax.LARK)
                                .build())
                        .build())
                .build();
    }

    static ChatCompletionFunctionTool weatherTool() {
        return ChatCompletionFunctionTool.builder()
                .function(FunctionDefinition.builder().name("get_weather").build())
                .build();
    }

    /** What reached the fake OpenAI is what the SDK serialised, and it matches openapi.yaml. */
    static RecordedRequest assertForwardedAsSent(ChatCompletionCreateParams params) throws Exception {
        return assertForwardedAsSent(params, false);
    }

    /** As above; a streaming call's body also has the {@code "stream": true} the SDK adds. */
    static RecordedRequest assertForwardedAsSent(ChatCompletionCreateParams params, boolean streaming)
            throws Exception {
        RecordedRequest sent = gw.upstream().takeRequest();
        ObjectNode sdkBody =
                (ObjectNode) JSON.readTree(ObjectMappers.jsonMapper().writeValueAsBytes(params._body()));
        if (streaming) {
            sdkBody.put("stream", true);
        }
        assertThat(sent.bodyJson()).isEqualTo(sdkBody);
        CONTRACT.assertValidChatRequest(sent);
        return sent;
    }

    @Test
    void customToolsAndACustomToolChoiceAreForwardedAndTheCustomToolCallComesBack() throws Exception {
        gw.upstream().enqueue(FakeResponse.json(200, CUSTOM_TOOL_CALL_ANSWER));
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-5")
                .addUserMessage("How many users signed up today?")
                .addTool(sqlTool())
                .addTool(weatherTool())
                .toolChoice(ChatCompletionToolChoiceOption.ofNamedToolChoiceCustom(
                        ChatCompletionNamedToolChoiceCustom.builder()
                                .custom(ChatCompletionNamedToolChoiceCustom.Custom.builder()
                                        .name("run_sql")
                                        .build())
                                .build()))
                .build();

        ChatCompletion completion = openai.chat().completions().create(params);

        ChatCompletionMessageCustomToolCall call = completion
                .choices()
                .getFirst()
                .message()
                .toolCalls()
                .orElseThrow()
                .getFirst()
                .asCustom();
        assertThat(call.custom().name()).isEqualTo("run_sql");
        assertThat(call.custom().input()).isEqualTo("SELECT 1");
        JsonNode sent = assertForwardedAsSent(params).bodyJson();
        assertThat(sent.at("/tools/0/type").asText()).isEqualTo("custom");
        assertThat(sent.at("/tools/0/custom/format/grammar/syntax").asText()).isEqualTo("lark");
        assertThat(sent.at("/tool_choice/custom/name").asText()).isEqualTo("run_sql");
        CONTRACT.assertValidChatResponse(200, CUSTOM_TOOL_CALL_ANSWER);
    }

    @Test
    void allowedToolsAndACustomToolCallInTheHistoryAreForwarded() throws Exception {
        gw.upstream().enqueue(FakeResponse.chatCompletion("12 users."));
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-5")
                .addUserMessage("How many users signed up today?")
                .addMessage(ChatCompletionAssistantMessageParam.builder()
                        .addToolCall(ChatCompletionMessageCustomToolCall.builder()
                                .id("call_sql_1")
                                .custom(ChatCompletionMessageCustomToolCall.Custom.builder()
                                        .name("run_sql")
                                        .input("SELECT count(*) FROM users")
                                        .build())
                                .build())
                        .build())
                .addMessage(ChatCompletionToolMessageParam.builder()
                        .toolCallId("call_sql_1")
                        .content("12")
                        .build())
                .addTool(sqlTool())
                .addTool(weatherTool())
                .toolChoice(ChatCompletionToolChoiceOption.ofAllowedToolChoice(ChatCompletionAllowedToolChoice.builder()
                        .allowedTools(ChatCompletionAllowedTools.builder()
                                .mode(ChatCompletionAllowedTools.Mode.AUTO)
                                .addTool(ChatCompletionAllowedTools.Tool.builder()
                                        .putAdditionalProperty("type", JsonValue.from("custom"))
                                        .putAdditionalProperty("custom", JsonValue.from(Map.of("name", "run_sql")))
                                        .build())
                                .build())
                        .build()))
                .build();

        ChatCompletion completion = openai.chat().completions().create(params);

        assertThat(completion.choices().getFirst().message().content()).hasValue("12 users.");
        JsonNode sent = assertForwardedAsSent(params).bodyJson();
        assertThat(sent.at("/messages/1/tool_calls/0/type").asText()).isEqualTo("custom");
        assertThat(sent.at("/tool_choice/type").asText()).isEqualTo("allowed_tools");
    }

    @Test
    // Deprecated in the OpenAI SDK, still accepted by the API: the contract covers it.
    @SuppressWarnings("deprecation")
    void aCustomVoiceWebSearchModerationAndPromptCacheOptionsAreForwarded() throws Exception {
        gw.upstream().enqueue(FakeResponse.chatCompletion("Hello!"));
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-5")
                .addUserMessageOfArrayOfContentParts(
                        List.of(ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder()
                                .text("A long, reused preamble.")
                                .promptCacheBreakpoint(ChatCompletionContentPartText.PromptCacheBreakpoint.builder()
                                        .build())
                                .build())))
                .audio(ChatCompletionAudioParam.builder()
                        .voice(ChatCompletionAudioParam.Voice.Id.builder()
                                .id("voice_1234")
                                .build())
                        .format(ChatCompletionAudioParam.Format.MP3)
                        .build())
                .webSearchOptions(ChatCompletionCreateParams.WebSearchOptions.builder()
                        .searchContextSize(ChatCompletionCreateParams.WebSearchOptions.SearchContextSize.LOW)
                        .userLocation(ChatCompletionCreateParams.WebSearchOptions.UserLocation.builder()
                                .approximate(
                                        ChatCompletionCreateParams.WebSearchOptions.UserLocation.Approximate.builder()
                                                .country("FR")
                                                .city("Paris")
                                                .timezone("Europe/Paris")
                                                .build())
                                .build())
                        .build())
                .moderation(ChatCompletionCreateParams.Moderation.builder()
                        .model("omni-moderation-latest")
                        .build())
                .promptCacheKey("tenant-42")
                .promptCacheRetention(ChatCompletionCreateParams.PromptCacheRetention._24H)
                .promptCacheOptions(ChatCompletionCreateParams.PromptCacheOptions.builder()
                        .mode(ChatCompletionCreateParams.PromptCacheOptions.Mode.EXPLICIT)
                        .ttl(ChatCompletionCreateParams.PromptCacheOptions.Ttl._30M)
                        .build())
                .safetyIdentifier("user-hash-1")
                .build();

        ChatCompletion completion = openai.chat().completions().create(params);

        assertThat(completion.choices().getFirst().message().content()).hasValue("Hello!");
        JsonNode sent = assertForwardedAsSent(params).bodyJson();
        assertThat(sent.at("/audio/voice/id").asText()).isEqualTo("voice_1234");
        assertThat(sent.at("/web_search_options/user_location/approximate/city").asText())
                .isEqualTo("Paris");
        assertThat(sent.at("/moderation/model").asText()).isEqualTo("omni-moderation-latest");
        assertThat(sent.at("/prompt_cache_options/ttl").asText()).isEqualTo("30m");
        assertThat(sent.at("/messages/0/content/0/prompt_cache_breakpoint/mode").asText())
                .isEqualTo("explicit");
    }

    @Test
    void chunksWithObfuscationAndTheNewUsageDetailsStreamThroughUnchangedAndMatchTheSpec() throws Exception {
        List<String> chunks = List.of(
                "{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,\"model\":\"gpt-5\","
                        + "\"service_tier\":\"default\",\"system_fingerprint\":null,\"choices\":[{\"index\":0,\"delta\":"
                        + "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,"
                        + "\"finish_reason\":null}],\"obfuscation\":\"Xq3v\"}",
                "{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,\"model\":\"gpt-5\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"logprobs\":null,"
                        + "\"finish_reason\":null}],\"obfuscation\":\"9\",\"some_future_field\":{\"a\":1}}",
                "{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,\"model\":\"gpt-5\","
                        + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                        + "\"obfuscation\":\"kQ\"}",
                "{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,\"model\":\"gpt-5\","
                        + "\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"text_tokens\":5,\"image_tokens\":0,"
                        + "\"cache_write_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,"
                        + "\"text_tokens\":1}},\"obfuscation\":\"Zr\"}");
        gw.upstream().enqueue(FakeResponse.sse(chunks));
        List<ChatCompletionChunk> received = new ArrayList<>();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-5")
                .addUserMessage("Hi")
                .streamOptions(ChatCompletionStreamOptions.builder()
                        .includeUsage(true)
                        .includeObfuscation(true)
                        .build())
                .build();

        try (StreamResponse<ChatCompletionChunk> stream =
                openai.chat().completions().createStreaming(params)) {
            stream.stream().forEach(received::add);
        }

        assertThat(received).extracting(c -> c.obfuscation().orElse(null)).containsExactly("Xq3v", "9", "kQ", "Zr");
        assertThat(received.getLast()
                        .usage()
                        .orElseThrow()
                        .promptTokensDetails()
                        .orElseThrow()
                        .cachedTokens())
                .hasValue(0L);
        assertForwardedAsSent(params, true);
        for (String chunk : chunks) {
            if (!chunk.contains("some_future_field")) { // the spec's schemas are closed: that one is checked below
                CONTRACT.assertValidStreamPayload(chunk);
            }
        }
        gw.upstream().enqueue(FakeResponse.sse(chunks));
        // Asking for the usage chunk, as OpenAI sends it only then (unasked, the gateway takes it out).
        List<String> relayed = Sse.data(gw.chat("{\"model\":\"gpt-5\",\"stream\":true,\"stream_options\":"
                        + "{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .open()
                .body());
        assertThat(relayed.subList(0, chunks.size()))
                .as("relayed byte for byte, unknown fields included")
                .containsExactlyElementsOf(chunks);
    }
}
