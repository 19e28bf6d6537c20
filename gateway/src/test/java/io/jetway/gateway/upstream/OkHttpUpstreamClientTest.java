package io.jetway.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.GatewayException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client used when the JVM has a proxy configured: the same contract as Jetway's own client. */
class OkHttpUpstreamClientTest {

    private final OkHttpUpstreamClient client = new OkHttpUpstreamClient(Duration.ofSeconds(2));
    private Http1UpstreamClientTest.ScriptedServer server;

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private URI start(BiFunction<Integer, Integer, byte[]> script) throws Exception {
        server = new Http1UpstreamClientTest.ScriptedServer(script);
        return server.uri("/v1/chat/completions");
    }

    private static byte[] answer(String body) {
        return ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Request-Id: r1\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static UpstreamRequest post(URI uri, Duration timeout) {
        return new UpstreamRequest(
                uri,
                Map.of("Content-Type", "application/json", "Authorization", "Bearer k"),
                "{}".getBytes(StandardCharsets.UTF_8),
                timeout,
                false);
    }

    @Test
    void sendsThePreparedRequestAndReadsTheWholeAnswerOnOneKeptConnection() throws Exception {
        URI uri = start((c, n) -> answer("{\"conn\":" + c + ",\"n\":" + n + "}"));
        for (int i = 1; i <= 2; i++) {
            try (UpstreamResponse r = client.send(post(uri, Duration.ofSeconds(2)))) {
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("x-request-id")).isEqualTo("r1");
                assertThat(new String(r.readAll(), StandardCharsets.UTF_8)).isEqualTo("{\"conn\":1,\"n\":" + i + "}");
            }
        }
        String sent = server.requests.take();
        assertThat(sent)
                .startsWith("POST /v1/chat/completions HTTP/1.1\r\n")
                .contains("\r\nAuthorization: Bearer k\r\n")
                .contains("\r\nAccept-Encoding: identity\r\n")
                .endsWith("\r\n\r\n{}");
    }

    @Test
    void aProviderSilentPastTheTimeoutIsAGatewayTimeout() throws Exception {
        URI uri = start((c, n) -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer("{}");
        });
        assertThatThrownBy(() -> client.send(post(uri, Duration.ofMillis(100))))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(504);
                    assertThat(e.getMessage()).contains("did not answer within 100 ms");
                });
    }

    @Test
    void aRequestTheServerReadOnAReusedConnectionBeforeClosingItIsNotSentAgain() throws Exception {
        URI uri = start((c, n) -> c == 1 && n == 2 ? null : answer("{\"conn\":" + c + "}"));
        try (UpstreamResponse r = client.send(post(uri, Duration.ofSeconds(2)))) {
            assertThat(new String(r.readAll(), StandardCharsets.UTF_8)).isEqualTo("{\"conn\":1}");
        }
        assertThatThrownBy(() -> client.send(post(uri, Duration.ofSeconds(2))))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.status()).isEqualTo(502));
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void aWholeAnswerDrippedSlowerThanTheRequestTimeoutFailsAtTheTimeoutNotAtItsEnd() throws Exception {
        // Each body byte comes 20 ms after the last (far below the 300 ms timeout); 150 would take 3 s.
        URI uri = start((c, n) -> {
            Socket sock = server.sockets.get(c - 1);
            try {
                OutputStream out = sock.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 150\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                for (int i = 0; i < 150; i++) {
                    Thread.sleep(20);
                    out.write('x');
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // the client left
            }
            return null;
        });
        UpstreamRequest req = new UpstreamRequest(uri, Map.of(), new byte[0], Duration.ofMillis(300), true);
        long start = System.nanoTime();
        assertThatThrownBy(() -> {
                    try (UpstreamResponse r = client.send(req)) {
                        r.readAll();
                    }
                })
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(408);
                    assertThat(e.getMessage()).contains("300 ms");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    }
}
