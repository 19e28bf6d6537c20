package io.jetway.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import io.jetway.sse.SseEvent;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * What a finished stream does with the rest of its upstream body: ended on the caller's thread when
 * that rest is already buffered ({@link UpstreamResponse#endIfBuffered}), otherwise read off the
 * caller's path so the connection can still be pooled.
 */
class FramedChunkSourceEndTest {

    private static final class DoneMapper implements StreamMapper {
        @Override
        public boolean onEvent(SseEvent event, List<String> out) {
            if ("[DONE]".equals(event.data())) {
                return true;
            }
            out.add(event.data());
            return false;
        }

        @Override
        public GatewayException truncated() {
            return new GatewayException(502, GatewayException.UPSTREAM, "truncated", null, null);
        }
    }

    /** Records how the source ended the body: inline or by closing it from some thread. */
    private static final class Response implements UpstreamResponse {
        final boolean endBuffered;
        final InputStream body =
                new ByteArrayInputStream("data: a\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        final CompletableFuture<Thread> closedOn = new CompletableFuture<>();
        int endIfBufferedCalls;

        Response(boolean endBuffered) {
            this.endBuffered = endBuffered;
        }

        @Override
        public boolean endIfBuffered() {
            endIfBufferedCalls++;
            return endBuffered;
        }

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
        public InputStream body() {
            return body;
        }

        @Override
        public byte[] readAll() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closedOn.complete(Thread.currentThread());
        }
    }

    private static ChunkSource source(Response response) {
        return SseChunkSource.of(
                new UpstreamRequest(
                        URI.create("http://upstream.test/v1/chat/completions"),
                        Map.of(),
                        new byte[0],
                        Duration.ofSeconds(1),
                        false),
                response,
                new DoneMapper());
    }

    @Test
    void aFinishedStreamWhoseEndIsBufferedIsEndedOnTheCallersThreadBeforeTheLastNextReturns() {
        Response response = new Response(true);
        ChunkSource source = source(response);

        assertThat(source.next()).isEqualTo("a");
        assertThat(source.next()).isNull();

        assertThat(response.endIfBufferedCalls).isEqualTo(1);
        assertThat(response.closedOn).isCompletedWithValue(Thread.currentThread());
    }

    @Test
    void aFinishedStreamWhoseEndIsNotBufferedIsReadToItsEndOffTheCallersThread() throws Exception {
        Response response = new Response(false);
        ChunkSource source = source(response);

        assertThat(source.next()).isEqualTo("a");
        assertThat(source.next()).isNull();

        assertThat(response.endIfBufferedCalls).isEqualTo(1);
        assertThat(response.closedOn.get(10, TimeUnit.SECONDS)).isNotSameAs(Thread.currentThread());
    }

    @Test
    void aStreamAbandonedBeforeItsEndIsClosedAtOnceWithoutLookingForItsEnd() {
        Response response = new Response(true);
        ChunkSource source = source(response);

        assertThat(source.next()).isEqualTo("a");
        source.close();

        assertThat(response.endIfBufferedCalls).isZero();
        assertThat(response.closedOn).isCompletedWithValue(Thread.currentThread());
    }
}
