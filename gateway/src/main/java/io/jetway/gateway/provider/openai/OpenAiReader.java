package io.jetway.gateway.provider.openai;

import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.SseChunkSource;
import io.jetway.gateway.provider.Translation;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.util.function.Function;

/**
 * Reads an OpenAI-format provider's answers (checked, passed through unchanged), streams and errors.
 * Nothing is decided for the answer while preparing: it is OpenAI's own shape, and its facts are
 * read from it ({@link OpenAiFacts}).
 *
 * @param providerId the provider the messages name
 */
public record OpenAiReader(String providerId) implements Translation.Reader {

    @Override
    public byte[] answer(byte[] upstreamBody, CallFacts.Recorder facts) {
        return OpenAiAnswers.checked(providerId, upstreamBody, facts);
    }

    @Override
    public ChunkSource stream(UpstreamRequest request, UpstreamResponse response, CallFacts.Recorder facts) {
        return SseChunkSource.of(request, response, new OpenAiStreamMapper(providerId, facts));
    }

    @Override
    public GatewayException error(int status, byte[] body, Function<String, String> headers) {
        return OpenAiErrorMapper.map(providerId, status, body, headers);
    }
}
