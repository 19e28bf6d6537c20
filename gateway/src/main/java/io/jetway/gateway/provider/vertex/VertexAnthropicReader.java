package io.jetway.gateway.provider.vertex;

import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.SseChunkSource;
import io.jetway.gateway.provider.Translation;
import io.jetway.gateway.provider.anthropic.AnthropicReader;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.util.function.Function;

/**
 * Reads Claude on Vertex AI: answers as Anthropic's ({@code anthropic}'s reader, with the decisions
 * it was prepared with), streams through {@link VertexAnthropicStreamMapper}, errors in either
 * shape ({@link VertexAnthropicErrorMapper}).
 */
record VertexAnthropicReader(AnthropicReader anthropic) implements Translation.Reader {

    @Override
    public byte[] answer(byte[] upstreamBody, CallFacts.Recorder facts) {
        return anthropic.answer(upstreamBody, facts);
    }

    @Override
    public ChunkSource stream(UpstreamRequest request, UpstreamResponse response, CallFacts.Recorder facts) {
        return SseChunkSource.of(request, response, new VertexAnthropicStreamMapper(anthropic.streamMapper(facts)));
    }

    @Override
    public GatewayException error(int status, byte[] body, Function<String, String> headers) {
        return VertexAnthropicErrorMapper.map(status, body, headers);
    }
}
