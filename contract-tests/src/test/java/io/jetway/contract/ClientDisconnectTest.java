package io.jetway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.contract.fake.RawUpstream;
import io.jetway.contract.support.GatewayHarness;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that leaves a stream while the provider is quiet (only SSE comments, or chunks seconds
 * apart): the gateway notices within about a second and closes the upstream connection, instead of
 * holding it until the provider's next chunk shows the client is gone (or forever, with comments).
 */
class ClientDisconnectTest {

    static final String CHUNK = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
            + "\"finish_reason\":null}]}\n\n";
    static final String STREAM_HEAD =
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n" + "Transfer-Encoding: chunked\r\n\r\n";

    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static void chunk(OutputStream out, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Opens a stream through the gateway on a raw socket, reads until its first event has arrived,
     * closes the connection, and returns when (System.nanoTime) it closed it.
     */
    static long openStreamAndLeaveAfterTheFirstEvent(RawUpstream upstream) throws IOException {
        byte[] body = "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        int port = Integer.parseInt(gw.url().substring(gw.url().lastIndexOf(':') + 1));
        try (Socket client = new Socket("127.0.0.1", port)) {
            OutputStream out = client.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "x-portkey-provider: openai\r\nAuthorization: Bearer " + GatewayHarness.PROVIDER_KEY
                            + "\r\n"
                            + "x-portkey-custom-host: " + upstream.v1() + "\r\nContent-Length: " + body.length
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = client.getInputStream();
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("\"content\":\"Hi\"")) {
                int b = in.read();
                assertThat(b)
                        .as("the stream's first event before the end: " + seen)
                        .isNotNegative();
                seen.append((char) b);
            }
            assertThat(seen.toString()).startsWith("HTTP/1.1 200");
        }
        return System.nanoTime();
    }

    @Test
    void aClientLeavingAStreamOfCommentsClosesTheUpstreamConnectionWithinAboutASecond() throws Exception {
        try (RawUpstream upstream = RawUpstream.start(out -> {
            out.write(STREAM_HEAD.getBytes(StandardCharsets.US_ASCII));
            chunk(out, CHUNK);
            for (int i = 0; i < 60; i++) { // 6 s of keep-alive comments, then it gives up
                Thread.sleep(100);
                chunk(out, ": ping\n\n");
            }
        })) {
            long left = openStreamAndLeaveAfterTheFirstEvent(upstream);

            long closed = upstream.awaitClosedByGateway(Duration.ofSeconds(5));

            assertThat(closed).as("the gateway closed the upstream connection").isPositive();
            assertThat(Duration.ofNanos(closed - left)).isLessThan(Duration.ofMillis(2_500));
        }
    }

    @Test
    void aClientLeavingBetweenChunksSecondsApartClosesTheUpstreamConnectionBeforeTheNextChunk() throws Exception {
        try (RawUpstream upstream = RawUpstream.start(out -> {
            out.write(STREAM_HEAD.getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 3; i++) {
                chunk(out, CHUNK);
                Thread.sleep(3_000);
            }
            chunk(out, "data: [DONE]\n\n");
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        })) {
            long left = openStreamAndLeaveAfterTheFirstEvent(upstream);

            long closed = upstream.awaitClosedByGateway(Duration.ofSeconds(5));

            assertThat(closed).as("the gateway closed the upstream connection").isPositive();
            assertThat(Duration.ofNanos(closed - left)).isLessThan(Duration.ofMillis(2_000));
        }
    }

    @Test
    void aClientLeavingBeforeTheFirstEventOfAProviderSendingOnlyCommentsClosesTheUpstreamConnectionWithinSeconds()
            throws Exception {
        try (RawUpstream upstream = RawUpstream.start(out -> {
            out.write(STREAM_HEAD.getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 100; i++) { // 10 s of keep-alive comments and never an event
                chunk(out, ": ping\n\n");
                Thread.sleep(100);
            }
        })) {
            byte[] body = "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            int port = Integer.parseInt(gw.url().substring(gw.url().lastIndexOf(':') + 1));
            long left;
            try (Socket client = new Socket("127.0.0.1", port)) {
                OutputStream out = client.getOutputStream();
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                + "x-portkey-provider: openai\r\nAuthorization: Bearer " + GatewayHarness.PROVIDER_KEY
                                + "\r\n"
                                + "x-portkey-custom-host: " + upstream.v1() + "\r\nContent-Length: " + body.length
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                assertThat(upstream.awaitRequests(1, Duration.ofSeconds(5)))
                        .as("the request reached the provider")
                        .isTrue();
                left = System.nanoTime();
            }

            long closed = upstream.awaitClosedByGateway(Duration.ofSeconds(8));

            assertThat(closed).as("the gateway closed the upstream connection").isPositive();
            // The first event is awaited for a second (for a retry), then the client watch probes.
            assertThat(Duration.ofNanos(closed - left)).isLessThan(Duration.ofMillis(4_000));
        }
    }
}
