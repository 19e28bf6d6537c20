package io.jetway.gateway.provider.anthropic;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.ProviderOption;
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
 * {@code anthropic}: Anthropic's Messages API at {@code {base}/messages}, base
 * {@code https://api.anthropic.com/v1} (a custom host replaces the base; Portkey's split too,
 * Portkey-AI/gateway {@code src/providers/anthropic/api.ts}). Headers
 * (https://docs.claude.com/en/api/overview#authentication): {@code x-api-key}, {@code anthropic-version}
 * ({@value #DEFAULT_VERSION} unless {@code x-portkey-anthropic-version} says otherwise) and
 * {@code anthropic-beta} when {@code x-portkey-anthropic-beta} is given.
 */
public final class AnthropicProvider implements Provider {

    public static final String ID = "anthropic";
    public static final String BASE_URL = "https://api.anthropic.com/v1";
    /** The Messages API's one stable version (https://docs.claude.com/en/api/versioning). */
    public static final String DEFAULT_VERSION = "2023-06-01";

    private static final URI DEFAULT_ENDPOINT = URI.create(BASE_URL + "/messages");

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
    public java.util.Set<io.jetway.gateway.core.Endpoint> endpoints() {
        return java.util.Set.of(io.jetway.gateway.core.Endpoint.CHAT, io.jetway.gateway.core.Endpoint.MODELS);
    }

    /** {@code GET {base}/models?limit=1000} (https://docs.claude.com/en/api/models-list), headers as for chat. */
    @Override
    public ProviderRequest prepareModels(ProviderCall call) {
        Target target = call.target();
        String base = target.customHost() == null
                ? BASE_URL
                : stripSlash(target.customHost().toString());
        Map<String, String> headers = new java.util.LinkedHashMap<>(target.forwardHeaders());
        headers.put("accept", "application/json");
        if (target.apiKey() != null) {
            headers.put("x-api-key", target.apiKey());
        }
        String version = target.option(ProviderOption.ANTHROPIC_VERSION);
        headers.put("anthropic-version", version != null ? version : DEFAULT_VERSION);
        return new ProviderRequest(URI.create(base + "/models?limit=1000"), headers, null, java.util.List.of());
    }

    /** Anthropic's {@code data[].id} and {@code created_at}, as OpenAI's list. */
    @Override
    public byte[] mapModels(ProviderCall call, byte[] upstreamBody) {
        return io.jetway.gateway.provider.common.ModelLists.map(ID, upstreamBody, "data", "id", null, "created_at");
    }

    /** {@code /v1/messages} goes to Anthropic as it is. */
    @Override
    public boolean messagesNative(ProviderCall call) {
        return true;
    }

    /**
     * The caller's Messages body to {@code {base}/messages}, byte for byte unless the config's
     * {@code override_params} changed it; headers as for chat (the caller's {@code anthropic-version}
     * and {@code anthropic-beta} arrive as the options of {@code x-portkey-anthropic-version} / {@code -beta});
     * the answer and the stream relayed ({@link MessagesRelay}).
     */
    @Override
    public Translation translateMessages(ProviderCall call) {
        return Translation.of(
                new ProviderRequest(messagesUri(call.target()), headers(call), nativeBody(call), java.util.List.of()),
                MessagesRelay.sse(ID, AnthropicErrorMapper::map));
    }

    /**
     * The native Messages body: the caller's bytes when nothing changed them, else the overridden
     * tree with the caller's stream flag (which no override changes).
     */
    public static byte[] nativeBody(ProviderCall call) {
        if (!call.effective().overridden()) {
            return call.request().raw();
        }
        com.fasterxml.jackson.databind.node.ObjectNode tree = call.effective().mutableTree();
        if (call.request().stream()) {
            tree.put("stream", true);
        } else {
            tree.remove("stream");
        }
        return io.jetway.gateway.provider.common.Embeddings.bytes(tree);
    }

    @Override
    public Translation translate(ProviderCall call) {
        Target target = call.target();
        URI uri = messagesUri(target);
        Map<String, String> headers = headers(call);
        AnthropicRequestMapper.Mapped mapped =
                AnthropicRequestMapper.map(call.effective(), AnthropicRequestMapper.Options.ANTHROPIC_API);
        return Translation.of(
                new ProviderRequest(
                        uri, headers, mapped.body(), AnthropicParams.TABLE.dropped(call.effective(), mapped.dropped())),
                new AnthropicReader(AnswerPlan.of(call), mapped.jsonOutput()));
    }

    private static URI messagesUri(Target target) {
        return target.customHost() == null
                ? DEFAULT_ENDPOINT
                : URI.create(stripSlash(target.customHost().toString()) + "/messages");
    }

    private static Map<String, String> headers(ProviderCall call) {
        Target target = call.target();
        Map<String, String> headers = UpstreamHeaders.start(call);
        if (target.apiKey() != null) {
            headers.put("x-api-key", target.apiKey());
        }
        String version = target.option(ProviderOption.ANTHROPIC_VERSION);
        headers.put("anthropic-version", version != null ? version : DEFAULT_VERSION);
        String beta = target.option(ProviderOption.ANTHROPIC_BETA);
        if (beta != null) {
            headers.put("anthropic-beta", beta);
        }
        return headers;
    }

    @Override
    public GatewayException mapError(ProviderCall call, int status, byte[] body, Function<String, String> headers) {
        return AnthropicErrorMapper.map(status, body, headers);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
