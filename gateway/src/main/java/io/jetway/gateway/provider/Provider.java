package io.jetway.gateway.provider;

import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.util.function.Function;

/** One LLM provider's Chat Completions translation. Implementations are stateless and thread-safe. */
public interface Provider {

    /** Portkey's slug, e.g. {@code openai}, {@code azure-openai}. */
    String id();

    /**
     * Prepares the upstream call: URL, headers (credentials included), body. Pure: no I/O.
     *
     * @throws GatewayException 400 when the request or target lacks something this provider needs
     */
    ProviderRequest prepare(ProviderCall call);

    /** Maps a 2xx non-stream body to the client's {@code chat.completion} JSON. */
    byte[] mapResponse(ProviderCall call, byte[] upstreamBody);

    /** Opens the client's chunk stream over a 2xx upstream stream. The source owns {@code response}. */
    ChunkSource openStream(ProviderCall call, UpstreamRequest request, UpstreamResponse response);

    /** Normalises a non-2xx answer, keeping the provider's status and message. */
    GatewayException mapError(ProviderCall call, int status, byte[] body, Function<String, String> headers);

    /**
     * Whether one upstream call answers OpenAI's {@code n} with n choices (OpenAI's {@code n}, Gemini's
     * {@code candidateCount}). When it does not, {@link #prepare} leaves {@code n} out of the call and the
     * pipeline makes one call per choice ({@code ChoicesInterceptor}).
     */
    default boolean supportsN(ProviderCall call) {
        return true;
    }
}
