package io.jetway.gateway.provider.openai;

import io.jetway.gateway.core.Endpoint;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Translation;
import io.jetway.gateway.provider.UpstreamHeaders;
import java.net.URI;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A provider that speaks OpenAI's Chat Completions at {@code {base}{chatPath}}: OpenAI itself and
 * every compatible provider, each described by a {@link CompatibleProviders.Spec}. A custom host
 * replaces the base URL only, as in Portkey.
 */
public final class OpenAiFormatProvider implements Provider {

    private final CompatibleProviders.Spec spec;
    private final URI defaultEndpoint;
    private final OpenAiRequestMapper requestMapper;
    private final CompatibleProviders.Served served;
    private final Set<Endpoint> endpoints;
    /** Embeddings bodies are forwarded as sent (only {@code override_params} change them). */
    private static final OpenAiRequestMapper AS_SENT = new OpenAiRequestMapper(Set.of(), Map.of());

    public OpenAiFormatProvider(CompatibleProviders.Spec spec) {
        this.spec = spec;
        this.served = CompatibleProviders.served(spec.id());
        EnumSet<Endpoint> all = EnumSet.of(Endpoint.CHAT);
        if (served.embeddingsPath() != null) {
            all.add(Endpoint.EMBEDDINGS);
        }
        if (served.modelsPath() != null) {
            all.add(Endpoint.MODELS);
        }
        this.endpoints = Collections.unmodifiableSet(all);
        this.defaultEndpoint = URI.create(stripSlash(spec.baseUrl()) + spec.chatPath());
        this.requestMapper = new OpenAiRequestMapper(spec.excludedParams(), spec.renamedParams());
    }

    @Override
    public String id() {
        return spec.id();
    }

    /** Unless the provider lacks {@code n} (an excluded field, e.g. Ollama's): then one call per choice. */
    @Override
    public boolean supportsN(ProviderCall call) {
        return !spec.excludedParams().contains("n");
    }

    @Override
    public Set<Endpoint> endpoints() {
        return endpoints;
    }

    @Override
    public ProviderRequest prepareEmbeddings(ProviderCall call) {
        Target target = call.target();
        Map<String, String> headers = credentials(target, UpstreamHeaders.start(call));
        OpenAiRequestMapper.Mapped body = AS_SENT.map(call.effective());
        return new ProviderRequest(uri(target, served.embeddingsPath()), headers, body.body(), body.dropped());
    }

    @Override
    public byte[] mapEmbeddings(ProviderCall call, byte[] upstreamBody) {
        return OpenAiAnswers.checked(spec.id(), upstreamBody);
    }

    /** A GET of the provider's own list, relayed as it is (OpenAI's shape). */
    @Override
    public ProviderRequest prepareModels(ProviderCall call) {
        Target target = call.target();
        Map<String, String> headers = credentials(target, new java.util.LinkedHashMap<>(target.forwardHeaders()));
        headers.put("accept", "application/json");
        return new ProviderRequest(uri(target, served.modelsPath()), headers, null, List.of());
    }

    @Override
    public byte[] mapModels(ProviderCall call, byte[] upstreamBody) {
        return OpenAiAnswers.checked(spec.id(), upstreamBody);
    }

    private URI uri(Target target, String path) {
        return URI.create((target.customHost() == null
                        ? stripSlash(spec.baseUrl())
                        : target.customHost().toString())
                + path);
    }

    @Override
    public Translation translate(ProviderCall call) {
        Target target = call.target();
        URI uri = target.customHost() == null ? defaultEndpoint : URI.create(target.customHost() + spec.chatPath());
        Map<String, String> headers = credentials(target, UpstreamHeaders.start(call));
        OpenAiRequestMapper.Mapped body = requestMapper.map(call.effective());
        byte[] bytes = body.body();
        if (call.request().stream()
                && StreamUsage.PROVIDERS.contains(spec.id())
                && !StreamUsage.asked(call.request())) {
            bytes = StreamUsage.requested(bytes);
        }
        return Translation.of(
                new ProviderRequest(uri, headers, bytes, body.dropped()),
                OpenAiReader.forRequest(spec.id(), call.request()));
    }

    private Map<String, String> credentials(Target target, Map<String, String> headers) {
        if (target.apiKey() != null) {
            switch (spec.auth()) {
                case BEARER, NONE -> headers.put("authorization", "Bearer " + target.apiKey());
            }
        }
        String organization = target.option(ProviderOption.OPENAI_ORGANIZATION);
        if (organization != null) {
            headers.put("openai-organization", organization);
        }
        String project = target.option(ProviderOption.OPENAI_PROJECT);
        if (project != null) {
            headers.put("openai-project", project);
        }
        return headers;
    }

    @Override
    public GatewayException mapError(ProviderCall call, int status, byte[] body, Function<String, String> headers) {
        return OpenAiErrorMapper.map(spec.id(), status, body, headers);
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
