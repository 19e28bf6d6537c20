package io.jetway.gateway.provider.azure;

import io.jetway.gateway.core.Endpoint;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Translation;
import io.jetway.gateway.provider.UpstreamHeaders;
import io.jetway.gateway.provider.openai.OpenAiAnswers;
import io.jetway.gateway.provider.openai.OpenAiErrorMapper;
import io.jetway.gateway.provider.openai.OpenAiReader;
import io.jetway.gateway.provider.openai.OpenAiRequestMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code azure-openai}: base URL {@code https://{resource}.openai.azure.com/openai} (a custom host
 * replaces exactly that), then {@code /deployments/{deployment}/chat/completions?api-version=…},
 * or, with {@code api_version} {@value #V1_API}, Azure's v1 API {@code /v1/chat/completions} (no
 * deployment in the path: the body's {@code model} names it; no {@code api-version}). Base and
 * paths are Portkey's (Portkey-AI/gateway {@code src/providers/azure-openai/api.ts}), so a Portkey
 * config's custom host reaches the same URL. Unlike Portkey, which sends no {@code api-version}
 * when none is given, Jetway sends {@value #DEFAULT_API_VERSION}: Azure refuses a call without one.
 * Request and answers are OpenAI's format, so the OpenAI mappers are reused.
 */
public final class AzureOpenAiProvider implements Provider {

    public static final String ID = "azure-openai";
    /** The latest GA data-plane version when the caller names none (Azure requires one). */
    public static final String DEFAULT_API_VERSION = "2024-10-21";
    /**
     * The {@code api_version} that selects Azure's v1 API
     * (https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle).
     */
    public static final String V1_API = "v1";

    private static final Pattern RESOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,62}");
    private final OpenAiRequestMapper requestMapper = new OpenAiRequestMapper(Set.of(), Map.of());

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<Endpoint> endpoints() {
        return Set.of(Endpoint.CHAT, Endpoint.EMBEDDINGS, Endpoint.MODELS);
    }

    @Override
    public Translation translate(ProviderCall call) {
        return Translation.of(prepare(call, "/chat/completions"), OpenAiReader.forRequest(ID, call.request()));
    }

    /**
     * {@code /deployments/{deployment}/embeddings?api-version=…} (or {@code /v1/embeddings}), Azure's
     * embeddings API (https://learn.microsoft.com/azure/ai-foundry/openai/reference#embeddings):
     * OpenAI's request and answer.
     */
    @Override
    public ProviderRequest prepareEmbeddings(ProviderCall call) {
        return prepare(call, "/embeddings");
    }

    @Override
    public byte[] mapEmbeddings(ProviderCall call, byte[] upstreamBody) {
        return OpenAiAnswers.checked(ID, upstreamBody);
    }

    /**
     * {@code GET /models?api-version=…} (or {@code /v1/models}): the models of the resource
     * (https://learn.microsoft.com/rest/api/azureopenai/models/list), in OpenAI's list shape.
     */
    @Override
    public ProviderRequest prepareModels(ProviderCall call) {
        Target target = call.target();
        String base = base(target);
        String apiVersion = target.option(ProviderOption.AZURE_API_VERSION);
        URI uri = apiVersion != null && apiVersion.strip().equals(V1_API)
                ? URI.create(base + "/v1/models")
                : URI.create(
                        base + "/models?api-version=" + encode(apiVersion == null ? DEFAULT_API_VERSION : apiVersion));
        Map<String, String> headers = credentials(target, new java.util.LinkedHashMap<>(target.forwardHeaders()));
        headers.put("accept", "application/json");
        return new ProviderRequest(uri, headers, null, java.util.List.of());
    }

    @Override
    public byte[] mapModels(ProviderCall call, byte[] upstreamBody) {
        return OpenAiAnswers.checked(ID, upstreamBody);
    }

    private ProviderRequest prepare(ProviderCall call, String operation) {
        Target target = call.target();
        String base = base(target);
        String apiVersion = target.option(ProviderOption.AZURE_API_VERSION);
        URI uri;
        if (apiVersion != null && apiVersion.strip().equals(V1_API)) {
            uri = URI.create(base + "/v1" + operation);
        } else {
            String deployment = target.option(ProviderOption.AZURE_DEPLOYMENT_ID);
            if (deployment == null) {
                throw GatewayException.invalidRequest(
                        "azure-openai needs the deployment: set the "
                                + "x-portkey-azure-deployment-id header (or deployment_id in the config), or api_version v1.",
                        ProviderOption.AZURE_DEPLOYMENT_ID.header());
            }
            uri = URI.create(base + "/deployments/" + encode(deployment) + operation + "?api-version="
                    + encode(apiVersion == null ? DEFAULT_API_VERSION : apiVersion));
        }

        Map<String, String> headers = credentials(target, UpstreamHeaders.start(call));
        OpenAiRequestMapper.Mapped body = requestMapper.map(call.effective());
        return new ProviderRequest(uri, headers, body.body(), body.dropped());
    }

    private static Map<String, String> credentials(Target target, Map<String, String> headers) {
        String adToken = target.option(ProviderOption.AZURE_AD_TOKEN);
        if (adToken != null) {
            headers.put("authorization", "Bearer " + adToken);
        } else if (target.apiKey() != null) {
            headers.put("api-key", target.apiKey());
        }
        return headers;
    }

    /** {@code https://{resource}.openai.azure.com/openai}, or the custom host. */
    private static String base(Target target) {
        if (target.customHost() != null) {
            return target.customHost().toString();
        }
        String resource = target.option(ProviderOption.AZURE_RESOURCE_NAME);
        if (resource == null) {
            throw GatewayException.invalidRequest(
                    "azure-openai needs the resource name: set the "
                            + "x-portkey-azure-resource-name header (or resource_name in the config), or a custom host.",
                    ProviderOption.AZURE_RESOURCE_NAME.header());
        }
        if (!RESOURCE.matcher(resource).matches()) {
            throw GatewayException.invalidRequest(
                    "The Azure resource name '" + resource + "' is not valid: use letters, digits and hyphens only.",
                    ProviderOption.AZURE_RESOURCE_NAME.header());
        }
        return "https://" + resource + ".openai.azure.com/openai";
    }

    @Override
    public GatewayException mapError(ProviderCall call, int status, byte[] body, Function<String, String> headers) {
        return OpenAiErrorMapper.map(ID, status, body, headers);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
