package io.jetway.contract;

import static io.jetway.contract.OpenAiPassthroughTest.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stream that breaks after it started ends with an SSE error event and then with the connection cut
 * (no terminating zero-length chunk), so that every client sees the failure: SSE clients (the OpenAI
 * SDKs) by the event, plain HTTP readers by the truncated body. A stream that ends well ends with
 * {@code [DONE]} and the terminating chunk, on a connection that serves the next request.
 */
class BrokenStreamTest {

    static final String STREAM =
            "{\"model\":\"gpt-4o-mini\",\"stream\":true," + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final String PROVIDER_ERROR = "The server had an error while processing your request.";
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
        gw.slept().clear();
    }

    /** A provider stream with one content chunk, then an error event (as OpenAI sends one mid-stream). */
    static FakeResponse errorMidStream() {
        return FakeResponse.sse(List.of(
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
                        + "[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":null}]}",
                "{\"error\":{\"message\":\"" + PROVIDER_ERROR + "\",\"type\":\"server_error\",\"param\":null,"
                        + "\"code\":null}}"));
    }

    @Test
    void aStreamBrokenByTheProviderEndsWithTheErrorEventAndACutConnectionNotATerminatingChunk() throws IOException {
        gw.upstream().enqueue(FakeResponse.chatStream("a", "b", "c").dropAfter(2));

        try (Socket client = connect()) {
            post(client, STREAM);
            Answer answer = Answer.read(client.getInputStream());

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body())
                    .contains("\"content\":\"a\"")
                    .contains("data: {\"error\":")
                    .doesNotContain("[DONE]");
            assertThat(answer.endedWithLastChunk())
                    .as("the body ended with 0\\r\\n\\r\\n")
                    .isFalse();
            assertThat(answer.raw()).doesNotEndWith("0\r\n\r\n");
            assertThat(answer.cutMidBody())
                    .as("the connection ended inside the chunked body")
                    .isTrue();
        }
        // The gateway keeps serving.
        assertThat(gw.chat(OpenAiPassthroughTest.SIMPLE).send().statusCode()).isEqualTo(200);
    }

    @Test
    void anErrorEventFromTheProviderIsRelayedThenTheConnectionIsCut() throws IOException {
        gw.upstream().enqueue(errorMidStream());

        try (Socket client = connect()) {
            post(client, STREAM);
            Answer answer = Answer.read(client.getInputStream());

            String last = answer.body()
                    .substring(answer.body().lastIndexOf("data: ") + 6)
                    .strip();
            assertThat(field(last, "/error/message")).isEqualTo(PROVIDER_ERROR);
            assertThat(answer.endedWithLastChunk()).isFalse();
            assertThat(answer.cutMidBody()).isTrue();
        }
    }

    @Test
    void aPlainHttpClientReadingABrokenStreamGetsAnIoExceptionNotATruncatedSuccess() {
        gw.upstream().enqueue(FakeResponse.chatStream("a", "b", "c").dropAfter(2));
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(gw.url() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .header("x-portkey-provider", "openai")
                .header("authorization", "Bearer " + GatewayHarness.PROVIDER_KEY)
                .header("x-portkey-custom-host", gw.upstreamV1())
                .POST(HttpRequest.BodyPublishers.ofString(STREAM))
                .build();

        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aStreamThatEndsWellEndsWithDoneAndTheTerminatingChunkOnAConnectionThatServesTheNextRequest()
            throws IOException {
        gw.upstream().enqueue(FakeResponse.chatStream("a", "b"), FakeResponse.chatStream("c"));

        try (Socket client = connect()) {
            post(client, STREAM);
            Answer first = Answer.read(client.getInputStream());
            post(client, STREAM);
            Answer second = Answer.read(client.getInputStream());

            assertThat(first.endedWithLastChunk()).isTrue();
            assertThat(first.body()).contains("\"content\":\"b\"").endsWith("data: [DONE]\n\n");
            assertThat(first.raw()).endsWith("0\r\n\r\n");
            assertThat(second.endedWithLastChunk()).isTrue();
            assertThat(second.body()).contains("\"content\":\"c\"").endsWith("data: [DONE]\n\n");
        }
    }

    @Test
    void theCutWaitsAMomentAfterTheErrorEventSoThatClientsReadTheEventBeforeTheFailure() throws IOException {
        gw.upstream().enqueue(FakeResponse.chatStream("a", "b", "c").dropAfter(2));

        try (Socket client = connect()) {
            post(client, STREAM);
            InputStream in = client.getInputStream();
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("\"error\"")) {
                int b = in.read();
                assertThat(b).as("the error event before the end: " + seen).isNotNegative();
                seen.append((char) b);
            }
            long eventAt = System.nanoTime();
            try {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    seen.append((char) b);
                }
            } catch (IOException reset) {
                // a cut may arrive as a reset
            }

            // The wait is real, in tests too (GatewayServer gives the cut the system's sleeper): it is
            // network timing for the clients' sake (the JDK's HttpClient drops bytes that arrive with a close).
            assertThat(Duration.ofNanos(System.nanoTime() - eventAt)).isGreaterThanOrEqualTo(Duration.ofMillis(80));
            assertThat(seen.toString()).doesNotEndWith("0\r\n\r\n");
        }
    }

    static Socket connect() throws IOException {
        int port = Integer.parseInt(gw.url().substring(gw.url().lastIndexOf(':') + 1));
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }

    /** A keep-alive request (no {@code Connection: close}): a connection that ends was ended by the server. */
    static void post(Socket client, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "x-portkey-provider: openai\r\nAuthorization: Bearer " + GatewayHarness.PROVIDER_KEY + "\r\n"
                        + "x-portkey-custom-host: " + gw.upstreamV1() + "\r\nContent-Length: " + body.length
                        + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /**
     * One chunked answer read off the socket: to its last chunk, or to the end of the connection.
     *
     * @param raw                every byte read, head included
     * @param body               the chunks' data
     * @param endedWithLastChunk the zero-length chunk (and the empty line after it) arrived
     * @param cutMidBody         the connection ended before the last chunk
     */
    record Answer(int status, String raw, String body, boolean endedWithLastChunk, boolean cutMidBody) {

        static Answer read(InputStream in) throws IOException {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            String statusLine = line(in, raw);
            assertThat(statusLine).as("status line").isNotNull();
            boolean chunked = false;
            for (String h = line(in, raw); h != null && !h.isEmpty(); h = line(in, raw)) {
                chunked |= h.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:") && h.contains("chunked");
            }
            assertThat(chunked).as("a chunked answer").isTrue();
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            while (true) {
                String size = line(in, raw);
                if (size == null) {
                    return new Answer(status, text(raw), text(body), false, true);
                }
                int n = Integer.parseInt(size.strip(), 16);
                if (n == 0) {
                    String end = line(in, raw);
                    return new Answer(status, text(raw), text(body), "".equals(end), end == null);
                }
                for (int i = 0; i < n + 2; i++) {
                    int b = in.read();
                    if (b < 0) {
                        return new Answer(status, text(raw), text(body), false, true);
                    }
                    raw.write(b);
                    if (i < n) {
                        body.write(b);
                    }
                }
            }
        }

        /** A CRLF-ended line without its CRLF, or null at the end of the connection. */
        private static String line(InputStream in, ByteArrayOutputStream raw) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                raw.write(b);
                if (b == '\n') {
                    String s = line.toString(StandardCharsets.UTF_8);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                line.write(b);
            }
            return null;
        }

        private static String text(ByteArrayOutputStream bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
