package io.jetway.client.sdk;

import static io.jetway.client.sdk.ClientTestSupport.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real socket timeouts, kept short (300 ms): the point is that the socket is given up on. */
class TimeoutTest {

    final FakeGateway gw = new FakeGateway();

    @AfterEach
    void close() {
        gw.close();
    }

    JetwayClient client(Timeouts timeouts) {
        return JetwayClient.builder()
                .baseUrl(gw.url())
                .timeouts(timeouts)
                .maxRetries(0)
                .build();
    }

    @Test
    void theDefaultsAreTenSecondsToConnectAndTenMinutesToReadAndInAll() {
        assertThat(Timeouts.DEFAULTS)
                .isEqualTo(new Timeouts(Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(10)));
        assertThatThrownBy(() -> Timeouts.DEFAULTS.withRead(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGatewayThatNeverAnswersFailsAfterTheReadTimeout() {
        gw.enqueue(FakeGateway.hang());
        JetwayClient client = client(Timeouts.DEFAULTS.withRead(Duration.ofMillis(300)));
        long start = System.nanoTime();

        assertThatThrownBy(() -> client.chat(hello()))
                .isInstanceOf(JetwayTimeoutException.class)
                .isInstanceOf(JetwayIoException.class)
                .hasCauseInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void theRequestTimeoutBoundsTheWholeCallBelowTheReadTimeout() {
        gw.enqueue(FakeGateway.hang());
        JetwayClient client = client(Timeouts.DEFAULTS.withRequest(Duration.ofMillis(300)));
        long start = System.nanoTime();

        assertThatThrownBy(() -> client.chat(hello())).isInstanceOf(JetwayTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aStreamThatFallsSilentFailsAfterTheReadTimeout() {
        gw.enqueue(FakeGateway.sseThenSilence(FakeGateway.chunk("{\"content\":\"Hel\"}", null)));
        JetwayClient client = client(Timeouts.DEFAULTS.withRead(Duration.ofMillis(300)));

        try (ChatCompletionChunkStream chunks = client.chatStream(hello())) {
            assertThat(chunks.next().text()).isEqualTo("Hel");
            assertThatThrownBy(chunks::hasNext)
                    .isInstanceOf(JetwayTimeoutException.class)
                    .hasCauseInstanceOf(HttpTimeoutException.class);
        }
    }

    @Test
    void aTimedOutCallIsRetried() {
        gw.enqueue(FakeGateway.hang()).enqueue(FakeGateway.json(200, FakeGateway.completion("late but here")));
        ClientTestSupport.FakeTime time = new ClientTestSupport.FakeTime();
        JetwayClient client = JetwayClient.builder()
                .baseUrl(gw.url())
                .sleeper(time)
                // 1 s: past it the first call has surely hung; the retry's answer is immediate, but a loaded CI
                // machine must not time it out too (300 ms did).
                .random(ClientTestSupport.NO_JITTER)
                .timeouts(Timeouts.DEFAULTS.withRead(Duration.ofMillis(1000)))
                .build();

        assertThat(client.chat(hello()).content()).isEqualTo("late but here");
        assertThat(time.pauses).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void aStreamWhosePiecesKeepComingOutlivesTheReadTimeout() {
        // 8 pieces 100 ms apart: 800 ms in all, longer than the 300 ms read timeout, which bounds each pause only
        gw.enqueue((out, fake) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (int i = 0; i < 8; i++) {
                out.write(("data: " + FakeGateway.chunk("{\"content\":\"" + i + "\"}", null) + "\n\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(100);
            }
            out.write("data: [DONE]\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
        JetwayClient client = client(Timeouts.DEFAULTS.withRead(Duration.ofMillis(300)));
        ChatCompletionAccumulator acc = new ChatCompletionAccumulator();

        try (ChatCompletionChunkStream chunks = client.chatStream(hello())) {
            chunks.forEachRemaining(acc::accumulate);
        }

        assertThat(acc.text()).isEqualTo("01234567");
    }

    @Test
    void aGatewayThatDoesNotAcceptTheConnectionFailsAfterTheConnectTimeout() throws Exception {
        // A listening socket whose accept queue is full: the kernel drops further SYNs, the connect hangs.
        try (java.net.ServerSocket full = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    java.net.Socket s = new java.net.Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(s);
                    } catch (java.io.IOException queueFull) {
                        s.close();
                        break;
                    }
                }
                JetwayClient client = JetwayClient.builder()
                        .baseUrl("http://127.0.0.1:" + full.getLocalPort())
                        .timeouts(Timeouts.DEFAULTS.withConnect(Duration.ofMillis(300)))
                        .maxRetries(0)
                        .build();
                long start = System.nanoTime();

                assertThatThrownBy(() -> client.chat(hello()))
                        .isInstanceOf(JetwayTimeoutException.class)
                        .hasMessageContaining("no connection")
                        .hasCauseInstanceOf(java.net.http.HttpConnectTimeoutException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            } finally {
                for (java.net.Socket s : fillers) {
                    s.close();
                }
            }
        }
    }
}
