package io.jetway.gateway.provider.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.Translation;
import io.jetway.gateway.provider.bedrock.eventstream.EventStreamFrames;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** A case's upstream stream served as a provider would: its bytes in pieces, without a socket. */
final class FakeUpstream {

    private FakeUpstream() {}

    /** What a stream gave: its chunks, the error it ended with if any, whether the upstream was released. */
    record Drained(List<String> chunks, GatewayException error, boolean released) {}

    static Drained drain(Translation streamed, int piece, byte[] upstream) {
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        List<String> chunks = new ArrayList<>();
        GatewayException error = null;
        try (ChunkSource source = streamed.stream(upstreamRequest(), upstreamResponse(upstream, piece, closed))) {
            for (String chunk = source.next(); chunk != null; chunk = source.next()) {
                chunks.add(chunk);
            }
        } catch (GatewayException e) {
            error = e;
        }
        boolean released;
        try {
            // A finished stream may be released after its remaining body is read, on another thread.
            released = closed.await(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            released = false;
        }
        return new Drained(chunks, error, released);
    }

    static byte[] stream(Path c) throws IOException {
        Path sse = c.resolve("stream.upstream");
        if (Files.exists(sse)) {
            return Files.readAllBytes(sse);
        }
        JsonNode events =
                Json.MAPPER.readTree(c.resolve("stream.upstream.events.json").toFile());
        List<byte[]> frames = new ArrayList<>();
        for (JsonNode e : events) {
            frames.add(
                    e.has("event")
                            ? EventStreamFrames.event(
                                    e.get("event").asText(), e.get("payload").toString())
                            : EventStreamFrames.exception(
                                    e.get("exception").asText(),
                                    e.get("payload").toString()));
        }
        return EventStreamFrames.concat(frames.toArray(new byte[0][]));
    }

    private static UpstreamRequest upstreamRequest() {
        return new UpstreamRequest(
                URI.create("https://upstream.example/v1"), Map.of(), new byte[0], Duration.ofSeconds(30), false);
    }

    /** A 200 answer whose body reads at most {@code piece} bytes at a time; closing it counts {@code closed} down. */
    private static UpstreamResponse upstreamResponse(
            byte[] body, int piece, java.util.concurrent.CountDownLatch closed) {
        InputStream in = new InputStream() {
            private int at;

            @Override
            public int read() {
                return at < body.length ? body[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (at >= body.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, piece), body.length - at);
                System.arraycopy(body, at, b, off, n);
                at += n;
                return n;
            }
        };
        return new UpstreamResponse() {
            @Override
            public int status() {
                return 200;
            }

            @Override
            public void forEachHeader(BiConsumer<String, String> action) {
                // none
            }

            @Override
            public String header(String name) {
                return null;
            }

            @Override
            public InputStream body() {
                return in;
            }

            @Override
            public byte[] readAll() {
                return body;
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };
    }
}
