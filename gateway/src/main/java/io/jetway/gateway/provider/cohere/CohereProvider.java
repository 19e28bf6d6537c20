package io.jetway.gateway.provider.cohere;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Translation;
import io.jetway.gateway.provider.UpstreamHeaders;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code cohere}: Cohere's Chat API v2 at {@code {base}/v2/chat}, base {@code https://api.cohere.com}
 * (a custom host replaces the base), key as {@code Authorization: Bearer}. Portkey splits base and
 * path the same way (Portkey-AI/gateway {@code src/providers/cohere/api.ts}: base
 * {@code https://api.cohere.ai}, the older name of the same API; Cohere documents {@code api.cohere.com}).
 * https://docs.cohere.com/reference/chat
 */
public final class CohereProvider implements Provider {

    public static final String ID = "cohere";
    public static final String BASE_URL = "https://api.cohere.com";
    static final String PATH = "/v2/chat";

    private static final URI DEFAULT_ENDPOINT = URI.create(BASE_URL + PATH);

    @Override
    public String id() {
        return ID;
    }

    /** One choice per call (no {@code n}): the pipeline makes one call per choice. */
    @Override
    public boolean supportsN(ProviderCall call) {
        return false;
    }

    @Override
    public Translation translate(ProviderCall call) {
        Target target = call.target();
        URI uri = target.customHost() == null ? DEFAULT_ENDPOINT : URI.create(stripSlash(target.customHost()) + PATH);
        Map<String, String> headers = UpstreamHeaders.start(call);
        if (target.apiKey() != null) {
            headers.put("authorization", "Bearer " + target.apiKey());
        }
        CohereRequestMapper.Mapped body = CohereRequestMapper.map(call.effective());
        return Translation.of(
                new ProviderRequest(
                        uri, headers, body.body(), CohereParams.TABLE.dropped(call.effective(), body.dropped())),
                new CohereReader(AnswerPlan.of(call)));
    }

    @Override
    public java.util.Set<io.jetway.gateway.core.Endpoint> endpoints() {
        return java.util.Set.of(
                io.jetway.gateway.core.Endpoint.CHAT,
                io.jetway.gateway.core.Endpoint.EMBEDDINGS,
                io.jetway.gateway.core.Endpoint.MODELS);
    }

    /** {@code GET {base}/v1/models?page_size=1000} (https://docs.cohere.com/reference/list-models). */
    @Override
    public ProviderRequest prepareModels(ProviderCall call) {
        Target target = call.target();
        String base = target.customHost() == null ? BASE_URL : stripSlash(target.customHost());
        Map<String, String> headers = new java.util.LinkedHashMap<>(target.forwardHeaders());
        headers.put("accept", "application/json");
        if (target.apiKey() != null) {
            headers.put("authorization", "Bearer " + target.apiKey());
        }
        return new ProviderRequest(URI.create(base + "/v1/models?page_size=1000"), headers, null, java.util.List.of());
    }

    /** Cohere's {@code models[].name}, as OpenAI's list. */
    @Override
    public byte[] mapModels(ProviderCall call, byte[] upstreamBody) {
        return io.jetway.gateway.provider.common.ModelLists.map(ID, upstreamBody, "models", "name", null, null);
    }

    /** Cohere's Embed API v2 ({@link CohereEmbeddings}). */
    @Override
    public ProviderRequest prepareEmbeddings(ProviderCall call) {
        URI host = call.target().customHost();
        return CohereEmbeddings.prepare(call, host == null ? BASE_URL : stripSlash(host));
    }

    @Override
    public byte[] mapEmbeddings(ProviderCall call, byte[] upstreamBody) {
        return CohereEmbeddings.map(call, upstreamBody);
    }

    @Override
    public GatewayException mapError(ProviderCall call, int status, byte[] body, Function<String, String> headers) {
        return CohereErrorMapper.map(status, body, headers);
    }

    private static String stripSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
