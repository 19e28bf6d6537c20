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

    /**
     * Whether {@code POST /v1/messages} goes to this provider in Anthropic's own Messages format for
     * this call (Claude on Anthropic, Vertex AI, Bedrock): then the pipeline calls
     * {@link #prepareMessages}, {@link #mapMessages} and {@link #openMessagesStream}. Otherwise the
     * request is translated to chat and this provider's chat methods serve it.
     */
    default boolean messagesNative(ProviderCall call) {
        return false;
    }

    /**
     * Prepares a native Messages call from the caller's Anthropic body ({@code call.effective()}:
     * overrides applied on its tree). Pure: no I/O. Called only when {@link #messagesNative} holds.
     */
    default ProviderRequest prepareMessages(ProviderCall call) {
        throw new UnsupportedOperationException(id() + " has no native Messages API");
    }

    /** A 2xx native Messages answer as the caller gets it (Anthropic's {@code message}), its facts recorded. */
    default byte[] mapMessages(ProviderCall call, byte[] upstreamBody) {
        throw new UnsupportedOperationException(id() + " has no native Messages API");
    }

    /**
     * Opens a native Messages stream: each payload one whole Anthropic SSE event
     * ({@code event: <type>\ndata: <json>}, see {@link io.jetway.gateway.provider.anthropic.MessagesRelay}).
     * The source owns {@code response}.
     */
    default ChunkSource openMessagesStream(ProviderCall call, UpstreamRequest request, UpstreamResponse response) {
        throw new UnsupportedOperationException(id() + " has no native Messages API");
    }
}
