package io.jetway.gateway.provider;

import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.Endpoint;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.util.Set;
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

    /**
     * The endpoints this provider serves. The pipeline calls the methods of the others never: it
     * answers a 400 naming the providers that do serve them.
     */
    default Set<Endpoint> endpoints() {
        return Set.of(Endpoint.CHAT);
    }

    /**
     * Prepares an embeddings call from the caller's OpenAI embeddings body ({@code call.request().raw()}).
     * Pure: no I/O. Called only when {@link #endpoints()} has {@link Endpoint#EMBEDDINGS}.
     */
    default ProviderRequest prepareEmbeddings(ProviderCall call) {
        throw new UnsupportedOperationException(id() + " serves no embeddings");
    }

    /** Maps a 2xx embeddings answer to OpenAI's {@code list} of {@code embedding}s with usage. */
    default byte[] mapEmbeddings(ProviderCall call, byte[] upstreamBody) {
        throw new UnsupportedOperationException(id() + " serves no embeddings");
    }

    /**
     * Prepares the provider's model list call (a GET: the request's body is null). Pure: no I/O.
     * Called only when {@link #endpoints()} has {@link Endpoint#MODELS}.
     */
    default ProviderRequest prepareModels(ProviderCall call) {
        throw new UnsupportedOperationException(id() + " lists no models");
    }

    /** Maps a 2xx model list to OpenAI's {@code list} of {@code model}s. */
    default byte[] mapModels(ProviderCall call, byte[] upstreamBody) {
        throw new UnsupportedOperationException(id() + " lists no models");
    }
}
