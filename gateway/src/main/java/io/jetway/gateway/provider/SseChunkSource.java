package io.jetway.gateway.provider;

import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import io.jetway.sse.SseDecoder;
import io.jetway.sse.SseEvent;

/** Client chunks from an upstream SSE stream: {@link FramedChunkSource} over the shared SSE decoder. */
public final class SseChunkSource {

    private SseChunkSource() {}

    public static ChunkSource of(UpstreamRequest request, UpstreamResponse response, StreamMapper mapper) {
        java.io.InputStream body = response.body();
        SseDecoder sse = new SseDecoder(body);
        return new FramedChunkSource<>(
                request,
                response,
                body,
                new FramedChunkSource.Decoder<SseEvent>() {
                    @Override
                    public SseEvent next() throws java.io.IOException {
                        return sse.next();
                    }

                    @Override
                    public boolean endedMidFrame() {
                        return sse.endedMidEvent();
                    }

                    @Override
                    public boolean frameBuffered() throws java.io.IOException {
                        return sse.eventBuffered();
                    }
                },
                mapper);
    }
}
