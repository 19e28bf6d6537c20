package io.jetway.gateway.provider.bedrock;

import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.FramedChunkSource;
import io.jetway.gateway.provider.bedrock.eventstream.EventStreamDecoder;
import io.jetway.gateway.provider.bedrock.eventstream.EventStreamException;
import io.jetway.gateway.provider.bedrock.eventstream.EventStreamMessage;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.IOException;

/**
 * Client chunks from a Bedrock ConverseStream: {@link FramedChunkSource} over binary event-stream
 * messages. A corrupt frame (bad checksum, bad length) ends the client's stream with an error event.
 */
final class BedrockChunkSource {

    private BedrockChunkSource() {}

    static ChunkSource of(
            UpstreamRequest request, UpstreamResponse response, FramedChunkSource.Mapper<EventStreamMessage> mapper) {
        java.io.InputStream body = response.body();
        EventStreamDecoder decoder = new EventStreamDecoder(body);
        return new FramedChunkSource<>(
                request,
                response,
                body,
                new FramedChunkSource.Decoder<EventStreamMessage>() {
                    @Override
                    public EventStreamMessage next() throws IOException {
                        try {
                            return decoder.next();
                        } catch (EventStreamException e) {
                            throw new GatewayException(
                                    502,
                                    GatewayException.UPSTREAM,
                                    "bedrock sent a corrupt event stream: " + e.getMessage() + ".",
                                    null,
                                    "stream_corrupted");
                        }
                    }

                    @Override
                    public boolean endedMidFrame() {
                        return false; // the decoder reports a partial frame as an EventStreamException
                    }
                },
                mapper);
    }
}
