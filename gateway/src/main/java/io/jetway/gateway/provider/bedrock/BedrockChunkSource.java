package io.jetway.gateway.provider.bedrock;

import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.bedrock.eventstream.EventStreamDecoder;
import io.jetway.gateway.provider.bedrock.eventstream.EventStreamException;
import io.jetway.gateway.provider.bedrock.eventstream.EventStreamMessage;
import io.jetway.gateway.upstream.UpstreamFailures;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Client chunks pulled from a Bedrock ConverseStream: the same contract as
 * {@link io.jetway.gateway.provider.SseChunkSource}, over binary event-stream frames. It decodes
 * one message at a time (returning as soon as a message is complete, reading nothing beyond it),
 * maps it, and hands the payloads out. A corrupt frame (bad checksum, bad length), a transport
 * failure, or an end before the final events becomes a {@link GatewayException}, so the client's
 * stream ends with an error event instead of a clean end.
 */
final class BedrockChunkSource implements ChunkSource {

    private final UpstreamRequest request;
    private final UpstreamResponse response;
    private final EventStreamDecoder decoder;
    private final BedrockStreamMapper mapper;
    private final ArrayDeque<String> pending = new ArrayDeque<>(4);
    private final List<String> scratch = new ArrayList<>(4);
    private boolean finished;
    private boolean closed;

    BedrockChunkSource(UpstreamRequest request, UpstreamResponse response, BedrockStreamMapper mapper) {
        this.request = request;
        this.response = response;
        this.decoder = new EventStreamDecoder(response.body());
        this.mapper = mapper;
    }

    @Override
    public String next() {
        while (pending.isEmpty()) {
            if (finished) {
                close();
                return null;
            }
            EventStreamMessage message;
            try {
                message = decoder.next();
            } catch (EventStreamException e) {
                close();
                throw new GatewayException(502, GatewayException.UPSTREAM, "bedrock sent a corrupt event stream: "
                        + e.getMessage() + ".", null, "stream_corrupted");
            } catch (IOException | RuntimeException e) {
                close();
                throw UpstreamFailures.map(e, request, "reading the stream");
            }
            if (message == null) {
                close();
                throw mapper.truncated();
            }
            scratch.clear();
            try {
                finished = mapper.onMessage(message, scratch);
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
