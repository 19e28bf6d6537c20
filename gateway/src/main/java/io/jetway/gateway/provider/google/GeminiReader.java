package io.jetway.gateway.provider.google;

import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.SseChunkSource;
import io.jetway.gateway.provider.Translation;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.util.function.Function;

/**
 * Reads Gemini's answers, streams and errors for a request prepared with {@code plan} (the Gemini
 * API's and Gemini on Vertex AI's alike).
 *
 * @param providerId the provider the messages name ({@code google}, {@code vertex-ai})
 */
public record GeminiReader(String providerId, AnswerPlan plan) implements Translation.Reader {

    @Override
    public byte[] answer(byte[] upstreamBody, CallFacts.Recorder facts) {
        return new GeminiResponseMapper(providerId).map(plan, upstreamBody, facts);
    }

    @Override
    public ChunkSource stream(UpstreamRequest request, UpstreamResponse response, CallFacts.Recorder facts) {
        return SseChunkSource.of(request, response, new GeminiStreamMapper(providerId, plan, facts));
    }

    @Override
    public GatewayException error(int status, byte[] body, Function<String, String> headers) {
        return GeminiErrorMapper.map(providerId, status, body, headers);
    }
}
