package io.jetway.gateway.provider.bedrock;

import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.Translation;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.util.function.Function;

/**
 * Reads Converse answers, ConverseStream event streams and errors for a request prepared with
 * {@code plan}.
 *
 * @param forcedTool the tool the request forced for {@code response_format}, as the request mapper
 *                   decided it (null when none): its input is the answer's content, not a tool call
 */
record BedrockReader(AnswerPlan plan, String forcedTool) implements Translation.Reader {

    @Override
    public byte[] answer(byte[] upstreamBody, CallFacts.Recorder facts) {
        return BedrockResponseMapper.map(plan, forcedTool, upstreamBody, facts);
    }

    @Override
    public ChunkSource stream(UpstreamRequest request, UpstreamResponse response, CallFacts.Recorder facts) {
        return BedrockChunkSource.of(request, response, new BedrockStreamMapper(plan, forcedTool, facts));
    }

    @Override
    public GatewayException error(int status, byte[] body, Function<String, String> headers) {
        return BedrockErrorMapper.map(status, body, headers);
    }
}
