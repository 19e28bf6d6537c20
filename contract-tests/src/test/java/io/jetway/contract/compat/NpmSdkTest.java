package io.jetway.contract.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.NodeSdks;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code openai} and {@code portkey-ai} npm SDKs, pointed at the gateway as their READMEs say,
 * work unchanged: each test runs one scenario of {@code src/test/node/sdk.mjs} in {@code node}
 * against the in-process gateway and its fake OpenAI upstream, and checks what the SDK returned
 * and what reached the upstream. Skipped without Node.js and npm (failed in CI): see
 * {@link NodeSdks}.
 */
class NpmSdkTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PROVIDER_ERROR = "The server had an error while processing your request.";
    static NodeSdks sdks;
    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        sdks = NodeSdks.require();
        gw = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    @BeforeEach
    void reset() {
        gw.upstream().reset();
    }

    @Test
    void theOpenAiSdkGetsAChatCompletionAndTheProviderKeyReachesTheUpstream() {
        gw.upstream().enqueue(FakeResponse.chatCompletion("Hello!"));

        JsonNode result = sdks.run("openaiChat", gw);

        assertThat(result.path("content").asText()).as(result.toString()).isEqualTo("Hello!");
        assertThat(result.path("finishReason").asText()).isEqualTo("stop");
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + GatewayHarness.PROVIDER_KEY);
    }

    @Test
    void theOpenAiSdkAccumulatesAStreamIntoTheSameText() {
        gw.upstream().enqueue(FakeResponse.chatStream("Hel", "lo", "!"));

        JsonNode result = sdks.run("openaiStream", gw);

        assertThat(texts(result.path("pieces"))).as(result.toString()).containsExactly("Hel", "lo", "!");
        assertThat(result.path("accumulated").asText()).isEqualTo("Hello!");
        assertThat(result.path("finishReason").asText()).isEqualTo("stop");
        assertThat(gw.upstream().takeRequest().bodyJson().path("stream").asBoolean())
                .isTrue();
    }

    @Test
    void theOpenAiSdksCustomToolIsAcceptedAndForwardedAsSent() throws Exception {
        gw.upstream().enqueue(FakeResponse.chatCompletion("I would run SELECT 1."));

        JsonNode result = sdks.run("openaiCustomTool", gw);

        assertThat(result.path("content").asText()).as(result.toString()).isEqualTo("I would run SELECT 1.");
        JsonNode tools = gw.upstream().takeRequest().bodyJson().path("tools");
        assertThat(tools).isEqualTo(JSON.readTree("""
                [{"type":"custom","custom":{"name":"run_sql","description":"Runs one SQL query",
                  "format":{"type":"text"}}}]"""));
    }

    @Test
    void theOpenAiSdkRaisesTheUpstreamsErrorWithItsStatusAndMessage() {
        gw.upstream()
                .enqueue(FakeResponse.error(
                        429, "Rate limit reached for gpt-4o-mini.", "requests", "rate_limit_exceeded"));

        JsonNode error = sdks.run("openaiUpstreamError", gw).path("error");

        assertThat(error.path("name").asText()).as(error.toString()).isEqualTo("RateLimitError");
        assertThat(error.path("status").asInt()).isEqualTo(429);
        assertThat(error.path("message").asText()).contains("Rate limit reached for gpt-4o-mini.");
    }

    @Test
    void theOpenAiSdkRaisesTheErrorEventsMessageWhenAStreamBreaks() {
        gw.upstream()
                .enqueue(FakeResponse.sse(List.of(
                        "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
                                + "[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":null}]}",
                        "{\"error\":{\"message\":\"" + PROVIDER_ERROR + "\",\"type\":\"server_error\",\"param\":null,"
                                + "\"code\":null}}")));

        JsonNode result = sdks.run("openaiBrokenStream", gw);

        assertThat(texts(result.path("pieces"))).as(result.toString()).containsExactly("x");
        assertThat(result.path("error").path("message").asText()).contains(PROVIDER_ERROR);
    }

    @Test
    void thePortkeySdkGetsAChatCompletionWithItsProviderCustomHostAndKey() {
        gw.upstream().enqueue(FakeResponse.chatCompletion("Hello from Portkey's SDK!"));

        JsonNode result = sdks.run("portkeyChat", gw);

        assertThat(result.path("content").asText()).as(result.toString()).isEqualTo("Hello from Portkey's SDK!");
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + GatewayHarness.PROVIDER_KEY);
    }

    @Test
    void thePortkeySdksDocumentedVisionExampleIsAcceptedAndTheUpstreamGetsTheObjectForm() throws Exception {
        gw.upstream().enqueue(FakeResponse.chatCompletion("A cat."));

        JsonNode result = sdks.run("portkeyVision", gw);

        assertThat(result.path("content").asText()).as(result.toString()).isEqualTo("A cat.");
        JsonNode content = gw.upstream().takeRequest().bodyJson().at("/messages/0/content");
        assertThat(content).isEqualTo(JSON.readTree("""
                [{"type":"text","text":"What's in this image?"},
                 {"type":"image_url","image_url":{"url":"https://upload.wikimedia.org/cat.jpg"}}]"""));
    }

    private static List<String> texts(JsonNode array) {
        return array.valueStream().map(JsonNode::asText).toList();
    }
}
