package io.jetway.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Jetway's HTTP/1.1 server over real sockets, with a small echoing handler. */
class HttpServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ServerLimits LIMITS = ServerLimits.defaults(1024)
            .withTimeouts(
                    Duration.ofMillis(400), Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofMillis(400));

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int start(ServerLimits limits) throws IOException {
        server = HttpServer.start("127.0.0.1", 0, limits, (req, res) -> {
            seen.add(req.method() + " " + req.path());
            switch (req.path()) {
                case "/echo" -> {
                    byte[] body = req.body().readAllBytes();
                    res.header("Content-Type", "text/plain");
                    res.send(body);
                }
                case "/stream" -> {
                    OutputStream out = res.stream();
                    for (int i = 0; i < 3; i++) {
                        out.write(("part" + i + ";").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    out.close();
                }
                case "/flood" -> {
                    OutputStream out = res.stream();
                    byte[] chunk = new byte[64 * 1024];
                    try {
                        for (int i = 0; i < 4000; i++) {
                            out.write(chunk);
                            out.flush();
                        }
                    } catch (IOException stopped) {
                        seen.add("flood stopped");
                        throw stopped;
                    }
                }
                case "/abort" -> {
                    OutputStream out = res.stream();
                    out.write("partial".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    throw new ConnectionAbort("test");
                }
                default -> res.send(("no body read: " + req.path()).getBytes(StandardCharsets.US_ASCII));
            }
        });
        return server.port();
    }

    private static String post(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static void assertJsonError(RawConnection.Answer a, int status, String code) throws IOException {
        assertEquals(status, a.status(), a.body());
        assertEquals("application/json", a.header("content-type"));
        JsonNode error = JSON.readTree(a.body()).get("error");
        assertNotNull(error, a.body());
        assertEquals(code, error.get("code").asText(), a.body());
        assertFalse(error.get("message").asText().isBlank());
        assertTrue(error.get("type").asText().endsWith("_error"), a.body());
        assertTrue(error.has("param"));
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws IOException {
        int port = start(LIMITS);
        try (RawConnection c = new RawConnection(port)) {
            c.send(post("/echo", "one") + post("/echo", "two"));
            assertEquals("one", c.read().body());
            assertEquals("two", c.read().body());
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndTheConnectionClosesSoItsRestIsNeverTakenForARequest() throws IOException {
        int port = start(LIMITS);
        String smuggled = "GET /smuggled-marker HTTP/1.1\r\nHost: x\r\n\r\n";
        String big = "x".repeat(2000);
        try (RawConnection c = new RawConnection(port)) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n" + smuggled);
            RawConnection.Answer a = c.read();
            assertJsonError(a, 413, "request_too_large");
            assertEquals("close", a.header("connection"));
            assertTrue(c.closedByServer());
        }
        assertFalse(seen.contains("GET /smuggled-marker"), seen.toString());
    }

    @Test
    void aSilentConnectionIsClosedAfterTheHeaderTimeout() throws IOException {
        int port = start(LIMITS);
        try (RawConnection c = new RawConnection(port)) {
            c.timeout(3000); // well past the header timeout (0.4 s)
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void partialHeadersGet408AndTheConnectionCloses() throws IOException {
        int port = start(LIMITS);
        try (RawConnection c = new RawConnection(port)) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\n");
            assertJsonError(c.read(), 408, "request_timeout");
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void headersDrippedAByteAtATimeAreCutOffByTheHeaderDeadline() throws Exception {
        int port = start(LIMITS);
        try (RawConnection c = new RawConnection(port)) {
            // 25 bytes 40 ms apart: each well within any idle timeout, the whole (1 s) past the head's 0.4 s.
            byte[] head = "GET /echo HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 25; i++) {
                    c.send(new byte[] {head[i]});
                    Thread.sleep(40);
                }
            } catch (IOException closed) {
                // The server closed while bytes were still coming: as it should.
            }
            assertJsonError(c.read(), 408, "request_timeout");
        }
        assertTrue(seen.isEmpty(), seen.toString());
    }

    @Test
    void anUnfinishedBodyGets408AndTheConnectionCloses() throws IOException {
        int port = start(LIMITS);
        try (RawConnection c = new RawConnection(port)) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b");
            assertJsonError(c.read(), 408, "request_timeout");
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheKeepAliveTimeout() throws IOException {
        int port = start(LIMITS);
        try (RawConnection c = new RawConnection(port)) {
            c.send(post("/echo", "hi"));
            assertEquals("hi", c.read().body());
            c.timeout(3000);
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void connectionsOverTheCapGetA503InJsonAndTheOthersAreServed() throws IOException {
        int port = start(LIMITS.withTimeouts(
                        Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10))
                .withMaxConnections(2));
        try (RawConnection a = new RawConnection(port);
                RawConnection b = new RawConnection(port)) {
            a.send(post("/echo", "a"));
            assertEquals("a", a.read().body());
            b.send(post("/echo", "b"));
            assertEquals("b", b.read().body());
            try (RawConnection c = new RawConnection(port)) {
                c.send(post("/echo", "c"));
                RawConnection.Answer busy = c.read();
                assertJsonError(busy, 503, "too_many_connections");
                assertEquals("1", busy.header("retry-after"));
            }
            assertEquals(1, server.refusedConnections());
            a.send(post("/echo", "still served"));
            assertEquals("still served", a.read().body());
        }
    }

    @Test
    void http10RequestsAreServedAndTheConnectionClosesUnlessKeepAliveIsAsked() throws IOException {
        int port = start(LIMITS);
        try (RawConnection c = new RawConnection(port)) {
            c.send("POST /echo HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello");
            RawConnection.Answer a = c.read();
            assertEquals(200, a.status());
            assertEquals("hello", a.body());
            assertEquals("close", a.header("connection"));
            assertTrue(c.closedByServer());
        }
        try (RawConnection c = new RawConnection(port)) {
            c.send("POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 3\r\n\r\none");
            RawConnection.Answer a = c.read();
            assertEquals("keep-alive", a.header("connection"));
            assertEquals("one", a.body());
            c.send("POST /echo HTTP/1.0\r\nContent-Length: 3\r\n\r\ntwo");
            assertEquals("two", c.read().body());
        }
    }

    @Test
    void aStreamToAnHttp10ClientIsUnframedAndEndsWithTheConnection() throws IOException {
        int port = start(LIMITS);
        try (RawConnection c = new RawConnection(port)) {
            c.send("GET /stream HTTP/1.0\r\n\r\n");
            RawConnection.Answer a = c.read();
            assertNull(a.header("transfer-encoding"));
            assertEquals("part0;part1;part2;", a.body());
        }
    }

    @Test
    void aStreamToAnHttp11ClientIsChunkedAndTheConnectionStaysOpen() throws IOException {
        int port = start(LIMITS);
        try (RawConnection c = new RawConnection(port)) {
            c.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            RawConnection.Answer a = c.read();
            assertEquals("chunked", a.header("transfer-encoding"));
            assertEquals("part0;part1;part2;", a.body());
            c.send(post("/echo", "next"));
            assertEquals("next", c.read().body());
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOffAfterTheWriteTimeoutAndItsThreadFreed() throws Exception {
        int port = start(LIMITS.withWriteTimeout(Duration.ofMillis(300)));
        try (RawConnection c = new RawConnection(port)) {
            c.send("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n");
            // Never read: the server's writes fill the buffers, then block until the write timeout.
            long until = System.nanoTime() + 5_000_000_000L;
            while (!seen.contains("flood stopped") && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertTrue(seen.contains("flood stopped"), "the blocked write never ended");
            while (server.openConnections() > 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(0, server.openConnections());
        }
    }

    @Test
    void anAbortedStreamHasNoLastChunkSoClientsSeeItTruncated() throws IOException {
        int port = start(LIMITS);
        try (RawConnection c = new RawConnection(port)) {
            c.send("GET /abort HTTP/1.1\r\nHost: x\r\n\r\n");
            IOException e = assertThrows(IOException.class, c::read);
            assertTrue(e.getMessage().contains("without its last chunk"), e.getMessage());
        }
    }

    @Test
    void connectionCloseFromTheClientClosesTheConnectionAfterTheAnswer() throws IOException {
        int port = start(LIMITS);
        try (RawConnection c = new RawConnection(port)) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
            RawConnection.Answer a = c.read();
            assertEquals("close", a.header("connection"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void expect100ContinueIsAnsweredWhenTheHandlerReadsTheBody() throws IOException {
        int port = start(LIMITS);
        try (RawConnection c = new RawConnection(port)) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            assertEquals(100, c.read().status());
            c.send("body");
            assertEquals("body", c.read().body());
        }
    }

    @Test
    void gzipBodiesAreDecodedAndHeldToTheLimitOnceDecoded() throws IOException {
        int port = start(LIMITS);
        byte[] small = gzip("z".repeat(500));
        byte[] bomb = gzip("z".repeat(50_000));
        try (RawConnection c = new RawConnection(port)) {
            c.send(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: " + small.length
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            c.send(small);
            assertEquals("z".repeat(500), c.read().body());
            c.send(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: " + bomb.length
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            c.send(bomb);
            assertJsonError(c.read(), 413, "request_too_large");
        }
    }

    @Test
    void aSmallUnreadBodyIsSkippedAndTheConnectionKeptAlive() throws IOException {
        int port = start(LIMITS);
        try (RawConnection c = new RawConnection(port)) {
            c.send(post("/ignore", "GET /smuggled-marker HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertEquals("no body read: /ignore", c.read().body());
            c.send(post("/echo", "after"));
            assertEquals("after", c.read().body());
        }
        assertFalse(seen.contains("GET /smuggled-marker"), seen.toString());
    }

    static List<Arguments> serverRaisedErrors() {
        return List.of(
                Arguments.of(
                        "a request line over 8 KiB",
                        "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                        414,
                        "uri_too_long"),
                Arguments.of(
                        "more than 128 fields",
                        "GET / HTTP/1.1\r\n" + "X-A: b\r\n".repeat(200) + "\r\n",
                        431,
                        "request_header_fields_too_large"),
                Arguments.of(
                        "a head over 64 KiB",
                        "GET / HTTP/1.1\r\nX-Big: " + "b".repeat(70_000) + "\r\n\r\n",
                        431,
                        "request_header_fields_too_large"),
                Arguments.of(
                        "obs-fold",
                        "GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n  b\r\n\r\n",
                        400,
                        "malformed_request"),
                Arguments.of("a bare LF", "GET / HTTP/1.1\nHost: x\n\n", 400, "malformed_request"),
                Arguments.of(
                        "a NUL in a field", "GET / HTTP/1.1\r\nHost: x\r\nX-N: a\0b\r\n\r\n", 400, "malformed_request"),
                Arguments.of(
                        "whitespace before a colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400, "malformed_request"),
                Arguments.of(
                        "Content-Length with Transfer-Encoding",
                        "POST /echo HTTP/1.1\r\nHost: x\r\n"
                                + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        400,
                        "malformed_request"),
                Arguments.of(
                        "two Content-Lengths",
                        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n" + "Content-Length: 3\r\n\r\nabc",
                        400,
                        "malformed_request"),
                Arguments.of(
                        "a Content-Length list",
                        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 2\r\n\r\nab",
                        400,
                        "malformed_request"),
                Arguments.of(
                        "a declared body over the limit",
                        "POST /echo HTTP/1.1\r\nHost: x\r\n" + "Content-Length: 5000\r\n\r\n",
                        413,
                        "request_too_large"),
                Arguments.of(
                        "an unsupported Content-Encoding",
                        "POST /echo HTTP/1.1\r\nHost: x\r\n" + "Content-Encoding: br\r\nContent-Length: 2\r\n\r\nab",
                        415,
                        "unsupported_content_encoding"),
                Arguments.of(
                        "an unsupported Transfer-Encoding",
                        "POST /echo HTTP/1.1\r\nHost: x\r\n" + "Transfer-Encoding: gzip, chunked\r\n\r\n",
                        501,
                        "not_implemented"),
                Arguments.of(
                        "HTTP/2.0 in a request line",
                        "GET / HTTP/2.0\r\nHost: x\r\n\r\n",
                        505,
                        "http_version_not_supported"),
                Arguments.of("a garbled request line", "HELLO\r\n\r\n", 400, "malformed_request"),
                Arguments.of(
                        "an Expect other than 100-continue",
                        "POST /echo HTTP/1.1\r\nHost: x\r\n" + "Expect: 200-ok\r\nContent-Length: 2\r\n\r\nab",
                        417,
                        "expectation_failed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serverRaisedErrors")
    void errorsTheServerRaisesItselfAreOpenAiStyleJsonAndCloseTheConnection(
            String what, String request, int status, String code) throws IOException {
        int port = start(LIMITS);
        try (RawConnection c = new RawConnection(port)) {
            c.send(request);
            RawConnection.Answer a = c.read();
            assertJsonError(a, status, code);
            assertEquals("close", a.header("connection"));
            assertTrue(c.closedByServer());
        }
        assertTrue(seen.isEmpty(), seen.toString());
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        return b.toByteArray();
    }
}
