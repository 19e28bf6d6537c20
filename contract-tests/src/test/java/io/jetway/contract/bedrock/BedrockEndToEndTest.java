package io.jetway.contract.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.FakeUpstream;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.Sse;
import io.jetway.gateway.GatewaySettings;
import io.jetway.gateway.provider.bedrock.sigv4.AwsCredentials;
import io.jetway.gateway.provider.bedrock.sigv4.SigV4;
import io.jetway.gateway.server.GatewayServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The running gateway against a local fake Bedrock that answers ConverseStream with real binary
 * {@code application/vnd.amazon.eventstream} frames (encoded here, independently of the gateway's
 * decoder), split across HTTP chunks. The fake is reached as a custom host with a port, so the
 * test also checks that the SigV4 signature verifies over the request as it arrived: the Host
 * header with its port and the path as sent.
 */
class BedrockEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private static FakeUpstream bedrock;
    private static GatewayServer gateway;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        bedrock = FakeUpstream.start();
        gateway = GatewayServer.start(
                GatewaySettings.fromEnv(Map.of("TRUSTED_CUSTOM_HOSTS", "127.0.0.1"))
                        .withAddress("127.0.0.1", 0),
                () -> "trace-e2e",
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        bedrock.close();
    }

    @BeforeEach
    void reset() {
        bedrock.reset();
    }

    @Test
    void streamsBinaryEventStreamFramesAsChatCompletionChunksWithAVerifiableSignature() throws Exception {
        byte[] all = concat(
                event("messageStart", "{\"role\":\"assistant\"}"),
                event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hello\"}}"),
                event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\" from Bedrock\"}}"),
                event("contentBlockStop", "{\"contentBlockIndex\":0}"),
                event("messageStop", "{\"stopReason\":\"end_turn\"}"),
                event(
                        "metadata",
                        "{\"usage\":{\"inputTokens\":11,\"outputTokens\":3,\"totalTokens\":14},"
                                + "\"metrics\":{\"latencyMs\":120}}"));
        // Chunks of 37 bytes: frames split across chunks, and chunks holding the end of one frame
        // and the start of the next.
        bedrock.enqueue(FakeResponse.chunked(200, "application/vnd.amazon.eventstream", split(all, 37)));

        HttpResponse<String> response = post(
                true,
                "{\"model\":\"" + MODEL + "\",\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> data = dataLines(response.body());
        assertThat(data.getLast()).isEqualTo("[DONE]");
        StringBuilder content = new StringBuilder();
        String finish = null;
        JsonNode usage = null;
        for (String d : data.subList(0, data.size() - 1)) {
            JsonNode chunk = JSON.readTree(d);
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("model").asText()).isEqualTo(MODEL);
            for (JsonNode choice : chunk.get("choices")) {
                content.append(choice.path("delta").path("content").asText(""));
                if (choice.hasNonNull("finish_reason")) {
                    finish = choice.get("finish_reason").asText();
                }
            }
            if (chunk.hasNonNull("usage")) {
                usage = chunk.get("usage");
            }
        }
        assertThat(content).hasToString("Hello from Bedrock");
        assertThat(finish).isEqualTo("stop");
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(14);

        RecordedRequest sent = bedrock.takeRequest();
        assertThat(sent.path()).isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream");
        assertThat(sent.header("host")).isEqualTo("127.0.0.1:" + bedrock.port());
        assertThat(sent.header("accept")).isEqualTo("application/vnd.amazon.eventstream");
        assertThat(sent.bodyJson()
                        .get("messages")
                        .get(0)
                        .get("content")
                        .get(0)
                        .get("text")
                        .asText())
                .isEqualTo("Hi");
        assertSignatureVerifies(sent);
    }

    @Test
    void endsTheClientStreamWithAnErrorEventOnACorruptedFrame() throws Exception {
        byte[] bad = event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\" world\"}}");
        bad[bad.length - 6] ^= 0x01;
        bedrock.enqueue(FakeResponse.chunked(
                200,
                "application/vnd.amazon.eventstream",
                List.of(
                        event("messageStart", "{\"role\":\"assistant\"}"),
                        event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hello\"}}"),
                        bad,
                        event("messageStop", "{\"stopReason\":\"end_turn\"}"))));

        HttpResponse<String> response = post(
                true,
                "{\"model\":\"" + MODEL + "\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                Map.of(),
                Sse.cutOff());

        List<String> data = dataLines(response.body());
        assertThat(data).doesNotContain("[DONE]");
        JsonNode error = JSON.readTree(data.getLast()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("stream_corrupted");
        assertThat(error.get("message").asText()).contains("checksum mismatch");
        assertThat(JSON.readTree(data.get(1))
                        .get("choices")
                        .get(0)
                        .get("delta")
                        .get("content")
                        .asText())
                .isEqualTo("Hello");
    }

    @Test
    void turnsAThrottlingExceptionEventIntoAnErrorEvent() throws Exception {
        bedrock.enqueue(FakeResponse.chunked(
                200,
                "application/vnd.amazon.eventstream",
                List.of(
                        event("messageStart", "{\"role\":\"assistant\"}"),
                        exception(
                                "throttlingException",
                                "{\"message\":\"Too many tokens, please wait before trying again.\"}"))));

        HttpResponse<String> response = post(
                true,
                "{\"model\":\"" + MODEL + "\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                Map.of(),
                Sse.cutOff());

        List<String> data = dataLines(response.body());
        assertThat(data).doesNotContain("[DONE]");
        JsonNode error = JSON.readTree(data.getLast()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("ThrottlingException");
        assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
    }

    @Test
    void answersANonStreamConverseCallAndMapsAwsErrors() throws Exception {
        bedrock.enqueue(FakeResponse.json(
                200,
                "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":"
                        + "[{\"text\":\"Hi there\"}]}},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":5,"
                        + "\"outputTokens\":2,\"totalTokens\":7},\"metrics\":{\"latencyMs\":80}}"));
        HttpResponse<String> ok =
                post(false, "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\"," + "\"content\":\"Hi\"}]}");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode completion = JSON.readTree(ok.body());
        assertThat(completion
                        .get("choices")
                        .get(0)
                        .get("message")
                        .get("content")
                        .asText())
                .isEqualTo("Hi there");
        RecordedRequest sent = bedrock.takeRequest();
        assertThat(sent.path()).isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
        assertSignatureVerifies(sent);

        bedrock.enqueue(FakeResponse.json(400, "{\"message\":\"Malformed input request, please reformat.\"}")
                .header(
                        "x-amzn-errortype",
                        "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"));
        HttpResponse<String> bad =
                post(false, "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\"," + "\"content\":\"Hi\"}]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(bad.body()).get("error");
        assertThat(error.get("message").asText()).isEqualTo("Malformed input request, please reformat.");
        assertThat(error.get("code").asText()).isEqualTo("ValidationException");
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void imageUrlsAreFetchedInParallelAndAllWithinTheRequestTimeout() throws Exception {
        // An image host that holds every request until the test ends: four images, 400 ms of
        // request_timeout. Fetched one after another, each would wait for its own limit.
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        try (ServerSocket images = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!images.isClosed()) {
                    try {
                        Socket sock = images.accept();
                        Thread.ofVirtual().start(() -> {
                            try (sock) {
                                java.io.InputStream in = sock.getInputStream();
                                for (int state = 0, b; state < 4 && (b = in.read()) >= 0; ) {
                                    state = b == (state % 2 == 0 ? '\r' : '\n') ? state + 1 : b == '\r' ? 1 : 0;
                                }
                                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                                release.await(5, TimeUnit.SECONDS);
                            } catch (Exception ignored) {
                                // the gateway gave up on it
                            } finally {
                                inFlight.decrementAndGet();
                            }
                        });
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            StringBuilder parts = new StringBuilder("{\"type\":\"text\",\"text\":\"Compare\"}");
            for (int i = 1; i <= 4; i++) {
                parts.append(",{\"type\":\"image_url\",\"image_url\":{\"url\":\"http://127.0.0.1:")
                        .append(images.getLocalPort())
                        .append("/cat")
                        .append(i)
                        .append(".png\"}}");
            }
            long start = System.nanoTime();
            HttpResponse<String> response = post(
                    false,
                    "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":" + "\"user\",\"content\":[" + parts + "]}]}",
                    Map.of("x-portkey-request-timeout", "400"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            release.countDown();

            assertThat(response.statusCode()).as(response.body()).isEqualTo(408);
            assertThat(JSON.readTree(response.body()).at("/error/type").asText())
                    .isEqualTo("timeout_error");
            assertThat(mostInFlight.get()).as("image fetches in flight at once").isEqualTo(4);
            assertThat(took).isLessThan(Duration.ofMillis(2500));
            assertThat(bedrock.requestCount()).isZero();
        }
    }

    private static HttpResponse<String> post(boolean stream, String body) throws Exception {
        return post(stream, body, Map.of());
    }

    private static HttpResponse<String> post(boolean stream, String body, Map<String, String> headers)
            throws Exception {
        return post(stream, body, headers, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(
            boolean stream, String body, Map<String, String> headers, HttpResponse.BodyHandler<String> answer)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                .header("content-type", "application/json")
                .header("x-portkey-provider", "bedrock")
                .header("x-portkey-custom-host", bedrock.baseUrl())
                .header("x-portkey-aws-access-key-id", "AKIDEXAMPLE")
                .header("x-portkey-aws-secret-access-key", SECRET)
                .header("x-portkey-aws-session-token", "session-token-1")
                .header("x-portkey-aws-region", "eu-central-1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return CLIENT.send(request.build(), answer);
    }

    /**
     * Recomputes the signature as AWS would on receipt: the scope and signed header names from the
     * Authorization header, the values and the path as they arrived, the body's hash.
     */
    private static void assertSignatureVerifies(RecordedRequest sent) {
        String authorization = sent.header("authorization");
        assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/");
        String scope = between(authorization, "Credential=AKIDEXAMPLE/", ",");
        String[] scopeParts = scope.split("/");
        assertThat(scopeParts[1]).isEqualTo("eu-central-1");
        assertThat(scopeParts[2]).isEqualTo("bedrock");
        String signedHeaders = between(authorization, "SignedHeaders=", ",");
        assertThat(signedHeaders.split(";"))
                .contains("host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token");
        List<SigV4.Header> headers = new ArrayList<>();
        for (String name : signedHeaders.split(";")) {
            assertThat(sent.header(name))
                    .as("signed header " + name + " was sent")
                    .isNotNull();
            headers.add(new SigV4.Header(name, sent.header(name)));
        }
        assertThat(sent.header("x-amz-content-sha256")).isEqualTo(SigV4.sha256Hex(sent.body()));
        Instant at = java.time.LocalDateTime.parse(
                        sent.header("x-amz-date"), java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                .toInstant(java.time.ZoneOffset.UTC);
        SigV4.Signature recomputed = SigV4.sign(
                new SigV4.Request(sent.method(), sent.pathWithoutQuery(), null, headers, SigV4.sha256Hex(sent.body())),
                new AwsCredentials("AKIDEXAMPLE", SECRET, "session-token-1"),
                scopeParts[1],
                scopeParts[2],
                at,
                true);
        assertThat(authorization).isEqualTo(recomputed.authorization());
    }

    private static String between(String s, String start, String end) {
        int i = s.indexOf(start) + start.length();
        return s.substring(i, s.indexOf(end, i));
    }

    private static List<String> dataLines(String sse) {
        List<String> out = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ")) {
                out.add(line.substring(6));
            }
        }
        return out;
    }

    private static List<byte[]> split(byte[] all, int size) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < all.length; i += size) {
            out.add(java.util.Arrays.copyOfRange(all, i, Math.min(all.length, i + size)));
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] event(String type, String json) {
        return frame(
                new String[][] {{":event-type", type}, {":content-type", "application/json"}, {":message-type", "event"}
                },
                json);
    }

    private static byte[] exception(String type, String json) {
        return frame(
                new String[][] {
                    {":exception-type", type}, {":content-type", "application/json"}, {":message-type", "exception"}
                },
                json);
    }

    /** One event-stream message with string headers, as Bedrock frames them (both CRC32s computed). */
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
