package io.jetway.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.GatewayException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class Http1UpstreamClientTest {

    private static final String JSON = "{\"object\":\"chat.completion\"}";

    /**
     * A raw-socket HTTP/1.1 server: reads each request head and body (Content-Length), records it,
     * and answers with whatever the test's script returns for (connection number, request number on
     * that connection); a null answer closes the connection without answering.
     */
    static final class ScriptedServer implements AutoCloseable {
        final ServerSocket server;
        final AtomicInteger connections = new AtomicInteger();
        final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        final List<Socket> sockets = new CopyOnWriteArrayList<>();

        ScriptedServer(BiFunction<Integer, Integer, byte[]> script) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        sockets.add(s);
                        int conn = connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(s, conn, script));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket s, int conn, BiFunction<Integer, Integer, byte[]> script) {
            try (s;
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream()) {
                for (int n = 1; ; n++) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    int length = 0;
                    for (String line : head.split("\r\n")) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).strip());
                        }
                    }
                    String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                    requests.add(head + "\r\n\r\n" + body);
                    byte[] answer = script.apply(conn, n);
                    if (answer == null) {
                        return;
                    }
                    out.write(answer);
                    out.flush();
                }
            } catch (IOException ignored) {
                // the client went away
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int state = 0;
            for (int b; (b = in.read()) >= 0; ) {
                head.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                        ? state + 1
                        : 0;
                if (state == 4) {
                    String s = head.toString(StandardCharsets.ISO_8859_1);
                    return s.substring(0, s.length() - 4);
                }
            }
            return null;
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    private final List<AutoCloseable> open = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final Http1UpstreamClient client =
            new Http1UpstreamClient(Duration.ofSeconds(2), (SSLSocketFactory) SSLSocketFactory.getDefault(), now::get);

    @AfterEach
    void closeServers() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private ScriptedServer server(BiFunction<Integer, Integer, byte[]> script) throws IOException {
        ScriptedServer s = new ScriptedServer(script);
        open.add(s);
        return s;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] json(String body) {
        return bytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body);
    }

    /**
     * Bytes a test wrote on the server's side of a connection are usually in the client's socket
     * when the write returns, but a loaded machine may defer loopback delivery by a few ms.
     */
    private static void letLoopbackDeliver() throws InterruptedException {
        Thread.sleep(50);
    }

    private static UpstreamRequest post(URI uri, String body) {
        return new UpstreamRequest(
                uri,
                Map.of("Content-Type", "application/json", "Authorization", "Bearer k"),
                body.getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(2),
                false);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void sendsOnePostWithHostContentLengthAndThePreparedHeaders() throws Exception {
        ScriptedServer s = server((c, n) -> json(JSON));
        URI uri =
                URI.create("http://127.0.0.1:" + s.server.getLocalPort() + "/v1/model/arn%3Aaws%3Ax/converse?a=b%2Fc");

        try (UpstreamResponse r = client.send(post(uri, "{\"model\":\"m\"}"))) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("content-type")).isEqualTo("application/json");
            assertThat(text(r.readAll())).isEqualTo(JSON);
        }
        String request = s.requests.take();
        assertThat(request)
                .startsWith("POST /v1/model/arn%3Aaws%3Ax/converse?a=b%2Fc HTTP/1.1\r\n")
                .contains("\r\nHost: 127.0.0.1:" + s.server.getLocalPort() + "\r\n")
                .contains("\r\nContent-Type: application/json\r\n")
                .contains("\r\nAuthorization: Bearer k\r\n")
                .contains("\r\nContent-Length: 13\r\n")
                .contains("\r\nUser-Agent: Jetway\r\n")
                .endsWith("\r\n\r\n{\"model\":\"m\"}");
    }

    @Test
    void lengthDelimitedAndChunkedAnswersReadToTheirEndShareOneConnection() throws Exception {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\n{\"a\":\r\n3\r\n1}\n\r\n0\r\nX-Trailer: t\r\n\r\n";
        ScriptedServer s = server((c, n) -> n % 2 == 1 ? json(JSON) : bytes(chunked));
        for (int i = 0; i < 4; i++) {
            try (UpstreamResponse r = client.send(post(s.uri("/v1/chat/completions"), "{}"))) {
                assertThat(text(r.readAll())).isEqualTo(i % 2 == 0 ? JSON : "{\"a\":1}\n");
            }
        }
        assertThat(s.connections.get()).isEqualTo(1);
        assertThat(client.idleConnections(s.uri("/"))).isEqualTo(1);
    }

    @Test
    void aStreamedChunkedBodyArrivesAsItIsSentAndAvailableNeverPromisesMoreThanTheChunk() throws Exception {
        BlockingQueue<String> feed = new LinkedBlockingQueue<>();
        // A server that writes the head and first chunk, then waits for the test before the rest.
        try (ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket sock = ss.accept();
                        OutputStream out = sock.getOutputStream()) {
                    ScriptedServer.readHead(sock.getInputStream());
                    sock.getInputStream().readNBytes(2);
                    out.write(bytes(
                            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                                    + "6\r\ndata: \r\n"));
                    out.flush();
                    feed.take();
                    out.write(bytes("3\r\nhi\n\r\n0\r\n\r\n"));
                    out.flush();
                    feed.take();
                } catch (Exception ignored) {
                    // test over
                }
            });
            UpstreamResponse r = client.send(post(URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/sse"), "{}"));
            InputStream body = r.body();
            byte[] buf = new byte[64];
            assertThat(body.read(buf)).isEqualTo(6);
            assertThat(new String(buf, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("data: ");
            assertThat(body.available()).isZero();
            feed.add("go");
            int n = body.read(buf);
            assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).isEqualTo("hi\n");
            assertThat(body.read(buf)).isEqualTo(-1);
            r.close();
            feed.add("end");
        }
    }

    @Test
    void aStreamWhoseEndIsAlreadyBufferedEndsWithoutWaitingAndItsConnectionGoesBackToThePool() throws Exception {
        // One write: the [DONE] event's chunk, then the rest of a chunk the reader will not want, then the end.
        String stream = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "e\r\ndata: [DONE]\n\n\r\n" + "4\r\n: x\n\r\n" + "0\r\n\r\n";
        ScriptedServer s = server((c, n) -> bytes(stream));
        for (int i = 0; i < 2; i++) {
            UpstreamResponse r = client.send(post(s.uri("/sse"), "{}"));
            InputStream body = r.body();
            assertThat(new String(body.readNBytes(14), StandardCharsets.US_ASCII))
                    .isEqualTo("data: [DONE]\n\n");
            assertThat(body.read(new byte[2], 0, 2)).isEqualTo(2); // into the second chunk: its rest is skipped
            assertThat(r.endIfBuffered()).isTrue();
            assertThat(body.read()).isEqualTo(-1);
            r.close();
            assertThat(client.idleConnections(s.uri("/"))).isEqualTo(1);
        }
        assertThat(s.connections.get()).isEqualTo(1);
    }

    @Test
    void aStreamWhoseEndHasNotArrivedIsNotEndedWithoutWaitingAndIsReadToItsEndAsBefore() throws Exception {
        BlockingQueue<String> feed = new LinkedBlockingQueue<>();
        try (ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket sock = ss.accept();
                        OutputStream out = sock.getOutputStream()) {
                    ScriptedServer.readHead(sock.getInputStream());
                    sock.getInputStream().readNBytes(2);
                    out.write(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhi\n\r\n"));
                    out.flush();
                    feed.take();
                    out.write(bytes("0\r\n\r\n"));
                    out.flush();
                    feed.take();
                } catch (Exception ignored) {
                    // test over
                }
            });
            UpstreamResponse r = client.send(post(URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/sse"), "{}"));
            InputStream body = r.body();
            assertThat(new String(body.readNBytes(3), StandardCharsets.US_ASCII))
                    .isEqualTo("hi\n");
            assertThat(r.endIfBuffered()).isFalse();
            feed.add("end");
            assertThat(body.read()).isEqualTo(-1);
            assertThat(r.endIfBuffered()).isTrue();
            r.close();
            feed.add("done");
        }
    }

    @Test
    void anAnswerWithoutLengthIsReadToTheConnectionsEndAndTheConnectionIsNotPooled() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket sock = ss.accept();
                        OutputStream out = sock.getOutputStream()) {
                    ScriptedServer.readHead(sock.getInputStream());
                    sock.getInputStream().readNBytes(2);
                    out.write(bytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + JSON));
                } catch (IOException ignored) {
                    // test over
                }
            });
            URI uri = URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/v1");
            try (UpstreamResponse r = client.send(post(uri, "{}"))) {
                assertThat(text(r.readAll())).isEqualTo(JSON);
            }
            assertThat(client.idleConnections(uri)).isZero();
        }
    }

    @Test
    void informationalAnswersAreSkipped() throws Exception {
        ScriptedServer s =
                server((c, n) -> bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\n"
                        + new String(json(JSON), StandardCharsets.ISO_8859_1)));
        try (UpstreamResponse r = client.send(post(s.uri("/v1"), "{}"))) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(text(r.readAll())).isEqualTo(JSON);
        }
    }

    @Test
    void aRequestTheServerReadOnAReusedConnectionBeforeClosingItIsNotSentAgain() throws Exception {
        // Connection 1 answers once, then reads the whole next request and closes without answering:
        // the provider may have acted on it (a charge), so sending it again could do it twice.
        ScriptedServer s = server((c, n) -> c == 1 && n == 2 ? null : json("{\"conn\":" + c + "}"));
        try (UpstreamResponse r = client.send(post(s.uri("/v1"), "{}"))) {
            assertThat(text(r.readAll())).isEqualTo("{\"conn\":1}");
        }
        assertThatThrownBy(() -> client.send(post(s.uri("/v1"), "{\"second\":true}")))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.status()).isEqualTo(502));
        assertThat(s.requests).hasSize(2);
        assertThat(s.connections.get()).isEqualTo(1);
    }

    @Test
    void aReusedConnectionResetBeforeTheRequestWasWholeIsReplacedAndTheRequestSentOnceMore() throws Exception {
        // Connection 1 answers once; of the next request it reads only the head, then resets the
        // connection. The body (larger than the sockets' buffers) cannot all be written: the server
        // never had the whole request, so it goes again, on a new connection.
        byte[] big = new byte[32 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        BlockingQueue<Integer> whole = new LinkedBlockingQueue<>();
        AtomicInteger connections = new AtomicInteger();
        ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        open.add(ss);
        Thread.ofVirtual().start(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket sock = ss.accept();
                    int conn = connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> {
                        try (sock;
                                InputStream in = sock.getInputStream();
                                OutputStream out = sock.getOutputStream()) {
                            for (int n = 1; ; n++) {
                                String head = ScriptedServer.readHead(in);
                                if (head == null) {
                                    return;
                                }
                                if (conn == 1 && n == 2) {
                                    sock.setSoLinger(true, 0);
                                    return; // RST, the body unread
                                }
                                int length = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
                                whole.add(in.readNBytes(length).length);
                                out.write(json("{\"conn\":" + conn + "}"));
                                out.flush();
                            }
                        } catch (IOException ignored) {
                            // test over
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        URI uri = URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/v1");
        try (UpstreamResponse r = client.send(post(uri, "{}"))) {
            assertThat(text(r.readAll())).isEqualTo("{\"conn\":1}");
        }
        UpstreamRequest large = new UpstreamRequest(uri, Map.of(), big, Duration.ofSeconds(5), false);
        try (UpstreamResponse r = client.send(large)) {
            assertThat(text(r.readAll())).isEqualTo("{\"conn\":2}");
        }
        assertThat(whole).containsExactly(2, big.length);
    }

    @Test
    void aPooledConnectionIdleForLongIsProbedAndOneWithUnaskedDataIsNotUsed() throws Exception {
        ScriptedServer s = server((c, n) -> json("{\"conn\":" + c + "}"));
        try (UpstreamResponse r = client.send(post(s.uri("/v1"), "{}"))) {
            r.readAll();
        }
        // While the connection sits in the pool, the server writes bytes nobody asked for. Sent on
        // it, the next request would read them as its answer's status line and fail; the probe
        // (due after 1 s idle, here on the injected clock) must see them and drop the connection.
        OutputStream out = s.sockets.get(0).getOutputStream();
        out.write(bytes("HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n"));
        out.flush();
        letLoopbackDeliver();
        now.addAndGet(Http1UpstreamClient.PROBE_AFTER_IDLE_NANOS + 1);
        try (UpstreamResponse r = client.send(post(s.uri("/v1"), "{}"))) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(text(r.readAll())).isEqualTo("{\"conn\":2}");
        }
    }

    @Test
    void aConnectionProbedAfterLongIdleIsReusedAndStillWaitsInABlockingRead() throws Exception {
        Assumptions.assumeTrue(SocketFlags.available(), "needs Linux's /proc");
        ScriptedServer s = server((c, n) -> json("{\"conn\":" + c + "}"));
        try (UpstreamResponse r = client.send(post(s.uri("/v1"), "{}"))) {
            r.readAll();
        }
        int clientPort = s.sockets.get(0).getPort();
        assertThat(SocketFlags.nonBlocking(clientPort)).isFalse();
        now.addAndGet(Http1UpstreamClient.PROBE_AFTER_IDLE_NANOS + 1);

        try (UpstreamResponse r = client.send(post(s.uri("/v1"), "{}"))) {
            assertThat(text(r.readAll())).isEqualTo("{\"conn\":1}");
        }
        client.reapIdle(); // not due yet on the injected clock: a second probe comes with the next period
        now.addAndGet(Http1UpstreamClient.REAP_EVERY_NANOS);
        client.reapIdle();
        assertThat(client.idleConnections(s.uri("/"))).isEqualTo(1);

        // The probes' 1 ms reads left the socket blocking: a non-blocking one would make every later
        // wait a failed read, a poll and a second read.
        assertThat(SocketFlags.nonBlocking(clientPort)).isFalse();
    }

    @Test
    void aConnectionIdleLongerThanTheLimitIsClosedNotReused() throws Exception {
        ScriptedServer s = server((c, n) -> json("{\"conn\":" + c + "}"));
        try (UpstreamResponse r = client.send(post(s.uri("/v1"), "{}"))) {
            r.readAll();
        }
        now.addAndGet(Http1UpstreamClient.MAX_IDLE_NANOS + 1);
        try (UpstreamResponse r = client.send(post(s.uri("/v1"), "{}"))) {
            assertThat(text(r.readAll())).isEqualTo("{\"conn\":2}");
        }
    }

    @Test
    void aBodyAbandonedBeforeItsEndClosesItsConnection() throws Exception {
        String big = "x".repeat(100);
        ScriptedServer s = server((c, n) -> json(big));
        UpstreamResponse r = client.send(post(s.uri("/v1"), "{}"));
        assertThat(r.body().read(new byte[10])).isEqualTo(10);
        r.close();
        assertThat(client.idleConnections(s.uri("/"))).isZero();
        try (UpstreamResponse again = client.send(post(s.uri("/v1"), "{}"))) {
            assertThat(text(again.readAll())).isEqualTo(big);
        }
        assertThat(s.connections.get()).isEqualTo(2);
    }

    @Test
    void aBodyEndingBeforeItsLengthIsAnIncompleteAnswer() throws Exception {
        // The answer is shorter than its Content-Length; closing the connection after it ends the body early.
        ScriptedServer closing =
                server((c, n) -> n == 1 ? bytes("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"p\"") : null);
        try (UpstreamResponse r = client.send(post(closing.uri("/v1"), "{}"))) {
            closing.close();
            assertThatThrownBy(r::readAll).isInstanceOfSatisfying(GatewayException.class, e -> {
                assertThat(e.status()).isEqualTo(502);
                assertThat(e.getMessage()).contains("closed the connection before its answer was complete");
            });
        }
    }

    /** A server that reads one request head, reports it, and never answers (it reads until the client leaves). */
    private URI silentServer(CountDownLatch requestRead) throws IOException {
        ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        open.add(ss);
        Thread.ofVirtual().start(() -> {
            try (Socket sock = ss.accept()) {
                InputStream in = sock.getInputStream();
                ScriptedServer.readHead(in);
                requestRead.countDown();
                while (in.read() >= 0) {
                    // the request's body, then nothing until the client closes
                }
            } catch (IOException ignored) {
                // the client left
            }
        });
        return URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/v1");
    }

    /** {@code client.send(request)} on a thread of its own. */
    private FutureTask<UpstreamResponse> sendInBackground(UpstreamRequest request) {
        FutureTask<UpstreamResponse> sent = new FutureTask<>(() -> client.send(request));
        Thread.ofVirtual().start(sent);
        return sent;
    }

    /** What {@code sent} failed with (it must fail). */
    private static Throwable failureOf(FutureTask<UpstreamResponse> sent) throws Exception {
        try {
            sent.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the call did not fail");
    }

    @Test
    void aProviderThatDoesNotAnswerInTimeIsATimeoutOnTheClientsClockWithoutAnyoneSleeping() throws Exception {
        CountDownLatch requestRead = new CountDownLatch(1);
        // An hour: only the client's clock, which the test moves, can get there.
        UpstreamRequest slow =
                new UpstreamRequest(silentServer(requestRead), Map.of(), new byte[0], Duration.ofHours(1), true);
        FutureTask<UpstreamResponse> sent = sendInBackground(slow);
        assertThat(requestRead.await(5, TimeUnit.SECONDS)).isTrue();

        now.addAndGet(Duration.ofHours(1).toNanos() + 1);

        assertThat(failureOf(sent)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(408);
            assertThat(e.getMessage()).contains("did not answer within 3600000 ms");
        });
    }

    @Test
    void closingTheClientEndsItsDeadlineWatcherAndItsPooledConnectionsAndRefusesFurtherCalls() throws Exception {
        ScriptedServer s = server((c, n) -> json(JSON));
        Http1UpstreamClient own = new Http1UpstreamClient(
                Duration.ofSeconds(2), (SSLSocketFactory) SSLSocketFactory.getDefault(), now::get);
        try (UpstreamResponse r = own.send(post(s.uri("/v1"), "{}"))) {
            r.readAll();
        }
        Thread watcher = own.deadlineWatcher();
        assertThat(watcher).isNotNull();
        assertThat(watcher.isAlive()).isTrue();
        assertThat(own.idleConnections()).isOne();

        own.close();

        watcher.join(Duration.ofSeconds(5));
        assertThat(watcher.isAlive()).as("the deadline watcher ended").isFalse();
        assertThat(own.idleConnections()).isZero();
        assertThatThrownBy(() -> own.send(post(s.uri("/v1"), "{}"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nothingListeningIsABadGatewayNamingTheHost() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        UpstreamRequest req = post(URI.create("http://127.0.0.1:" + port + "/v1"), "{}");
        assertThatThrownBy(() -> client.send(req)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).contains("Could not connect to the provider at 127.0.0.1:" + port);
        });
    }

    @Test
    void aHeaderValueWithALineBreakIsRefusedNotSent() throws Exception {
        ScriptedServer s = server((c, n) -> json(JSON));
        UpstreamRequest req = new UpstreamRequest(
                s.uri("/v1"), Map.of("X-Evil", "a\r\nHost: other"), new byte[0], Duration.ofSeconds(1), false);
        assertThatThrownBy(() -> client.send(req)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).contains("X-Evil");
        });
        assertThat(s.requests).isEmpty();
    }

    @Test
    void aMalformedStatusLineIsABadGateway() throws Exception {
        ScriptedServer s = server((c, n) -> bytes("SPDY/3 200 OK\r\n\r\n"));
        assertThatThrownBy(() -> client.send(post(s.uri("/v1"), "{}")))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("not an HTTP/1.x status line");
                });
    }

    @Test
    void statusLinesParseWithOrWithoutAReason() throws Exception {
        assertThat(Http1UpstreamClient.parseStatus("HTTP/1.1 200 OK")).isEqualTo(200);
        assertThat(Http1UpstreamClient.parseStatus("HTTP/1.1 529")).isEqualTo(529);
        assertThat(Http1UpstreamClient.parseStatus("HTTP/1.0 404 Not Found")).isEqualTo(404);
        assertThatThrownBy(() -> Http1UpstreamClient.parseStatus("HTTP/1.1 2000 OK"))
                .isInstanceOf(java.net.ProtocolException.class);
    }

    @Test
    void theHostHeaderOmitsDefaultPortsAndBracketsIpv6() {
        assertThat(Http1UpstreamClient.Route.of(URI.create("https://api.openai.com/v1"))
                        .hostHeader())
                .isEqualTo("api.openai.com");
        assertThat(Http1UpstreamClient.Route.of(URI.create("http://[::1]:8080/v1"))
                        .hostHeader())
                .isEqualTo("[::1]:8080");
        assertThat(Http1UpstreamClient.Route.of(URI.create("http://h:80/v1")).hostHeader())
                .isEqualTo("h");
    }

    @Test
    void httpsUpstreamsAreReachedOverTlsWithTheirCertificateCheckedAgainstTheHost() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("jetway-tls");
        java.nio.file.Path store = dir.resolve("upstream.p12");
        String keytool = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString();
        Process p = new ProcessBuilder(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "upstream",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, "changeit".toCharArray());
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

        try (javax.net.ssl.SSLServerSocket ss = (javax.net.ssl.SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 5)) { // every local address: 127.0.0.2 must reach it too
            Thread.ofVirtual().start(() -> {
                while (!ss.isClosed()) {
                    Socket accepted;
                    try {
                        accepted = ss.accept();
                    } catch (IOException e) {
                        return;
                    }
                    Thread.ofVirtual().start(() -> {
                        try (Socket sock = accepted;
                                OutputStream out = sock.getOutputStream()) {
                            InputStream in = sock.getInputStream();
                            while (ScriptedServer.readHead(in) != null) {
                                in.readNBytes(2);
                                out.write(json(JSON));
                                out.flush();
                            }
                        } catch (IOException ignored) {
                            // a refused handshake, or the test is over
                        }
                    });
                }
            });
            Http1UpstreamClient tlsClient =
                    new Http1UpstreamClient(Duration.ofSeconds(2), ctx.getSocketFactory(), now::get);
            URI ok = URI.create("https://localhost:" + ss.getLocalPort() + "/v1/chat/completions");
            for (int i = 0; i < 2; i++) {
                try (UpstreamResponse r = tlsClient.send(post(ok, "{}"))) {
                    assertThat(text(r.readAll())).isEqualTo(JSON);
                }
            }
            assertThat(tlsClient.idleConnections(ok)).isEqualTo(1);

            // The certificate names localhost and 127.0.0.1, not 127.0.0.2: refused, never sent.
            UpstreamRequest wrongHost = post(URI.create("https://127.0.0.2:" + ss.getLocalPort() + "/v1"), "{}");
            assertThatThrownBy(() -> tlsClient.send(wrongHost)).isInstanceOfSatisfying(GatewayException.class, e -> {
                assertThat(e.status()).isEqualTo(502);
                assertThat(e.getMessage()).contains("127.0.0.2").doesNotContain("Could not connect");
            });
        }
    }

    @Test
    void aBodyThatStallsLongerThanTheTimeoutIsATimeoutAndItsConnectionIsClosed() throws Exception {
        ScriptedServer s = server((c, n) -> {
            byte[] head = bytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"slow\":");
            return head; // and then nothing more: the rest never comes
        });
        UpstreamRequest slow = new UpstreamRequest(s.uri("/v1"), Map.of(), new byte[0], Duration.ofHours(1), false);
        UpstreamResponse r = client.send(slow);
        // Enforced by the deadline watcher on the client's clock, not at some socket default.
        now.addAndGet(Duration.ofHours(1).toNanos() + 1);
        assertThatThrownBy(r::readAll).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(504);
            assertThat(e.getMessage()).contains("did not answer within 3600000 ms");
        });
        assertThat(client.idleConnections(s.uri("/"))).isZero();
    }

    @Test
    void anHttp10AnswerClosesItsConnectionUnlessItAsksToKeepIt() throws Exception {
        ScriptedServer s = server((c, n) -> bytes(
                c == 1
                        ? "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}"
                        : "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n{}"));
        try (UpstreamResponse r = client.send(post(s.uri("/v1"), "{}"))) {
            assertThat(text(r.readAll())).isEqualTo("{}");
        }
        assertThat(client.idleConnections(s.uri("/"))).isZero();
        try (UpstreamResponse r = client.send(post(s.uri("/v1"), "{}"))) {
            assertThat(text(r.readAll())).isEqualTo("{}");
        }
        assertThat(client.idleConnections(s.uri("/"))).isEqualTo(1);
    }

    @Test
    void bytesArrivingAfterAnAnswerEndedKeepItsConnectionOutOfUseAndTheNextRequestGoesOnAFreshOne() throws Exception {
        ScriptedServer s = server((c, n) -> json("{\"conn\":" + c + "}"));
        try (UpstreamResponse r = client.send(post(s.uri("/v1"), "{}"))) {
            assertThat(text(r.readAll())).isEqualTo("{\"conn\":1}");
        }
        // The answer said Content-Length: 10 and ended there; more follows (what a provider that
        // miscounted its body sends). Read as the next answer's status line, it would fail an
        // unrelated request; the connection must not be used again, however soon.
        OutputStream out = s.sockets.get(0).getOutputStream();
        out.write(bytes("kens\":0}}}"));
        out.flush();
        letLoopbackDeliver();
        try (UpstreamResponse r = client.send(post(s.uri("/v1"), "{}"))) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(text(r.readAll())).isEqualTo("{\"conn\":2}");
        }
        assertThat(s.requests).hasSize(2);
    }

    @Test
    void bytesBeyondTheAnswerInTheSameReadCloseItsConnection() throws Exception {
        ScriptedServer s =
                server((c, n) -> bytes(text(json("{\"conn\":" + c + "}")) + (c == 1 ? "{\"usage\":1}" : "")));
        try (UpstreamResponse r = client.send(post(s.uri("/v1"), "{}"))) {
            assertThat(text(r.readAll())).isEqualTo("{\"conn\":1}");
        }
        assertThat(client.idleConnections(s.uri("/"))).isZero();
        try (UpstreamResponse r = client.send(post(s.uri("/v1"), "{}"))) {
            assertThat(text(r.readAll())).isEqualTo("{\"conn\":2}");
        }
    }

    /** A server that sends the head at once, then the body one byte every {@code gapMillis}. */
    private URI drippingServer(int bodyBytes, long gapMillis) throws IOException {
        ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        open.add(ss);
        Thread.ofVirtual().start(() -> {
            try (Socket sock = ss.accept();
                    OutputStream out = sock.getOutputStream()) {
                ScriptedServer.readHead(sock.getInputStream());
                out.write(bytes("HTTP/1.1 200 OK\r\nContent-Length: " + bodyBytes + "\r\n\r\n"));
                out.flush();
                for (int i = 0; i < bodyBytes; i++) {
                    Thread.sleep(gapMillis);
                    out.write('x');
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // the client left
            }
        });
        return URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/v1");
    }

    @Test
    void aWholeAnswerDrippedSlowerThanTheRequestTimeoutFailsAtTheTimeoutNotAtItsEnd() throws Exception {
        // Every gap (20 ms) is far below the 300 ms timeout, but the body would take 3 s in all; the
        // client's clock passes the exchange's deadline once the head is in.
        URI uri = drippingServer(150, 20);
        UpstreamRequest req = new UpstreamRequest(uri, Map.of(), new byte[0], Duration.ofMillis(300), true);
        assertThatThrownBy(() -> {
                    try (UpstreamResponse r = client.send(req)) {
                        now.addAndGet(Duration.ofMillis(301).toNanos());
                        r.readAll();
                    }
                })
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(408);
                    assertThat(e.getMessage()).contains("300 ms");
                });
    }

    @Test
    void theTimeoutRunsFromWhenTheExchangeBeganNotFromWhenItWasSent() throws Exception {
        // 250 ms of a 300 ms timeout went on preparing the call (Bedrock fetching images): an
        // answer 150 ms after sending is too late.
        CountDownLatch requestRead = new CountDownLatch(1);
        UpstreamRequest late = new UpstreamRequest(
                silentServer(requestRead),
                Map.of(),
                new byte[0],
                Duration.ofMillis(300),
                true,
                now.get() - Duration.ofMillis(250).toNanos());
        FutureTask<UpstreamResponse> sent = sendInBackground(late);
        assertThat(requestRead.await(5, TimeUnit.SECONDS)).isTrue();
        now.addAndGet(Duration.ofMillis(150).toNanos());
        assertThat(failureOf(sent))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.status()).isEqualTo(408));
        ScriptedServer s = server((c, n) -> json(JSON));
        UpstreamRequest inTime =
                new UpstreamRequest(s.uri("/v1"), Map.of(), new byte[0], Duration.ofMillis(300), true, now.get());
        try (UpstreamResponse r = client.send(inTime)) {
            assertThat(text(r.readAll())).isEqualTo(JSON);
        }
    }

    @Test
    void aStreamMayLastLongerThanTheTimeoutAsLongAsNoWaitDoes() throws Exception {
        URI uri = drippingServer(30, 20);
        UpstreamRequest req = new UpstreamRequest(uri, Map.of(), new byte[0], Duration.ofMillis(300), true);
        try (UpstreamResponse r = client.send(req)) {
            InputStream body = r.body();
            int read = 0;
            while (body.read() >= 0) {
                read++;
                // 3 s in all on the client's clock, 100 ms between one wait and the next.
                now.addAndGet(Duration.ofMillis(100).toNanos());
            }
            assertThat(read).isEqualTo(30);
        }
    }

    /** A server that answers one request, then closes its side and reports when the client closes its own. */
    private URI serverThatLeavesAfterOneAnswer(CountDownLatch clientClosed) throws IOException {
        ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        open.add(ss);
        Thread.ofVirtual().start(() -> {
            try (Socket sock = ss.accept()) {
                InputStream in = sock.getInputStream();
                ScriptedServer.readHead(in);
                in.readNBytes(2);
                sock.getOutputStream().write(json(JSON));
                sock.getOutputStream().flush();
                sock.shutdownOutput(); // FIN: the client's socket is now in CLOSE_WAIT until it closes it
                if (in.read() < 0) {
                    clientClosed.countDown();
                }
            } catch (IOException ignored) {
                // test over
            }
        });
        return URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/v1");
    }

    @Test
    void anIdleConnectionWhoseServerLeftIsClosedByTheReaperWithoutWaitingForARequest() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        URI uri = serverThatLeavesAfterOneAnswer(clientClosed);
        try (UpstreamResponse r = client.send(post(uri, "{}"))) {
            r.readAll();
        }
        now.addAndGet(Http1UpstreamClient.REAP_EVERY_NANOS);
        client.reapIdle();
        assertThat(client.idleConnections(uri)).isZero();
        assertThat(clientClosed.await(2, TimeUnit.SECONDS))
                .as("the server saw the client close")
                .isTrue();
    }

    @Test
    void theBackgroundReaperClosesAConnectionTheServerLeftWithinAboutASecond() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        URI uri = serverThatLeavesAfterOneAnswer(clientClosed);
        Http1UpstreamClient real = new Http1UpstreamClient(Duration.ofSeconds(2));
        try (UpstreamResponse r = real.send(post(uri, "{}"))) {
            r.readAll();
        }
        assertThat(clientClosed.await(3, TimeUnit.SECONDS))
                .as("the server saw the client close")
                .isTrue();
    }

    @Test
    void idleConnectionsPastTheIdleLimitAreClosedAndTheirRoutesForgotten() throws Exception {
        List<CountDownLatch> closed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CountDownLatch clientClosed = new CountDownLatch(1);
            closed.add(clientClosed);
            ScriptedServer s = server((c, n) -> json(JSON));
            try (UpstreamResponse r = client.send(post(s.uri("/v1"), "{}"))) {
                r.readAll();
            }
            Thread.ofVirtual().start(() -> {
                try {
                    if (s.sockets.get(0).getInputStream().read() < 0) {
                        clientClosed.countDown();
                    }
                } catch (IOException serverSideClosed) {
                    // The server's own thread, waiting on the same connection for a next request, saw the
                    // client's close first and closed its side: the client closed it all the same.
                    clientClosed.countDown();
                }
            });
        }
        assertThat(client.idleConnections()).isEqualTo(5);
        now.addAndGet(Http1UpstreamClient.MAX_IDLE_NANOS + 1);
        client.reapIdle();
        assertThat(client.idleConnections()).isZero();
        assertThat(client.pooledRoutes()).isZero();
        for (CountDownLatch c : closed) {
            assertThat(c.await(2, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void noMoreThanTheLimitOfIdleConnectionsIsKeptForOneHost() throws Exception {
        int concurrent = Http1UpstreamClient.MAX_IDLE_PER_ROUTE + 6;
        CountDownLatch allArrived = new CountDownLatch(concurrent);
        ScriptedServer s = server((c, n) -> {
            allArrived.countDown();
            try {
                allArrived.await(5, TimeUnit.SECONDS); // every request holds its connection until all are in
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return json(JSON);
        });
        List<Thread> callers = new ArrayList<>();
        AtomicInteger ok = new AtomicInteger();
        for (int i = 0; i < concurrent; i++) {
            callers.add(Thread.ofVirtual().start(() -> {
                try (UpstreamResponse r = client.send(post(s.uri("/v1"), "{}"))) {
                    r.readAll();
                    ok.incrementAndGet();
                }
            }));
        }
        for (Thread t : callers) {
            t.join(10_000);
        }
        assertThat(ok.get()).isEqualTo(concurrent);
        assertThat(s.connections.get()).isEqualTo(concurrent);
        assertThat(client.idleConnections(s.uri("/"))).isEqualTo(Http1UpstreamClient.MAX_IDLE_PER_ROUTE);
    }

    @Test
    void manyDistinctHostsNeverHoldMoreIdleConnectionsThanTheTotalLimit() throws Exception {
        Http1UpstreamClient capped = new Http1UpstreamClient(
                Duration.ofSeconds(2),
                (SSLSocketFactory) SSLSocketFactory.getDefault(),
                now::get,
                new Http1UpstreamClient.Limits(
                        2, 3, Http1UpstreamClient.MAX_IDLE_NANOS, Http1UpstreamClient.REAP_EVERY_NANOS));
        for (int i = 0; i < 6; i++) {
            ScriptedServer s = server((c, n) -> json(JSON));
            try (UpstreamResponse r = capped.send(post(s.uri("/v1"), "{}"))) {
                r.readAll();
            }
            assertThat(capped.idleConnections()).isLessThanOrEqualTo(3);
        }
        assertThat(capped.idleConnections()).isEqualTo(3);
    }
}
