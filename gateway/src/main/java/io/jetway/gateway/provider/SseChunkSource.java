package io.jetway.gateway.provider;

import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.sse.SseDecoder;
import io.jetway.sse.SseEvent;
import io.jetway.gateway.upstream.UpstreamFailures;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Client chunks pulled from an upstream SSE stream: decodes one event at a time (returning as soon
 * as an event is complete: nothing is buffered beyond it), maps it, hands the payloads out.
 * Transport failures and early ends become {@link GatewayException}s so the server can end the
 * client's stream with an error event instead of a clean end. At the end of the upstream input the
 * mapper decides ({@link StreamMapper#onEnd}) whether the end was clean; input cut off in the
 * middle of an event never is.
 */
public final class SseChunkSource implements ChunkSource {

    private final UpstreamRequest request;
    private final UpstreamResponse response;
    private final SseDecoder decoder;
    private final StreamMapper mapper;
    private final ArrayDeque<String> pending = new ArrayDeque<>(4);
    private final List<String> scratch = new ArrayList<>(4);
    private boolean finished;
    private boolean closed;

    public SseChunkSource(UpstreamRequest request, UpstreamResponse response, StreamMapper mapper) {
        this.request = request;
        this.response = response;
        this.decoder = new SseDecoder(response.body());
        this.mapper = mapper;
    }

    @Override
    public String next() {
        while (pending.isEmpty()) {
            if (finished) {
                close();
                return null;
            }
            SseEvent event;
            try {
                event = decoder.next();
            } catch (IOException | RuntimeException e) {
                close();
                throw UpstreamFailures.map(e, request, "reading the stream");
            }
            scratch.clear();
            if (event == null) {
                try {
                    if (decoder.endedMidEvent()) {
                        throw mapper.truncated(); // cut off inside an event: never a clean end
                    }
                    mapper.onEnd(scratch);
                } catch (GatewayException e) {
                    close();
                    throw e;
                }
                finished = true;
                pending.addAll(scratch);
                continue;
            }
            try {
                finished = mapper.onEvent(event, scratch);
            } catch (GatewayException e) {
                close();
                throw e;
            }
            pending.addAll(scratch);
        }
        return pending.poll();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            response.close();
        }
    }
}
