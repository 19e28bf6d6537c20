package io.jetway.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import io.jetway.sse.SseEvent;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * {@link ChunkSource#ready()} over an SSE upstream: the server flushes only when it is false, so it
 * must be true exactly when the next payload, the end or a failure is at hand. The upstream body here
 * is delivered by hand and fails the test when read beyond what was delivered ("would block").
 */
class SseChunkSourceReadyTest {

    /** A mapper like a provider's: "ping" events map to nothing, "error" fails, "[DONE]" ends. */
    private static final class TestMapper implements StreamMapper {
        @Override
        public boolean onEvent(SseEvent event, List<String> out) {
            switch (event.data()) {
                case "[DONE]" -> {
                    return true;
                }
                case "ping" -> {
                    return false;
                }
                case "error" ->
                    throw new GatewayException(500, GatewayException.UPSTREAM, "upstream error event", null, null);
                default -> {
                    out.add(event.data());
                    return false;
                }
            }
        }

        @Override
        public GatewayException truncated() {
            return new GatewayException(502, GatewayException.UPSTREAM, "truncated", null, null);
        }
    }

    private final Delivered body = new Delivered();
    private final ChunkSource source = SseChunkSource.of(
            new UpstreamRequest(
                    URI.create("http://upstream.test/v1/chat/completions"),
                    Map.of(),
                    new byte[0],
                    Duration.ofSeconds(1),
                    false),
            new Response(body),
            new TestMapper());

    @Test
    void payloadsThatArrivedTogetherAreReadyOneAfterAnother() {
        body.deliver("data: a\n\ndata: b\n\n");

        assertThat(source.next()).isEqualTo("a");
        assertThat(source.ready()).isTrue();
        assertThat(source.next()).isEqualTo("b");
        assertThat(source.ready()).as("nothing more has arrived").isFalse();
    }

    @Test
    void eventsThatMapToNoPayloadDoNotMakeItReady() {
        body.deliver("data: a\n\ndata: ping\n\ndata: ping\n\n");

        source.next();

        assertThat(source.ready()).isFalse();
        body.deliver("data: b\n\n");
        assertThat(source.ready()).isTrue();
        assertThat(source.next()).isEqualTo("b");
    }

    @Test
    void theEndIsReadyAndEndsTheStreamCleanly() {
        body.deliver("data: a\n\ndata: [DONE]\n\n");

        source.next();

        assertThat(source.ready()).isTrue();
        assertThat(source.next()).isNull();
    }

    @Test
    void anErrorEventMetWhileLookingAheadIsThrownByTheNextCall() {
        body.deliver("data: a\n\ndata: error\n\n");

        source.next();

        assertThat(source.ready()).isTrue();
        assertThatThrownBy(source::next).isInstanceOf(GatewayException.class).hasMessageContaining("upstream error");
    }

    @Test
    void halfAnEventIsNotReady() {
        body.deliver("data: a\n\ndata: b");

        source.next();

        assertThat(source.ready()).isFalse();
    }

    /** Bytes delivered by the test; reading beyond them fails instead of blocking. */
    private static final class Delivered extends InputStream {
        private byte[] bytes = new byte[0];
        private int read;

        void deliver(String s) {
            byte[] more = s.getBytes(StandardCharsets.UTF_8);
            byte[] next = new byte[bytes.length + more.length];
            System.arraycopy(bytes, 0, next, 0, bytes.length);
            System.arraycopy(more, 0, next, bytes.length, more.length);
            bytes = next;
        }

        @Override
        public int available() {
            return bytes.length - read;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (read == bytes.length) {
                throw new AssertionError("would block: read beyond the delivered input");
            }
            int n = Math.min(len, bytes.length - read);
            System.arraycopy(bytes, read, b, off, n);
            read += n;
            return n;
        }
    }

    private record Response(InputStream body) implements UpstreamResponse {
        @Override
        public int status() {
            return 200;
        }

        @Override
        public String header(String name) {
            return null;
        }

        @Override
        public void forEachHeader(BiConsumer<String, String> action) {
            // none
        }

        @Override
        public byte[] readAll() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
