package io.jetway.contract.messages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jetway.api.model.AnthropicCreateMessageRequest;
import io.jetway.api.model.AnthropicInputMessage;
import io.jetway.api.model.AnthropicMessage;
import io.jetway.client.ApiClient;
import io.jetway.client.api.MessagesApi;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/messages} against openapi.yaml both ways: what the gateway answers (messages native and
 * translated, every stream event, Anthropic-shaped errors) and what the generated client sends.
 */
class MessagesContractTest {

    static final OpenApiContract CONTRACT = OpenApiContract.get();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> EVENT_SCHEMAS = Map.of(
            "message_start",
            "AnthropicMessageStartEvent",
            "content_block_start",
            "AnthropicContentBlockStartEvent",
            "content_block_delta",
            "AnthropicContentBlockDeltaEvent",
            "content_block_stop",
            "AnthropicContentBlockStopEvent",
            "message_delta",
            "AnthropicMessageDeltaEvent",
            "message_stop",
            "AnthropicMessageStopEvent",
            "ping",
            "AnthropicPingEvent",
            "error",
            "AnthropicErrorResponse");
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

    private static GatewayHarness.Call messages(String body, String provider) {
        return gw.chat(body)
                .path("/v1/messages")
                .header("x-portkey-provider", provider)
                .header("x-portkey-custom-host", gw.upstream().baseUrl() + "/v1");
    }

    private static final String HELLO =
            "{\"model\":\"m\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\"," + "\"content\":\"Hi\"}]}";

    @Test
    void theValidatorRejectsMessagesAndErrorsThatBreakTheSchema() {
        assertThat(CONTRACT.problems("AnthropicMessage", "{\"type\":\"message\",\"content\":[]}"))
                .isNotEmpty();
        assertThat(CONTRACT.problems("AnthropicMessage", AnthropicWire.MESSAGE)).isEmpty();
        assertThat(CONTRACT.problems("AnthropicErrorResponse", "{\"error\":{\"message\":\"x\"}}"))
                .isNotEmpty();
    }

    @Test
    void nativeAndTranslatedMessagesAndErrorsMatchTheSchema() {
        gw.upstream()
                .enqueue(
                        FakeResponse.json(200, AnthropicWire.MESSAGE),
                        FakeResponse.toolCallCompletion("get_weather", "{\"location\":\"Paris\"}"),
                        FakeResponse.error(429, "Rate limit reached", "requests", "rate_limit_exceeded"),
                        AnthropicWire.error(401, "authentication_error", "invalid x-api-key"));

        HttpResponse<String> nativeAnswer = messages(HELLO, "anthropic").send();
        HttpResponse<String> translated = messages(HELLO, "openai").send();
        HttpResponse<String> limited = messages(HELLO, "openai").send();
        HttpResponse<String> unauthorized = messages(HELLO, "anthropic").send();

        for (HttpResponse<String> ok : List.of(nativeAnswer, translated)) {
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            CONTRACT.assertValidResponse("POST", "/v1/messages", 200, ok.body());
        }
        assertThat(limited.statusCode()).isEqualTo(429);
        CONTRACT.assertValidResponse("POST", "/v1/messages", 429, limited.body());
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        CONTRACT.assertValidResponse("POST", "/v1/messages", 401, unauthorized.body());
        for (HttpResponse<String> bad : List.of(
                messages("{", "openai").send(),
                messages("{\"model\":\"m\",\"messages\":[]}", "openai").send(),
                messages(
                                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}",
                                "openai")
                        .send(),
                gw.chat(HELLO)
                        .path("/v1/messages")
                        .without("x-portkey-provider")
                        .send())) {
            assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
            CONTRACT.assertValidResponse("POST", "/v1/messages", 400, bad.body());
        }
    }

    @Test
    void everyEventOfATranslatedStreamMatchesItsSchema() throws Exception {
        gw.upstream()
                .enqueue(FakeResponse.toolCallStream("get_weather", "{\"loc", "ation\":\"Paris\"}")
                        .withUsageChunk(10, 4));

        HttpResponse<String> answer = messages(
                        "{\"model\":\"m\",\"max_tokens\":64,\"stream\":true,\"messages\":"
                                + "[{\"role\":\"user\",\"content\":\"Weather?\"}]}",
                        "openai")
                .send();

        assertThat(answer.statusCode()).isEqualTo(200);
        int events = 0;
        for (String event : answer.body().split("\n\n")) {
            String type = event.substring("event: ".length(), event.indexOf('\n'));
            String data = event.substring(event.indexOf("\ndata: ") + 7);
            assertThat(MAPPER.readTree(data).path("type").asText()).isEqualTo(type);
            CONTRACT.assertValid(EVENT_SCHEMAS.get(type), data);
            events++;
        }
        assertThat(events).isEqualTo(7);
    }

    @Test
    void requestsTheGeneratedClientSendsMatchTheSchema() throws Exception {
        ApiClient direct = new ApiClient(
                HttpClient.newBuilder(),
                ApiClient.createDefaultObjectMapper(),
                gw.upstream().baseUrl());
        gw.upstream().enqueue(FakeResponse.json(200, AnthropicWire.MESSAGE));

        new MessagesApi(direct)
                .createMessage(
                        request(),
                        "2023-06-01",
                        "b-1",
                        "anthropic",
                        null,
                        null,
                        null,
                        null,
                        "t-1",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        30_000L,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null);

        RecordedRequest sent = gw.upstream().takeRequest();
        Map<String, String> headers = new LinkedHashMap<>();
        sent.headers().forEach((name, values) -> headers.put(name, values.getFirst()));
        CONTRACT.assertValidRequest("POST", "/v1/messages", sent.bodyText(), headers);
        assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
    }

    @Test
    void theGeneratedClientReadsTheGatewaysAnswers() throws Exception {
        ApiClient client = new ApiClient(HttpClient.newBuilder(), ApiClient.createDefaultObjectMapper(), gw.url());
        client.setRequestInterceptor(b -> b.header("x-api-key", GatewayHarness.PROVIDER_KEY));
        gw.upstream().enqueue(FakeResponse.chatCompletion("Hello from GPT").withUsage(7, 3));

        AnthropicMessage message = new MessagesApi(client)
                .createMessage(
                        request(),
                        null,
                        null,
                        "openai",
                        null,
                        null,
                        null,
                        gw.upstream().baseUrl() + "/v1",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null);

        assertThat(message.getContent()).hasSize(1);
        assertThat(message.getContent().getFirst().getText()).isEqualTo("Hello from GPT");
        assertThat(message.getUsage().getInputTokens()).isEqualTo(7L);
        assertThat(gw.upstream().takeRequest().header("authorization"))
                .isEqualTo("Bearer " + GatewayHarness.PROVIDER_KEY);
    }

    private static AnthropicCreateMessageRequest request() {
        JsonNode system = TextNode.valueOf("Be brief.");
        return new AnthropicCreateMessageRequest()
                .model("claude-sonnet-4-5")
                .maxTokens(64L)
                .system(system)
                .messages(List.of(new AnthropicInputMessage()
                        .role(AnthropicInputMessage.RoleEnum.USER)
                        .content(TextNode.valueOf("Hi"))));
    }
}
