package io.jetway.contract.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Self-tests for the {@link FakeUpstream} fixture. */
class FakeUpstreamTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FakeUpstream upstream;
    private HttpClient http;

    @BeforeEach
    void setUp() {
        upstream = FakeUpstream.start();
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void tearDown() {
        upstream.close();
        http.close();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(upstream.url(path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer sk-test")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> dataPayloads(String sseBody) {
        List<String> payloads = new ArrayList<>();
        for (String event : sseBody.split("\n\n")) {
            if (event.startsWith("data: ")) {
                payloads.add(event.substring("data: ".length()));
            }
        }
        return payloads;
    }

    @Test
    void startBindsLoopbackOnEphemeralPort() {
        assertThat(upstream.port()).isPositive();
        assertThat(upstream.baseUrl()).isEqualTo("http://127.0.0.1:" + upstream.port());
    }

    @Test
    void servesJsonResponseAndRecordsRequest() throws Exception {
        upstream.enqueue(FakeResponse.json(201, "{\"ok\":true}").header("x-extra", "yes"));

        HttpResponse<String> response = post("/v1/chat/completions?api-version=1", "{\"model\":\"gpt-4o\",\"n\":1}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("x-extra")).hasValue("yes");
        assertThat(response.headers().firstValueAsLong("content-length")).hasValue(11);

        RecordedRequest recorded = upstream.takeRequest();
        assertThat(recorded.method()).isEqualTo("POST");
        assertThat(recorded.path()).isEqualTo("/v1/chat/completions?api-version=1");
        assertThat(recorded.pathWithoutQuery()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.header("AUTHORIZATION")).isEqualTo("Bearer sk-test");
        assertThat(recorded.header("content-type")).isEqualTo("application/json");
        assertThat(recorded.header("x-missing")).isNull();
        assertThat(recorded.headerNames()).anyMatch(n -> n.equalsIgnoreCase("authorization"));
        assertThat(recorded.bodyText()).isEqualTo("{\"model\":\"gpt-4o\",\"n\":1}");
        assertThat(recorded.bodyJson().path("model").asText()).isEqualTo("gpt-4o");
        assertThat(upstream.requests()).containsExactly(recorded);
    }

    @Test
    void takeRequestFailsWhenNothingArrives() {
        assertThatThrownBy(() -> upstream.takeRequest(Duration.ofMillis(100))).isInstanceOf(AssertionError.class);
    }

    @Test
    void chatCompletionHasOpenAiShape() throws Exception {
        upstream.enqueue(FakeResponse.chatCompletion("Paris").model("gpt-4o"));

        JsonNode body = MAPPER.readTree(post("/v1/chat/completions", "{}").body());

        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("created").isIntegralNumber()).isTrue();
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o");
        JsonNode choice = body.path("choices").path(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("Paris");
        assertThat(choice.path("message").path("refusal").isNull()).isTrue();
        assertThat(choice.path("logprobs").isNull()).isTrue();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = body.path("usage");
        assertThat(usage.path("total_tokens").asInt())
                .isEqualTo(usage.path("prompt_tokens").asInt()
                        + usage.path("completion_tokens").asInt());
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asInt())
                .isZero();
        assertThat(usage.path("completion_tokens_details")
                        .path("reasoning_tokens")
                        .isInt())
                .isTrue();
        assertThat(body.path("service_tier").asText()).isEqualTo("default");
        assertThat(body.path("system_fingerprint").asText()).startsWith("fp_");
    }

    @Test
    void toolCallCompletionAndErrorHaveOpenAiShape() throws Exception {
        upstream.enqueue(FakeResponse.toolCallCompletion("get_weather", "{\"city\":\"Paris\"}"));
        upstream.enqueue(FakeResponse.error(429, "Rate limit reached", "requests", "rate_limit_exceeded")
                .header("retry-after", "2"));

        JsonNode tool = MAPPER.readTree(post("/v1/chat/completions", "{}").body());
        JsonNode choice = tool.path("choices").path(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("content").isNull()).isTrue();
        JsonNode call = choice.path("message").path("tool_calls").path(0);
        assertThat(call.path("id").asText()).startsWith("call_");
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");

        HttpResponse<String> error = post("/v1/chat/completions", "{}");
        assertThat(error.statusCode()).isEqualTo(429);
        assertThat(error.headers().firstValue("retry-after")).hasValue("2");
        JsonNode err = MAPPER.readTree(error.body()).path("error");
        assertThat(err.path("message").asText()).isEqualTo("Rate limit reached");
        assertThat(err.path("type").asText()).isEqualTo("requests");
        assertThat(err.has("param")).isTrue();
        assertThat(err.path("param").isNull()).isTrue();
        assertThat(err.path("code").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void sseStreamEndsWithDone() throws Exception {
        upstream.enqueue(FakeResponse.sse(List.of("{\"a\":1}", "{\"a\":2}")));

        HttpResponse<String> response = post("/v1/chat/completions", "{\"stream\":true}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        assertThat(response.body()).isEqualTo("data: {\"a\":1}\n\ndata: {\"a\":2}\n\ndata: [DONE]\n\n");
    }

    @Test
    void chatStreamHasOpenAiChunkShape() throws Exception {
        upstream.enqueue(FakeResponse.chatStream("Hel", "lo").model("gpt-4o").withUsageChunk(7, 2));

        List<String> payloads = dataPayloads(post("/v1/chat/completions", "{}").body());

        assertThat(payloads).hasSize(6).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = new ArrayList<>();
        for (String p : payloads.subList(0, 5)) {
            chunks.add(MAPPER.readTree(p));
        }
        String id = chunks.get(0).path("id").asText();
        assertThat(id).startsWith("chatcmpl-");
        for (JsonNode chunk : chunks) {
            assertThat(chunk.path("id").asText()).isEqualTo(id);
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("model").asText()).isEqualTo("gpt-4o");
            assertThat(chunk.path("created").asLong())
                    .isEqualTo(chunks.get(0).path("created").asLong());
        }
        JsonNode first = chunks.get(0).path("choices").path(0);
        assertThat(first.path("index").asInt()).isZero();
        assertThat(first.path("delta").path("role").asText()).isEqualTo("assistant");
        assertThat(first.path("delta").path("content").asText()).isEmpty();
        assertThat(first.path("finish_reason").isNull()).isTrue();
        assertThat(chunks.get(1)
                        .path("choices")
                        .path(0)
                        .path("delta")
                        .path("content")
                        .asText())
                .isEqualTo("Hel");
        assertThat(chunks.get(2)
                        .path("choices")
                        .path(0)
                        .path("delta")
                        .path("content")
                        .asText())
                .isEqualTo("lo");
        JsonNode last = chunks.get(3).path("choices").path(0);
        assertThat(last.path("delta").isEmpty()).isTrue();
        assertThat(last.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(chunks.get(3).path("usage").isNull()).isTrue();
        JsonNode usageChunk = chunks.get(4);
        assertThat(usageChunk.path("choices").isArray()).isTrue();
        assertThat(usageChunk.path("choices")).isEmpty();
        assertThat(usageChunk.path("usage").path("prompt_tokens").asInt()).isEqualTo(7);
        assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isEqualTo(2);
        assertThat(usageChunk.path("usage").path("total_tokens").asInt()).isEqualTo(9);
    }

    @Test
    void toolCallStreamHasOpenAiDeltas() throws Exception {
        upstream.enqueue(FakeResponse.toolCallStream("get_weather", "{\"city\":", "\"Paris\"}"));

        List<String> payloads = dataPayloads(post("/v1/chat/completions", "{}").body());

        assertThat(payloads).hasSize(5).last().isEqualTo("[DONE]");
        JsonNode firstCall = MAPPER.readTree(payloads.get(0))
                .path("choices")
                .path(0)
                .path("delta")
                .path("tool_calls")
                .path(0);
        assertThat(firstCall.path("index").asInt()).isZero();
        assertThat(firstCall.path("id").asText()).startsWith("call_");
        assertThat(firstCall.path("type").asText()).isEqualTo("function");
        assertThat(firstCall.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(firstCall.path("function").path("arguments").asText()).isEmpty();
        JsonNode piece = MAPPER.readTree(payloads.get(1))
                .path("choices")
                .path(0)
                .path("delta")
                .path("tool_calls")
                .path(0);
        assertThat(piece.has("id")).isFalse();
        assertThat(piece.path("function").path("arguments").asText()).isEqualTo("{\"city\":");
        assertThat(MAPPER.readTree(payloads.get(3))
                        .path("choices")
                        .path(0)
                        .path("finish_reason")
                        .asText())
                .isEqualTo("tool_calls");
    }

    @Test
    void dropAfterLeavesAnIncompleteBody() throws Exception {
        upstream.enqueue(FakeResponse.sse(List.of("one", "two", "three")).dropAfter(1));

        String body = null;
        IOException failure = null;
        try {
            body = post("/v1/chat/completions", "{}").body();
        } catch (IOException e) {
            failure = e;
        }

        if (failure == null) {
            assertThat(body).doesNotContain("[DONE]").doesNotContain("two");
        } else {
            assertThat(failure).isInstanceOf(IOException.class);
        }
    }

    @Test
    void dropAfterOmitsTerminatingChunkOnTheWire() throws Exception {
        upstream.enqueue(FakeResponse.sse(List.of("one", "two")).dropAfter(1));

        RawResponse raw = rawExchange(simplePost("{}"));

        assertThat(raw.chunks).containsExactly("data: one\n\n");
        assertThat(raw.terminated).isFalse();
    }

    @Test
    void chunkedFramingIsValid() throws Exception {
        upstream.enqueue(FakeResponse.chatStream("Hel", "lo").rawTail(": comment\n\n"));

        RawResponse raw = rawExchange(simplePost("{}"));

        assertThat(raw.statusLine).isEqualTo("HTTP/1.1 200 OK");
        assertThat(raw.headers.get("transfer-encoding")).isEqualTo("chunked");
        assertThat(raw.headers).doesNotContainKey("content-length");
        assertThat(raw.terminated).isTrue();
        // one chunk per event: 4 chunk payloads, [DONE], then the raw tail
        assertThat(raw.chunks).hasSize(6);
        for (String chunk : raw.chunks.subList(0, 5)) {
            assertThat(chunk).startsWith("data: ").endsWith("\n\n");
        }
        assertThat(raw.chunks.get(4)).isEqualTo("data: [DONE]\n\n");
        assertThat(raw.chunks.get(5)).isEqualTo(": comment\n\n");
    }

    @Test
    void withoutDoneEndsCleanlyWithoutDoneEvent() throws Exception {
        upstream.enqueue(FakeResponse.sse(List.of("x")).withoutDone());

        RawResponse raw = rawExchange(simplePost("{}"));

        assertThat(raw.chunks).containsExactly("data: x\n\n");
        assertThat(raw.terminated).isTrue();
    }

    @Test
    void keepAliveServesSequentialRequestsOnOneConnection() throws Exception {
        upstream.enqueue(FakeResponse.chatCompletion("first"));
        upstream.enqueue(FakeResponse.chatStream("second"));

        HttpResponse<String> first = post("/v1/chat/completions", "{}");
        HttpResponse<String> second = post("/v1/chat/completions", "{}");
        HttpResponse<String> third = post("/v1/chat/completions", "{}");

        assertThat(first.body()).contains("first");
        assertThat(second.body()).contains("second").endsWith("data: [DONE]\n\n");
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(upstream.requests())
                .extracting(RecordedRequest::connectionIndex)
                .containsExactly(1, 1, 1);
        assertThat(upstream.connectionCount()).isEqualTo(1);
    }

    @Test
    void decodesChunkedRequestBodies() throws Exception {
        String request = "POST /v1/chat/completions HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "Content-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n"
                + "\r\n"
                + "a;ext=1\r\n{\"model\":\"\r\n"
                + "8\r\ngpt-4.1\"\r\n"
                + "1\r\n}\r\n"
                + "0\r\n"
                + "x-trailer: 1\r\n"
                + "\r\n";

        RawResponse raw = rawExchange(request);

        assertThat(raw.statusLine).isEqualTo("HTTP/1.1 200 OK");
        RecordedRequest recorded = upstream.takeRequest();
        assertThat(recorded.bodyText()).isEqualTo("{\"model\":\"gpt-4.1\"}");
        assertThat(MAPPER.readTree(raw.body).path("model").asText()).isEqualTo("gpt-4.1");
    }

    @Test
    void smartDefaultAnswersStreamOrJsonAndEchoesModel() throws Exception {
        HttpResponse<String> plain = post("/v1/chat/completions", "{\"model\":\"gpt-4.1-nano\"}");
        JsonNode body = MAPPER.readTree(plain.body());
        assertThat(body.path("model").asText()).isEqualTo("gpt-4.1-nano");
        assertThat(body.path("choices").path(0).path("message").path("content").asText())
                .isEqualTo("Hello world");

        HttpResponse<String> streamed = post(
                "/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        assertThat(streamed.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        List<String> payloads = dataPayloads(streamed.body());
        // role chunk, "Hello", " world", finish chunk, usage chunk, [DONE]
        assertThat(payloads).hasSize(6).last().isEqualTo("[DONE]");
        assertThat(MAPPER.readTree(payloads.get(0)).path("model").asText()).isEqualTo("gpt-4o");
        assertThat(MAPPER.readTree(payloads.get(4))
                        .path("usage")
                        .path("total_tokens")
                        .asInt())
                .isPositive();

        HttpResponse<String> noUsage = post("/v1/chat/completions", "{\"stream\":true}");
        assertThat(dataPayloads(noUsage.body())).hasSize(5);
    }

    @Test
    void dynamicResponseSeesTheRequest() throws Exception {
        upstream.enqueue(FakeResponse.dynamic(req -> FakeResponse.chatCompletion(
                "you said " + req.bodyJson().path("q").asText())));
        upstream.enqueue(FakeResponse.dynamic(req -> {
            throw new IllegalStateException("boom");
        }));

        JsonNode body =
                MAPPER.readTree(post("/v1/chat/completions", "{\"q\":\"hi\"}").body());
        assertThat(body.path("choices").path(0).path("message").path("content").asText())
                .isEqualTo("you said hi");

        HttpResponse<String> failed = post("/v1/chat/completions", "{}");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).contains("boom");
    }

    @Test
    void closeWithoutResponseFailsTheClient() {
        upstream.enqueue(FakeResponse.closeWithoutResponse());

        assertThatThrownBy(() -> post("/v1/chat/completions", "{}")).isInstanceOf(IOException.class);
        assertThat(upstream.takeRequest().path()).isEqualTo("/v1/chat/completions");
    }

    @Test
    void delayBeforeHeadersTripsClientTimeout() {
        upstream.enqueue(FakeResponse.chatCompletion("late").delayBeforeHeadersMillis(2_000));
        HttpRequest request = HttpRequest.newBuilder(upstream.url("/v1/chat/completions"))
                .timeout(Duration.ofMillis(300))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();

        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void closeShutsOpenConnections() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", upstream.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(simplePost("{}").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            readHead(in); // the response arrived; the connection is now idle and kept alive
            upstream.takeRequest();

            upstream.close();

            byte[] rest = in.readAllBytes(); // returns at EOF instead of blocking until the timeout
            assertThat(new String(rest, StandardCharsets.UTF_8)).doesNotContain("HTTP/1.1");
        }
    }

    // -------------------------------------------------------------------------------------------
    // A tiny strict HTTP/1.1 client, to look at the framing on the wire.
    // -------------------------------------------------------------------------------------------

    private static String simplePost(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return "POST /v1/chat/completions HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "\r\n"
                + json;
    }

    private static final class RawResponse {
        String statusLine;
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> chunks = new ArrayList<>();
        boolean terminated;
        String body;
    }

    private RawResponse rawExchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", upstream.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            RawResponse raw = readHead(in);
            if ("chunked".equals(raw.headers.get("transfer-encoding"))) {
                readChunks(in, raw);
            } else {
                int length = Integer.parseInt(raw.headers.get("content-length"));
                raw.body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            return raw;
        }
    }

    private static RawResponse readHead(InputStream in) throws IOException {
        RawResponse raw = new RawResponse();
        raw.statusLine = readCrlfLine(in);
        for (String line = readCrlfLine(in); !line.isEmpty(); line = readCrlfLine(in)) {
            int colon = line.indexOf(':');
            raw.headers.put(
                    line.substring(0, colon).trim().toLowerCase(),
                    line.substring(colon + 1).trim());
        }
        return raw;
    }

    /** Parses chunks strictly; stops quietly at EOF (recording that no terminator was seen). */
    private static void readChunks(InputStream in, RawResponse raw) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            while (true) {
                String sizeLine = readCrlfLine(in);
                assertThat(sizeLine).matches("[0-9a-f]+");
                int size = Integer.parseInt(sizeLine, 16);
                if (size == 0) {
                    assertThat(readCrlfLine(in)).isEmpty();
                    raw.terminated = true;
                    break;
                }
                byte[] data = in.readNBytes(size);
                if (data.length < size) {
                    throw new EOFException();
                }
                assertThat(readCrlfLine(in)).isEmpty();
                raw.chunks.add(new String(data, StandardCharsets.UTF_8));
                body.write(data);
            }
        } catch (EOFException e) {
            raw.terminated = false;
        }
        raw.body = body.toString(StandardCharsets.UTF_8);
    }

    /** Reads a line that must end with CRLF; EOFException at end of stream. */
    private static String readCrlfLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException();
            }
            if (b == '\n') {
                assertThat(previous).as("line must end with CRLF").isEqualTo('\r');
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
    }
}
