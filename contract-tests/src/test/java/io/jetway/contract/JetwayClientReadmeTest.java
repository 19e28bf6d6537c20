package io.jetway.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.client.examples.ReadmeExamples;
import io.jetway.client.sdk.ChatCompletion;
import io.jetway.client.sdk.ChatRequest;
import io.jetway.client.sdk.InternalServerException;
import io.jetway.client.sdk.JetwayClient;
import io.jetway.client.sdk.JetwayStreamException;
import io.jetway.client.sdk.PortkeyOptions;
import io.jetway.client.sdk.RawResponse;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** client/README.md's five tasks through Jetway's Java client against the running gateway and fake providers. */
class JetwayClientReadmeTest {

    static GatewayHarness gw;
    static JetwayClient client;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start();
        client = ReadmeExamples.create(gw.url(), GatewayHarness.PROVIDER_KEY)
                .withOptions(
                        PortkeyOptions.builder().customHost(gw.upstreamV1()).build());
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
    void plainChat() {
        gw.upstream().enqueue(FakeResponse.chatCompletion("Paris"));

        assertThat(ReadmeExamples.plainChat(client)).isEqualTo("Paris");
        assertThat(gw.upstream().takeRequest().header("authorization"))
                .isEqualTo("Bearer " + GatewayHarness.PROVIDER_KEY);
    }

    @Test
    void streamWithItsUsageChunk() {
        gw.upstream()
                .enqueue(FakeResponse.chatStream("Once", " upon", " a time").withUsageChunk(4, 3));
        List<String> printed = new ArrayList<>();

        ChatCompletion whole = ReadmeExamples.stream(client, printed::add);

        assertThat(String.join("", printed)).isEqualTo("Once upon a time");
        assertThat(whole.content()).isEqualTo("Once upon a time");
        assertThat(whole.finishReason()).isEqualTo("stop");
        assertThat(whole.usage().getTotalTokens()).isEqualTo(7);
        assertThat(gw.upstream()
                        .takeRequest()
                        .bodyJson()
                        .get("stream_options")
                        .get("include_usage")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void toolCallAndSecondTurn() {
        gw.upstream().enqueue(FakeResponse.toolCallCompletion("GetWeather", "{\"city\":\"Paris\"}"));
        gw.upstream().enqueue(FakeResponse.chatCompletion("21 degrees in Paris"));

        assertThat(ReadmeExamples.toolCall(client)).isEqualTo("21 degrees in Paris");

        JsonNode tool =
                gw.upstream().takeRequest().bodyJson().get("tools").get(0).get("function");
        assertThat(tool.get("name").asText()).isEqualTo("GetWeather");
        assertThat(tool.get("parameters").get("required").get(0).asText()).isEqualTo("city");
        JsonNode messages = gw.upstream().takeRequest().bodyJson().get("messages");
        String callId = messages.get(1).get("tool_calls").get(0).get("id").asText();
        assertThat(messages.get(2).get("tool_call_id").asText()).isEqualTo(callId);
        assertThat(messages.get(2).get("content").asText()).isEqualTo(ReadmeExamples.weatherIn("Paris"));
    }

    @Test
    void structuredOutput() {
        gw.upstream()
                .enqueue(FakeResponse.chatCompletion(
                        "{\"name\":\"Paris\",\"country\":\"France\",\"population\":2100000}"));

        assertThat(ReadmeExamples.structuredOutput(client))
                .isEqualTo(new ReadmeExamples.City("Paris", "France", 2_100_000));
        JsonNode format = gw.upstream().takeRequest().bodyJson().get("response_format");
        assertThat(format.get("type").asText()).isEqualTo("json_schema");
        assertThat(format.get("json_schema").get("schema").get("properties").has("population"))
                .isTrue();
    }

    @Test
    void errorsKeepTheProvidersStatusTypeAndCode() {
        JetwayClient once = JetwayClient.builder()
                .baseUrl(gw.url())
                .maxRetries(0)
                .options(PortkeyOptions.builder()
                        .provider("openai")
                        .providerKey(GatewayHarness.PROVIDER_KEY)
                        .customHost(gw.upstreamV1())
                        .build())
                .build();
        gw.upstream()
                .enqueue(FakeResponse.error(
                        400, "Invalid value for temperature", "invalid_request_error", "invalid_value"));

        assertThat(ReadmeExamples.errors(once))
                .startsWith("400 invalid_request_error/invalid_value on ")
                .endsWith(": Invalid value for temperature");
    }

    @Test
    void aProvidersPassing503IsRetriedByTheClientAndTheTraceIdComesBack() {
        List<Duration> pauses = new CopyOnWriteArrayList<>();
        JetwayClient retrying = JetwayClient.builder()
                .baseUrl(gw.url())
                .sleeper(pauses::add)
                .options(PortkeyOptions.builder()
                        .provider("openai")
                        .providerKey(GatewayHarness.PROVIDER_KEY)
                        .customHost(gw.upstreamV1())
                        .build())
                .build();
        gw.upstream().enqueue(FakeResponse.error(503, "overloaded", "server_error", null));
        gw.upstream().enqueue(FakeResponse.chatCompletion("back"));

        RawResponse<ChatCompletion> raw = ReadmeExamples.raw(retrying);

        assertThat(raw.value().content()).isEqualTo("back");
        assertThat(raw.retries()).isEqualTo(1);
        assertThat(raw.traceId()).isEqualTo("checkout-42");
        assertThat(pauses).hasSize(1);
    }

    @Test
    void aPersistentProviderErrorEndsInTheTypedExceptionWithTheTraceId() {
        JetwayClient retrying = JetwayClient.builder()
                .baseUrl(gw.url())
                .sleeper(d -> {})
                .options(PortkeyOptions.builder()
                        .provider("openai")
                        .providerKey(GatewayHarness.PROVIDER_KEY)
                        .customHost(gw.upstreamV1())
                        .traceId("t-503")
                        .build())
                .build();
        for (int i = 0; i < 3; i++) {
            gw.upstream().enqueue(FakeResponse.error(503, "overloaded", "server_error", null));
        }

        assertThatThrownBy(() -> retrying.chat(ChatRequest.builder()
                        .model("gpt-4o-mini")
                        .addUserMessage("Hi")
                        .build()))
                .isInstanceOf(InternalServerException.class)
                .satisfies(e -> {
                    InternalServerException s = (InternalServerException) e;
                    assertThat(s.status()).isEqualTo(503);
                    assertThat(s.errorMessage()).isEqualTo("overloaded");
                    assertThat(s.traceId()).isEqualTo("t-503");
                });
    }

    @Test
    void aStreamBrokenMidwayThrowsAStreamException() {
        gw.upstream().enqueue(FakeResponse.chatStream("a", "b", "c").dropAfter(2));

        assertThatThrownBy(() -> ReadmeExamples.stream(client, s -> {}))
                .isInstanceOf(JetwayStreamException.class)
                .satisfies(e ->
                        assertThat(((JetwayStreamException) e).getMessage()).isNotBlank());
    }
}
