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
 * @param providerId    the provider the messages name
 * @param hideUsageOnly a stream's usage-only chunk is left out (its usage still recorded): the caller
 *                      did not ask for it ({@link StreamUsage}), decided once when the call is translated
 */
public record OpenAiReader(String providerId, boolean hideUsageOnly) implements Translation.Reader {

    /** A reader that passes every chunk on. */
    public OpenAiReader(String providerId) {
        this(providerId, false);
    }

    /** The reader for {@code request}: usage-only chunks left out unless the caller asked for them. */
    public static OpenAiReader forRequest(String providerId, io.jetway.gateway.core.ChatRequest request) {
        return new OpenAiReader(providerId, request.stream() && !StreamUsage.asked(request));
    }

    @Override
    public byte[] answer(byte[] upstreamBody, CallFacts.Recorder facts) {
        return OpenAiAnswers.checked(providerId, upstreamBody, facts);
    }

    @Override
    public ChunkSource stream(UpstreamRequest request, UpstreamResponse response, CallFacts.Recorder facts) {
        return SseChunkSource.of(request, response, new OpenAiStreamMapper(providerId, facts, hideUsageOnly));
    }

    @Override
    public GatewayException error(int status, byte[] body, Function<String, String> headers) {
        return OpenAiErrorMapper.map(providerId, status, body, headers);
    }
}
