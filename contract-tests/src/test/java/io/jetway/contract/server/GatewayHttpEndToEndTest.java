package io.jetway.contract.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's HTTP server end to end, over raw sockets: what clients and proxies in front of it
 * send that an SDK never does (HTTP/1.0, chunked and compressed bodies, bytes past a refused body).
 */
class GatewayHttpEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY =
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    private GatewayHarness gw;
    private int port;

    @BeforeEach
    void start() {
        gw = GatewayHarness.start(Map.of("JETWAY_MAX_BODY_BYTES", "4096"));
        port = URI.create(gw.url()).getPort();
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private String head(String version, String framing) {
        return "POST /v1/chat/completions " + version + "\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "x-portkey-provider: openai\r\nAuthorization: Bearer " + GatewayHarness.PROVIDER_KEY + "\r\n"
                + "x-portkey-custom-host: " + gw.upstreamV1() + "\r\n" + framing + "\r\n";
    }

    /** Sends bytes, reads everything until the server closes (each request here ends the connection). */
    private String exchange(byte[]... parts) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            for (byte[] p : parts) {
                out.write(p);
            }
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    got.write(buf, 0, n);
                }
            } catch (IOException reset) {
                // what arrived before a reset is kept
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static JsonNode jsonBody(String answer) throws IOException {
        return JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    }

    @Test
    void anHttp10ClientSuchAsNginxByDefaultIsServedAndTheConnectionCloses() throws IOException {
        gw.upstream().enqueue(FakeResponse.chatCompletion("Hello over 1.0"));

        String answer = exchange(ascii(head("HTTP/1.0", "Content-Length: " + BODY.length() + "\r\n") + BODY));

        assertThat(answer).startsWith("HTTP/1.1 200 ");
        assertThat(answer.toLowerCase()).contains("connection: close").doesNotContain("transfer-encoding");
        assertThat(jsonBody(answer).at("/choices/0/message/content").asText()).isEqualTo("Hello over 1.0");
    }

    @Test
    void aChunkedBodyOverTheLimitIsA413InJsonAndTheBytesAfterItAreNeverARequest() throws IOException {
        String big = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(5000)
                + "\"}]}";
        String answer = exchange(ascii(head("HTTP/1.1", "Transfer-Encoding: chunked\r\n")
                + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n"
                + "GET /smuggled-marker HTTP/1.1\r\nHost: x\r\n\r\n"));

        assertThat(answer).startsWith("HTTP/1.1 413 ");
        assertThat(answer.toLowerCase()).contains("x-portkey-trace-id: ").contains("connection: close");
        assertThat(jsonBody(answer).at("/error/code").asText()).isEqualTo("request_too_large");
        assertThat(answer).doesNotContain("smuggled").containsOnlyOnce("HTTP/1.1 ");
        assertThat(gw.upstream().requests()).isEmpty();
    }

    @Test
    void aGzipBodyIsDecodedBeforeItIsParsedAndForwarded() throws IOException {
        gw.upstream().enqueue(FakeResponse.chatCompletion("decoded"));
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(zipped)) {
            g.write(BODY.getBytes(StandardCharsets.UTF_8));
        }

        String answer = exchange(
                ascii(head(
                        "HTTP/1.1",
                        "Connection: close\r\nContent-Encoding: gzip\r\n" + "Content-Length: " + zipped.size()
                                + "\r\n")),
                zipped.toByteArray());

        assertThat(answer).startsWith("HTTP/1.1 200 ");
        assertThat(jsonBody(answer).at("/choices/0/message/content").asText()).isEqualTo("decoded");
        assertThat(gw.upstream()
                        .takeRequest()
                        .bodyJson()
                        .at("/messages/0/content")
                        .asText())
                .isEqualTo("Hi");
    }

    @Test
    void aBodyInAnEncodingTheGatewayCannotReadIsA415InJsonNamingWhatToSend() throws IOException {
        String answer = exchange(ascii(head("HTTP/1.1", "Content-Encoding: br\r\nContent-Length: 4\r\n") + "abcd"));

        assertThat(answer).startsWith("HTTP/1.1 415 ");
        JsonNode error = jsonBody(answer).get("error");
        assertThat(error.get("code").asText()).isEqualTo("unsupported_content_encoding");
        assertThat(error.get("message").asText()).contains("gzip");
    }

    @Test
    void anUnknownPathIsA404InJsonOnTheSameServer() throws IOException {
        String answer = exchange(ascii("GET /v2/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));

        assertThat(answer).startsWith("HTTP/1.1 404 ");
        assertThat(jsonBody(answer).at("/error/type").asText()).isEqualTo("not_found_error");
    }
}
