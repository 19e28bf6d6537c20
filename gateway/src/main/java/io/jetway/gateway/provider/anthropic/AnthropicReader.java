package io.jetway.gateway.provider.anthropic;

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
 * Reads Messages API answers, streams and errors for a request prepared with {@code plan}.
 *
 * @param json how the request asked for JSON output, as {@link AnthropicRequestMapper#map} decided it
 *             while writing the body: the forced JSON tool's input is then the answer's content
 */
public record AnthropicReader(AnswerPlan plan, AnthropicRequestMapper.JsonOutput json) implements Translation.Reader {

    @Override
    public byte[] answer(byte[] upstreamBody, CallFacts.Recorder facts) {
        return AnthropicResponseMapper.map(upstreamBody, plan.created(), plan.model(), plan.strict(), json, facts);
    }

    @Override
    public ChunkSource stream(UpstreamRequest request, UpstreamResponse response, CallFacts.Recorder facts) {
        return SseChunkSource.of(request, response, streamMapper(facts));
    }

    /** The stream mapper for one attempt (public for Claude on Vertex AI, which wraps it). */
    public AnthropicStreamMapper streamMapper(CallFacts.Recorder facts) {
        return new AnthropicStreamMapper(plan.created(), plan.model(), plan.strict(), plan.includeUsage(), json, facts);
    }

    @Override
    public GatewayException error(int status, byte[] body, Function<String, String> headers) {
        return AnthropicErrorMapper.map(status, body, headers);
    }
}
