package io.jetway.gateway.provider;

import io.jetway.gateway.core.Endpoint;
import io.jetway.gateway.core.GatewayException;
import java.util.Set;
import java.util.function.Function;

/** One LLM provider's Chat Completions translation. Implementations are stateless and thread-safe. */
public interface Provider {

    /** Portkey's slug, e.g. {@code openai}, {@code azure-openai}. */
    String id();

    /**
     * Translates one chat call: prepares the upstream call (URL, headers with credentials, body) and
     * the reader of its answer, stream and error, which keeps what preparing decided
     * ({@link Translation}). Pure apart from I/O a provider documents (Bedrock's image fetches,
     * Vertex AI's token exchange).
     *
     * @throws GatewayException 400 when the request or target lacks something this provider needs
     */
    Translation translate(ProviderCall call);

    /**
     * Normalises a non-2xx answer to any endpoint, keeping the provider's status and message (a
     * chat call's {@link Translation#error} reads the same way).
     */
    GatewayException mapError(ProviderCall call, int status, byte[] body, Function<String, String> headers);

    /**
     * Whether one upstream call answers OpenAI's {@code n} with n choices (OpenAI's {@code n}, Gemini's
     * {@code candidateCount}). When it does not, {@link #translate} leaves {@code n} out of the call and the
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
