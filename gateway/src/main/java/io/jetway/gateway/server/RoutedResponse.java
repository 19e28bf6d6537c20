package io.jetway.gateway.server;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Header;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.ServerResponseTrailers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.server.http.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * A response of Jetway's HTTP server ({@link HttpResponse}) as the generated services write it: the
 * Helidon SE {@link ServerResponse}. Headers are collected until the response is sent (whole, or as a
 * stream from {@link #outputStream()}); a failed write surfaces as an {@link IOException} from the
 * stream, or an {@link UncheckedIOException} from {@code send}. {@link #next()} passes the request on to
 * the next matching route (the admin API's authentication filter uses it).
 */
final class RoutedResponse implements ServerResponse {

    private final HttpResponse response;
    private final ServerResponseHeaders headers = ServerResponseHeaders.create();
    private Status status = Status.OK_200;
    private boolean nexted;
    private Runnable whenSent;

    RoutedResponse(HttpResponse response) {
        this.response = response;
    }

    HttpResponse http() {
        return response;
    }

    /** Whether the last route called {@link #next()}; clears it. */
    boolean takeNext() {
        boolean n = nexted;
        nexted = false;
        return n;
    }

    @Override
    public ServerResponse status(Status status) {
        this.status = status;
        return this;
    }

    @Override
    public Status status() {
        return status;
    }

    @Override
    public ServerResponse header(Header header) {
        headers.set(header);
        return this;
    }

    @Override
    public void send() {
        send(new byte[0]);
    }

    @Override
    public void send(byte[] bytes) {
        commitHead();
        try {
            response.send(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sent();
    }

    @Override
    public void send(Object entity) {
        switch (entity) {
            case byte[] bytes -> send(bytes);
            case String s -> send(s.getBytes(StandardCharsets.UTF_8));
            default -> {
                try {
                    send(Json.MAPPER.writeValueAsBytes(entity));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    @Override
    public boolean isSent() {
        return response.started();
    }

    @Override
    public OutputStream outputStream() {
        commitHead();
        OutputStream stream = response.stream();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                stream.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                stream.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                stream.flush();
            }

            @Override
            public void close() throws IOException {
                stream.close();
                sent();
            }
        };
    }

    private void commitHead() {
        response.status(status.code());
        for (Header h : headers) {
            String name = h.name();
            for (String v : h.allValues()) {
                response.header(name, v);
            }
        }
    }

    private void sent() {
        if (whenSent != null) {
            whenSent.run();
        }
    }

    @Override
    public long bytesWritten() {
        return response.bytesWritten();
    }

    @Override
    public ServerResponse whenSent(Runnable runnable) {
        Runnable before = whenSent;
        whenSent = before == null
                ? runnable
                : () -> {
                    before.run();
                    runnable.run();
                };
        return this;
    }

    @Override
    public ServerResponse reroute(String path) {
        throw new UnsupportedOperationException("rerouting is not offered by Jetway's server");
    }

    @Override
    public ServerResponse reroute(String path, UriQuery query) {
        throw new UnsupportedOperationException("rerouting is not offered by Jetway's server");
    }

    @Override
    public ServerResponse next() {
        nexted = true;
        return this;
    }

    @Override
    public ServerResponseHeaders headers() {
        return headers;
    }

    @Override
    public ServerResponseTrailers trailers() {
        throw new UnsupportedOperationException("trailers are not offered by Jetway's server");
    }

    @Override
    public void streamResult(String result) {
        // Nothing to report it to.
    }

    @Override
    public void streamFilter(UnaryOperator<OutputStream> filter) {
        throw new UnsupportedOperationException("stream filters are not offered by Jetway's server");
    }
}
