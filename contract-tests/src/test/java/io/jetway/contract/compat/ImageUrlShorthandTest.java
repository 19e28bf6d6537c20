package io.jetway.contract.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Portkey's documented vision examples (Node and Python) send an image part's {@code image_url} as
 * the URL string itself. Every provider takes it as {@code {"url": <string>}}: OpenAI-format
 * providers get the object form (OpenAI's schema takes nothing else), translating providers map it
 * as they map the object form.
 */
class ImageUrlShorthandTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static GatewayHarness gw;

    /** As in Portkey's docs: {@code {"type": "image_url", "image_url": "https://…"}}. */
    static String request(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What's in this image?\"},"
                + "{\"type\":\"image_url\",\"image_url\": \"https://upload.wikimedia.org/cat.jpg\"}]}],"
                + "\"metadata\":{\"image_url\":\"kept as it is\"}}";
    }

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
    void theSpecAcceptsTheStringForm() {
        OpenApiContract.get()
                .assertValidRequest(
                        "POST", "/v1/chat/completions", request("gpt-4o"), Map.of("content-type", "application/json"));
    }

    @Test
    void openAiGetsTheObjectForm() throws Exception {
        gw.upstream().enqueue(FakeResponse.chatCompletion("A cat."));

        HttpResponse<String> response = gw.chat(request("gpt-4o")).send();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode sent = gw.upstream().takeRequest().bodyJson();
        JsonNode expected = JSON.readTree(request("gpt-4o")
                .replace(
                        "\"image_url\": \"https://upload.wikimedia.org/cat.jpg\"",
                        "\"image_url\":{\"url\":\"https://upload.wikimedia.org/cat.jpg\"}"));
        assertThat(sent).isEqualTo(expected);
        OpenApiContract.get()
                .assertValidRequest(
                        "POST",
                        "/v1/chat/completions",
                        JSON.writeValueAsString(sent),
                        Map.of("content-type", "application/json"));
    }

    @Test
    void anthropicGetsTheImageAsAUrlSource() {
        gw.upstream().enqueue(FakeResponse.json(200, """
                {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"A cat."}],"stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":5,"output_tokens":2}}"""));

        HttpResponse<String> response = gw.chat(request("claude-sonnet-4-5"))
                .header("x-portkey-provider", "anthropic")
                .send();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode image = gw.upstream().takeRequest().bodyJson().at("/messages/0/content/1");
        assertThat(image.path("type").asText()).isEqualTo("image");
        assertThat(image.at("/source/type").asText()).isEqualTo("url");
        assertThat(image.at("/source/url").asText()).isEqualTo("https://upload.wikimedia.org/cat.jpg");
    }

    @Test
    void geminiGetsTheImageAsAFile() {
        gw.upstream().enqueue(FakeResponse.json(200, """
                {"candidates":[{"content":{"parts":[{"text":"A cat."}],"role":"model"},"finishReason":"STOP",
                 "index":0}],"usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":2,"totalTokenCount":10},
                 "modelVersion":"gemini-2.5-flash"}"""));

        HttpResponse<String> response = gw.chat(request("gemini-2.5-flash"))
                .header("x-portkey-provider", "google")
                .header("authorization", "Bearer AIza-test")
                .header("x-portkey-custom-host", gw.upstream().baseUrl())
                .send();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode image = gw.upstream().takeRequest().bodyJson().at("/contents/0/parts/1");
        assertThat(image.at("/fileData/fileUri").asText()).isEqualTo("https://upload.wikimedia.org/cat.jpg");
    }
}
