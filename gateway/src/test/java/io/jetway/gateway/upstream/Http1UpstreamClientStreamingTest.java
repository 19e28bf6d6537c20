package io.jetway.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Requests of any method whose body is streamed from the caller
 * ({@link Http1UpstreamClient#send(String, UpstreamRequest, InputStream, long)}).
 */
class Http1UpstreamClientStreamingTest {

    private final Http1UpstreamClient client = new Http1UpstreamClient(Duration.ofSeconds(2));

    /** Serves one request: returns its head and its body (chunked decoded, or Content-Length), answers 200. */
    private static CompletableFuture<String[]> serveOne(ServerSocket ss) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = ss.accept();
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream()) {
                String head = line(in, "\r\n\r\n");
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                    while (true) {
                        int size = Integer.parseInt(line(in, "\r\n").strip(), 16);
                        body.write(in.readNBytes(size));
                        line(in, "\r\n");
                        if (size == 0) {
                            break;
                        }
                    }
                } else {
                    for (String l : head.split("\r\n")) {
                        if (l.toLowerCase().startsWith("content-length:")) {
                            body.write(in.readNBytes(
                                    Integer.parseInt(l.substring(15).strip())));
                        }
                    }
                }
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return new String[] {head, body.toString(StandardCharsets.ISO_8859_1)};
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static String line(InputStream in, String end) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("ended early");
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - end.length());
    }

    private static UpstreamRequest request(ServerSocket ss, String path) {
        return new UpstreamRequest(
                URI.create("http://127.0.0.1:" + ss.getLocalPort() + path),
                Map.of("content-type", "application/octet-stream"),
                new byte[0],
                Duration.ofSeconds(2),
                false);
    }

    @Test
    void aBodyOfUnknownLengthIsSentChunkedWithTheCallersMethod() throws Exception {
        byte[] body = new byte[40_000]; // more than one buffer: several chunks
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String[]> seen = serveOne(ss);

            try (UpstreamResponse r =
                    client.send("PUT", request(ss, "/v1/x?y=1"), new ByteArrayInputStream(body), -1)) {
                assertThat(new String(r.readAll(), StandardCharsets.US_ASCII)).isEqualTo("ok");
            }

            String[] got = seen.get(5, TimeUnit.SECONDS);
            assertThat(got[0])
                    .startsWith("PUT /v1/x?y=1 HTTP/1.1\r\n")
                    .contains("\r\nTransfer-Encoding: chunked")
                    .doesNotContainIgnoringCase("content-length");
            assertThat(got[1]).isEqualTo(new String(body, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void aDeleteWithoutBodySendsNoLengthAndADeclaredLengthIsSentAsContentLength() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String[]> seen = serveOne(ss);
            client.send("DELETE", request(ss, "/v1/files/f1"), InputStream.nullInputStream(), 0)
                    .close();
            assertThat(seen.get(5, TimeUnit.SECONDS)[0])
                    .startsWith("DELETE /v1/files/f1 HTTP/1.1\r\n")
                    .doesNotContainIgnoringCase("content-length")
                    .doesNotContainIgnoringCase("transfer-encoding");

            seen = serveOne(ss);
            client.send("POST", request(ss, "/v1/files"), new ByteArrayInputStream(new byte[] {1, 2, 3}), 3)
                    .close();
            String[] got = seen.get(5, TimeUnit.SECONDS);
            assertThat(got[0]).contains("\r\nContent-Length: 3");
            assertThat(got[1]).isEqualTo("\u0001\u0002\u0003");
        }
    }

    @Test
    void aCallersBodyThatFailsIsTheCallersFailureNotAProviderError() throws Exception {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the client went away");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw new IOException("the client went away");
            }
        };
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> client.send("POST", request(ss, "/v1/files"), broken, 10))
                    .isInstanceOf(Http1UpstreamClient.CallerBodyException.class)
                    .hasCauseInstanceOf(IOException.class)
                    .hasMessageContaining("the client went away");
            assertThatThrownBy(() ->
                            client.send("POST", request(ss, "/v1/files"), new ByteArrayInputStream(new byte[4]), 10))
                    .isInstanceOf(Http1UpstreamClient.CallerBodyException.class)
                    .hasMessageContaining("ended after 4 of its declared 10 bytes");
        }
    }
}
