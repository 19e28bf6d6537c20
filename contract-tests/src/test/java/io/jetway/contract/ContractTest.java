package io.jetway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.api.model.ChatCompletionImageUrl;
import io.jetway.api.model.ChatCompletionMessageToolCall;
import io.jetway.api.model.ChatCompletionRequestAssistantMessage;
import io.jetway.api.model.ChatCompletionRequestDeveloperMessage;
import io.jetway.api.model.ChatCompletionRequestFunctionMessage;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartAudio;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartAudioInputAudio;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartFile;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartFileFile;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartImage;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartText;
import io.jetway.api.model.ChatCompletionRequestSystemMessage;
import io.jetway.api.model.ChatCompletionRequestToolMessage;
import io.jetway.api.model.ChatCompletionRequestUserMessage;
import io.jetway.api.model.ChatCompletionStreamOptions;
import io.jetway.api.model.ChatCompletionTool;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.model.FunctionCall;
import io.jetway.api.model.FunctionObject;
import io.jetway.api.model.ResponseFormatJsonSchema;
import io.jetway.api.model.ResponseFormatJsonSchemaJsonSchema;
import io.jetway.api.types.MessageContent;
import io.jetway.api.types.Stop;
import io.jetway.api.types.ToolChoice;
import io.jetway.client.sdk.Jetway;
import io.jetway.client.sdk.PortkeyOptions;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import io.jetway.contract.support.Sse;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the server produces and what the generated client sends, checked against openapi.yaml:
 * answers, every stream chunk, every error body, and rich requests covering each message role,
 * content part, tools and response formats.
 */
class ContractTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final OpenApiContract CONTRACT = OpenApiContract.get();
    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @BeforeEach
    void reset() {
        gw.upstream().reset();
    }

    @Test
    void theValidatorRejectsAnswersThatBreakTheSchema() {
        assertThat(CONTRACT.problems("CreateChatCompletionResponse", "{\"id\":\"x\",\"object\":\"chat.completion\"}"))
                .isNotEmpty();
        assertThat(
                        CONTRACT.problems(
                                "CreateChatCompletionStreamResponse",
                                "{\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0}]}"))
                .isNotEmpty();
        assertThat(CONTRACT.problems("ErrorResponse", "{\"error\":{\"type\":\"x\"}}"))
                .isNotEmpty();
    }

    @Test
    void theValidatorRequiresOpenAisRequiredNullableFieldsInAnswersAndChunks() {
        String answer = "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{"
                + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":null,\"tool_calls\":[{"
                + "\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
                + "\"logprobs\":null,\"finish_reason\":\"tool_calls\"}]}";
        assertThat(CONTRACT.problems("CreateChatCompletionResponse", answer)).isEmpty();
        assertThat(CONTRACT.problems("CreateChatCompletionResponse", answer.replace("\"content\":null,", "")))
                .as("content omitted")
                .isNotEmpty();
        assertThat(CONTRACT.problems("CreateChatCompletionResponse", answer.replace("\"refusal\":null,", "")))
                .as("refusal omitted")
                .isNotEmpty();
        assertThat(CONTRACT.problems("CreateChatCompletionResponse", answer.replace("\"logprobs\":null,", "")))
                .as("logprobs omitted")
                .isNotEmpty();
        assertThat(CONTRACT.problems(
                        "CreateChatCompletionResponse",
                        answer.replace("\"logprobs\":null", "\"logprobs\":{\"content\":[]}")))
                .as("logprobs.refusal omitted")
                .isNotEmpty();

        String chunk = "{\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{"
                + "\"index\":0,\"delta\":{\"content\":\"Hi\"},\"logprobs\":null,\"finish_reason\":null}]}";
        assertThat(CONTRACT.problems("CreateChatCompletionStreamResponse", chunk))
                .isEmpty();
        String withoutFinishReason = chunk.replace(",\"finish_reason\":null", "");
        assertThat(CONTRACT.problems("CreateChatCompletionStreamResponse", withoutFinishReason))
                .as("finish_reason omitted")
                .isNotEmpty();
    }

    @Test
    void completionsAndToolCallAnswersMatchTheSchema() {
        gw.upstream()
                .enqueue(
                        FakeResponse.chatCompletion("Hi there"),
                        FakeResponse.toolCallCompletion("lookup", "{\"q\":\"x\"}"));

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> res = gw.chat(OpenAiPassthroughTest.SIMPLE).send();
            assertThat(res.statusCode()).isEqualTo(200);
            CONTRACT.assertValidChatResponse(200, res.body());
        }
    }

    @Test
    void everyStreamChunkMatchesTheSchema() {
        gw.upstream()
                .enqueue(
                        FakeResponse.chatStream("a", "b").withUsageChunk(5, 2),
                        FakeResponse.toolCallStream("lookup", "{\"q\"", ":1}"));

        for (int i = 0; i < 2; i++) {
            List<String> data = Sse.data(gw.chat(StreamingTest.STREAM).open().body());
            assertThat(data).last().isEqualTo("[DONE]");
            data.subList(0, data.size() - 1).forEach(CONTRACT::assertValidStreamPayload);
        }
    }

    @Test
    void everyErrorBodyMatchesTheSchema() {
        gw.upstream().enqueue(FakeResponse.error(400, "bad", "invalid_request_error", null));
        List<HttpResponse<String>> errors = List.of(
                gw.chat("{").send(),
                gw.chat("{\"messages\":[]}").send(),
                gw.chat(OpenAiPassthroughTest.SIMPLE)
                        .without("x-portkey-provider")
                        .send(),
                gw.chat(OpenAiPassthroughTest.SIMPLE).send(),
                gw.raw("DELETE", "/v1/chat/completions", null).send());
        for (HttpResponse<String> res : errors) {
            assertThat(res.statusCode()).isBetween(400, 499);
            CONTRACT.assertValidChatResponse(res.statusCode(), res.body());
        }
    }

    @Test
    // Tests the hand-written client, deprecated for the generated one but still shipped.
    @SuppressWarnings("deprecation")
    void requestsTheGeneratedClientSendsMatchTheSchema() {
        // The client talks straight to a recording fake here, to capture exactly what it sends.
        Jetway direct = Jetway.builder()
                .baseUrl(gw.upstream().baseUrl())
                .options(PortkeyOptions.builder()
                        .provider("openai")
                        .providerKey("sk-x")
                        .traceId("t-1")
                        .metadata("env", "test")
                        .requestTimeoutMs(30_000)
                        .strictOpenAiCompliance(false)
                        .build())
                .build();

        direct.chat(richRequest());

        CONTRACT.assertValidChatRequest(gw.upstream().takeRequest());
    }

    @Test
    void aRichRequestGoesThroughTheGatewayUnchanged() throws Exception {
        CreateChatCompletionRequest request = richRequest();
        String body = JSON.writeValueAsString(request);

        HttpResponse<String> res = gw.chat(body).send();

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(gw.upstream().takeRequest().bodyText()).isEqualTo(body);
    }

    /** Every message role, every user content part, tools, a named tool choice, json_schema, stop, stream options. */
    // Deprecated in OpenAI's spec (functions, the function role, user, seed), still sent by callers.
    @SuppressWarnings("deprecation")
    static CreateChatCompletionRequest richRequest() {
        var schema = JSON.createObjectNode().put("type", "object");
        schema.putObject("properties").putObject("city").put("type", "string");
        return new CreateChatCompletionRequest()
                .model("gpt-4o")
                .messages(List.of(
                        new ChatCompletionRequestSystemMessage().role("system").content(MessageContent.of("Be brief.")),
                        new ChatCompletionRequestDeveloperMessage()
                                .role("developer")
                                .content(MessageContent.of(List.of(new ChatCompletionRequestMessageContentPartText()
                                        .type("text")
                                        .text("Answer in JSON.")))),
                        new ChatCompletionRequestUserMessage()
                                .role("user")
                                .name("ana")
                                .content(MessageContent.of(List.of(
                                        new ChatCompletionRequestMessageContentPartText()
                                                .type("text")
                                                .text("What is this?"),
                                        new ChatCompletionRequestMessageContentPartImage()
                                                .type("image_url")
                                                .imageUrl(new ChatCompletionImageUrl()
                                                        .url("data:image/png;base64,iVBORw0KGgo=")
                                                        .detail("high")),
                                        new ChatCompletionRequestMessageContentPartAudio()
                                                .type("input_audio")
                                                .inputAudio(new ChatCompletionRequestMessageContentPartAudioInputAudio()
                                                        .data("UklGRg==")
                                                        .format("wav")),
                                        new ChatCompletionRequestMessageContentPartFile()
                                                .type("file")
                                                ._file(new ChatCompletionRequestMessageContentPartFileFile()
                                                        .filename("a.pdf")
                                                        .fileData("data:application/pdf;base64,JVBERi0="))))),
                        new ChatCompletionRequestAssistantMessage()
                                .role("assistant")
                                .toolCalls(List.of(new ChatCompletionMessageToolCall()
                                        .id("call_1")
                                        .type("function")
                                        .function(new FunctionCall()
                                                .name("weather")
                                                .arguments("{\"city\":\"Paris\"}")))),
                        new ChatCompletionRequestToolMessage()
                                .role("tool")
                                .toolCallId("call_1")
                                .content(MessageContent.of("sunny")),
                        new ChatCompletionRequestFunctionMessage()
                                .role("function")
                                .name("legacy")
                                .content("ok")))
                .tools(List.of(new ChatCompletionTool()
                        .type("function")
                        .function(new FunctionObject()
                                .name("weather")
                                .description("Weather by city")
                                .parameters(schema))))
                .toolChoice(ToolChoice.function("weather"))
                .responseFormat(new ResponseFormatJsonSchema()
                        .type("json_schema")
                        .jsonSchema(new ResponseFormatJsonSchemaJsonSchema()
                                .name("answer")
                                .schema(schema)
                                .strict(true)))
                .stop(Stop.of(List.of("END", "STOP")))
                .temperature(0.3)
                .maxCompletionTokens(200)
                .logitBias(Map.of("50256", -100))
                .seed(7L)
                .streamOptions(new ChatCompletionStreamOptions().includeUsage(true))
                .user("user-1");
    }
}
