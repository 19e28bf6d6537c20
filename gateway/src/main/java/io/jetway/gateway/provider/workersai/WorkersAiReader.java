package io.jetway.gateway.provider.workersai;

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
 * Reads Workers AI's run answers, streams and errors for a request prepared with {@code plan} and
 * generated under {@code maxTokens} (which tells an answer cut at the cap from a finished one).
 */
record WorkersAiReader(AnswerPlan plan, long maxTokens) implements Translation.Reader {

    @Override
    public byte[] answer(byte[] upstreamBody, CallFacts.Recorder facts) {
        return WorkersAiResponseMapper.map(plan, maxTokens, upstreamBody, facts);
    }

    @Override
    public ChunkSource stream(UpstreamRequest request, UpstreamResponse response, CallFacts.Recorder facts) {
        return SseChunkSource.of(request, response, new WorkersAiStreamMapper(plan, maxTokens, facts));
    }

    @Override
    public GatewayException error(int status, byte[] body, Function<String, String> headers) {
        return WorkersAiErrorMapper.map(status, body, headers);
    }
}
