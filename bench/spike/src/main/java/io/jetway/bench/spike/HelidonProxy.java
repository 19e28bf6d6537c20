package io.jetway.bench.spike;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.upstream.Bodies;
import io.jetway.gateway.upstream.Http1UpstreamClient;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prototype (a), the floor of today's design: Helidon 4.5's WebServer (a virtual thread per
 * connection, which runs its requests) with the listener settings Jetway uses (TCP_NODELAY, 16 KiB
 * write buffer), and Jetway's {@link Http1UpstreamClient} called on the request's virtual thread.
 * Nothing else: no parsing, no pipeline, no request log.
 *
 * <p>Variants (e), Helidon's own options that change how a connection's bytes move between threads
 * (nothing in Helidon 4.5 changes the thread model itself: its executors are hard-wired to virtual
 * threads, {@code ExecutorsFactory}):
 * <ul>
 *   <li>{@code helidon-socket}: {@code useNio(false)}, the connection is a {@code java.net.Socket}
 *       instead of a {@code SocketChannel} (default true since 4.x);</li>
 *   <li>{@code helidon-async}: {@code writeQueueLength(32)}, writes go through a queue drained by a
 *       writer thread per connection (default 0: the request's thread writes), with
 *       {@code smartAsyncWrites} (switches back to direct writes while the queue stays short).</li>
 * </ul>
 */
final class HelidonProxy {

    enum Variant { DEFAULT, SOCKET, ASYNC }

    private HelidonProxy() {
    }

    static WebServer start(String host, int port, Relay relay, Variant variant) {
        Http1UpstreamClient client = new Http1UpstreamClient(Relay.CONNECT_TIMEOUT);
        WebServerConfig.Builder b = WebServer.builder()
                .host(host)
                .port(port)
                .maxPayloadSize(Relay.MAX_BODY)
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .writeBufferSize(Relay.BUFFER)
                .routing(r -> r
                        .post(Relay.JSON_PATH, (req, res) -> relay(req, res, relay, client))
                        .post(Relay.SSE_PATH, (req, res) -> relay(req, res, relay, client))
                        .any((req, res) -> res.status(Status.NOT_FOUND_404).header(HeaderValues.CONTENT_TYPE_JSON)
                                .send(Relay.notFound(req.prologue().method().text(), req.path().path()))));
        switch (variant) {
            case DEFAULT -> { }
            case SOCKET -> b.useNio(false);
            case ASYNC -> b.writeQueueLength(32).smartAsyncWrites(true);
        }
        return b.build().start();
    }

    private static void relay(ServerRequest req, ServerResponse res, Relay relay, Http1UpstreamClient client)
            throws IOException {
        byte[] body = Bodies.read(req.content().inputStream(), req.headers().contentLength().orElse(-1),
                Relay.MAX_BODY);
        Map<String, String> headers = new LinkedHashMap<>(8);
        req.headers().forEach(h -> {
            if (Relay.forwarded(h.name())) {
                headers.put(h.name(), h.get());
            }
        });
        UpstreamResponse up;
        try {
            up = client.send(relay.request(req.path().path(), headers, body));
        } catch (GatewayException e) {
            res.status(Status.create(e.status())).header(HeaderValues.CONTENT_TYPE_JSON).send(Relay.error(e.getMessage()));
            return;
        }
        try (up) {
            res.status(Status.create(up.status()));
            String type = up.header("content-type");
            if (type != null) {
                res.header(HeaderNames.CONTENT_TYPE, type);
            }
            if (!Relay.isStream(type)) {
                res.send(up.readAll());
                return;
            }
            // Chunked to the client: each read from the upstream is one chunk, flushed at once.
            byte[] buf = new byte[Relay.BUFFER];
            try (OutputStream out = res.outputStream()) {
                InputStream in = up.body();
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }
}
