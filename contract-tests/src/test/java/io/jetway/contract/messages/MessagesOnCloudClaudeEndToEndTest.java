package io.jetway.contract.messages;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/messages} natively to Claude on Vertex AI ({@code rawPredict} /
 * {@code streamRawPredict}) and on Bedrock ({@code InvokeModel} / {@code InvokeModelWithResponseStream},
 * event-stream frames encoded here independently of the gateway's decoder), through Anthropic's SDK,
 * over real sockets to a fake upstream.
 */
class MessagesOnCloudClaudeEndToEndTest {

    private static GatewayHarness gw;

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

    private static AnthropicClient vertex() {
        return AnthropicOkHttpClient.builder()
                .baseUrl(gw.url())
                .apiKey("ya29.e2e-access-token")
                .putHeader("x-portkey-provider", "vertex-ai")
                .putHeader("x-portkey-vertex-project-id", "my-project")
                .putHeader("x-portkey-vertex-region", "us-east5")
                .putHeader("x-portkey-custom-host", gw.upstream().baseUrl())
                .maxRetries(0)
                .build();
    }

    private static AnthropicClient bedrock() {
        return AnthropicOkHttpClient.builder()
                .baseUrl(gw.url())
                .apiKey("unused-by-bedrock")
                .putHeader("x-portkey-provider", "bedrock")
                .putHeader("x-portkey-custom-host", gw.upstream().baseUrl())
                .putHeader("x-portkey-aws-access-key-id", "AKIDEXAMPLE")
                .putHeader("x-portkey-aws-secret-access-key", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
                .putHeader("x-portkey-aws-region", "us-west-2")
                .maxRetries(0)
                .build();
    }

    private static MessageCreateParams hello(String model) {
        return MessageCreateParams.builder()
                .model(model)
                .maxTokens(1024)
                .addUserMessage("Hello, Claude")
                .build();
    }

    private static Message accumulate(AnthropicClient client, MessageCreateParams params) {
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            MessageAccumulator accumulator = MessageAccumulator.create();
            stream.stream().forEach(accumulator::accumulate);
            return accumulator.message();
        } finally {
            client.close();
        }
    }

    @Test
    void aMessageToClaudeOnVertexGoesToRawPredictWithVertexsVersionInTheBody() {
        gw.upstream().enqueue(FakeResponse.json(200, AnthropicWire.MESSAGE));

        AnthropicClient client = vertex();
        Message message = client.messages().create(hello("claude-sonnet-4-5@20250929"));
        client.close();

        assertThat(message.content().getFirst().text().orElseThrow().text()).isEqualTo("Hi! My name is Claude.");
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.path())
                .isEqualTo("/v1/projects/my-project/locations/us-east5/publishers/anthropic/models/"
                        + "claude-sonnet-4-5@20250929:rawPredict");
        assertThat(sent.header("authorization")).isEqualTo("Bearer ya29.e2e-access-token");
        assertThat(sent.header("x-api-key")).isNull();
        JsonNode body = sent.bodyJson();
        assertThat(body.has("model")).isFalse();
        assertThat(body.path("anthropic_version").asText()).isEqualTo("vertex-2023-10-16");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(1024);
    }

    @Test
    void aStreamFromClaudeOnVertexIsRelayedAndAccumulatesToItsMessage() {
        gw.upstream().enqueue(AnthropicWire.stream(AnthropicWire.TOOL_STREAM));

        Message message = accumulate(vertex(), hello("claude-sonnet-4-5@20250929"));

        assertThat(gw.upstream().takeRequest().path()).endsWith(":streamRawPredict");
        assertThat(message.content().get(1).toolUse().orElseThrow()._input().convert(Object.class))
                .isEqualTo(Map.of("location", "San Francisco, CA"));
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
    }

    @Test
    void aMessageToClaudeOnBedrockGoesToInvokeModelSignedWithBedrocksVersionInTheBody() {
        gw.upstream().enqueue(FakeResponse.json(200, AnthropicWire.MESSAGE));

        AnthropicClient client = bedrock();
        Message message = client.messages().create(hello("us.anthropic.claude-sonnet-4-5-20250929-v1:0"));
        client.close();

        assertThat(message.usage().outputTokens()).isEqualTo(503);
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.path()).isEqualTo("/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke");
        assertThat(sent.header("authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/us-west-2/bedrock/aws4_request");
        JsonNode body = sent.bodyJson();
        assertThat(body.has("model")).isFalse();
        assertThat(body.has("stream")).isFalse();
        assertThat(body.path("anthropic_version").asText()).isEqualTo("bedrock-2023-05-31");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("Hello, Claude");
    }

    @Test
    void aBedrockEventStreamIsDecodedAndRelayedAsAnthropicsEvents() {
        List<byte[]> frames = new ArrayList<>();
        for (String event : AnthropicWire.TOOL_STREAM) {
            frames.add(chunk(event));
        }
        byte[] all = concat(frames);
        // Split across HTTP chunks at odd places: frames arrive in pieces.
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0; i < all.length; i += 97) {
            pieces.add(java.util.Arrays.copyOfRange(all, i, Math.min(all.length, i + 97)));
        }
        gw.upstream().enqueue(FakeResponse.chunked(200, "application/vnd.amazon.eventstream", pieces));

        Message message = accumulate(bedrock(), hello("anthropic.claude-3-5-haiku-20241022-v1:0"));

        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.path())
                .isEqualTo("/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/invoke-with-response-stream");
        assertThat(sent.header("accept")).isEqualTo("application/vnd.amazon.eventstream");
        assertThat(message.content().get(0).text().orElseThrow().text())
                .isEqualTo("Okay, let's check the weather for San Francisco, CA:");
        assertThat(message.content().get(1).toolUse().orElseThrow()._input().convert(Object.class))
                .isEqualTo(Map.of("location", "San Francisco, CA"));
        assertThat(message.usage().outputTokens()).isEqualTo(89);
    }

    /** One InvokeModelWithResponseStream chunk: the event's JSON, base64, in {@code {"bytes":…}}. */
    private static byte[] chunk(String event) {
        String payload =
                "{\"bytes\":\"" + Base64.getEncoder().encodeToString(event.getBytes(StandardCharsets.UTF_8)) + "\"}";
        return frame(
                new String[][] {
                    {":event-type", "chunk"}, {":content-type", "application/json"}, {":message-type", "event"}
                },
                payload);
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** One event-stream message with string headers, as AWS frames them (both CRC32s computed). */
    private static byte[] frame(String[][] headers, String json) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        for (String[] header : headers) {
            byte[] name = header[0].getBytes(StandardCharsets.UTF_8);
            byte[] value = header[1].getBytes(StandardCharsets.UTF_8);
            h.write(name.length);
            h.writeBytes(name);
            h.write(7);
            h.write(value.length >> 8);
            h.write(value.length);
            h.writeBytes(value);
        }
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        int total = 12 + h.size() + payload.length + 4;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(total);
        b.putInt(total).putInt(h.size());
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, 8);
        b.putInt((int) crc.getValue());
        b.put(h.toByteArray()).put(payload);
        crc = new CRC32();
        crc.update(b.array(), 0, total - 4);
        b.putInt((int) crc.getValue());
        return b.array();
    }
}
