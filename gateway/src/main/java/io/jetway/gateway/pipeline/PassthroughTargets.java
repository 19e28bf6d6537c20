package io.jetway.gateway.pipeline;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.provider.ProviderRegistry;
import io.jetway.gateway.provider.azure.AzureOpenAiProvider;
import io.jetway.gateway.provider.openai.CompatibleProviders;
import io.jetway.gateway.upstream.CustomHostPolicy;
import java.net.URI;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where a passthrough request ({@code /v1/files}, {@code /v1/audio/speech} …: OpenAI's API beyond
 * Chat Completions, forwarded unread) goes, from its headers alone, as for chat: the provider from
 * {@code x-portkey-provider} with the caller's key ({@code Authorization}), or a virtual key; the
 * custom host through {@link CustomHostPolicy} (internal addresses refused unless trusted), and a
 * virtual key's stored credentials only to the host stored with it ({@link RoutingInterceptor#host},
 * the one rule for both). Pure: no body is read and no call is made; every refusal is a 400 before
 * anything reaches a provider.
 *
 * <p>Only OpenAI-format providers pass through: those of {@link CompatibleProviders} at
 * {@code base + (chatPath without /chat/completions) + the path below /v1} (a custom host replaces
 * the base, as for chat), and {@code azure-openai} through Azure's v1 API
 * ({@code https://{resource}.openai.azure.com/openai/v1/...}, the model in the body, no deployment).
 * Configs ({@code x-portkey-config}) are not taken here: fallbacks and retries would have to resend a
 * body that is streamed, not kept.
 */
public final class PassthroughTargets {

    /** What the chat-only providers serve, named in the 400 for any other path. */
    public static final String TRANSLATED_ENDPOINTS = "POST /v1/chat/completions";

    private static final String CHAT_PATH = "/chat/completions";
    private static final Pattern AZURE_RESOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,62}");

    /**
     * One resolved passthrough call.
     *
     * @param provider   the provider id
     * @param uri        the full upstream URL, query included
     * @param headers    the credential headers the provider expects (never log them)
     * @param virtualKey the virtual key whose credentials go, or null
     */
    public record Resolved(String provider, URI uri, Map<String, String> headers, String virtualKey) {
        @Override
        public String toString() {
            return "Resolved[" + provider + ", " + uri.getHost() + "]";
        }
    }

    private final ProviderRegistry providers;
    private final CustomHostPolicy customHosts;
    private final VirtualKeys virtualKeys;

    public PassthroughTargets(ProviderRegistry providers, CustomHostPolicy customHosts, VirtualKeys virtualKeys) {
        this.providers = providers;
        this.customHosts = customHosts;
        this.virtualKeys = virtualKeys;
    }

    /**
     * @param below       the path below {@code /v1}, e.g. {@code /files/file-1/content} (raw, as received)
     * @param rawQuery    the query as received, or null
     * @param header      the caller's headers by name (case-insensitive), null when absent
     * @param providerKey the caller's provider key ({@code Authorization: Bearer}), or null
     * @throws GatewayException 400 saying what to fix
     */
    public Resolved resolve(String below, String rawQuery, Function<String, String> header, String providerKey) {
        if (nonBlank(header.apply("x-portkey-config")) != null) {
            throw GatewayException.invalidRequest(
                    "x-portkey-config is not supported on " + endpoint(below)
                            + ": a passthrough request is streamed, not kept, so it cannot be retried or sent to a fallback. "
                            + "Choose the provider with x-portkey-provider and Authorization, or with x-portkey-virtual-key.",
                    "x-portkey-config");
        }
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        for (ProviderOption o : ProviderOption.values()) {
            String v = nonBlank(header.apply(o.header()));
            if (v != null) {
                options.put(o, v);
            }
        }
        String vkId = nonBlank(header.apply("x-portkey-virtual-key"));
        VirtualKeys.VirtualKey vk = null;
        String provider;
        String apiKey;
        String param;
        if (vkId != null) {
            vk = virtualKeys
                    .find(vkId)
                    .orElseThrow(() -> GatewayException.invalidRequest(
                            "Unknown virtual key '" + vkId + "' in x-portkey-virtual-key: no virtual key has that id.",
                            "x-portkey-virtual-key",
                            "virtual_key_not_found"));
            provider = vk.provider();
            apiKey = vk.apiKey();
            options.putAll(vk.options());
            param = "x-portkey-virtual-key";
        } else {
            provider = nonBlank(header.apply("x-portkey-provider"));
            if (provider == null) {
                throw GatewayException.invalidRequest(
                        "No provider chosen: send x-portkey-provider (e.g. openai) with "
                                + "Authorization: Bearer <provider key>, or x-portkey-virtual-key.",
                        "x-portkey-provider");
            }
            provider = provider.strip().toLowerCase(Locale.ROOT);
            apiKey = providerKey;
            param = "x-portkey-provider";
        }
        providers.get(provider, param);
        String headerHost = nonBlank(header.apply("x-portkey-custom-host"));
        String host = RoutingInterceptor.host(vk, null, false, null, headerHost);
        URI base = host == null
                ? null
                : customHosts.check(host, headerHost != null ? "x-portkey-custom-host" : "x-portkey-virtual-key");
        String query = rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery;
        if (!validUrlPart(below, true) || !query.isEmpty() && !validUrlPart(rawQuery, false)) {
            throw GatewayException.invalidRequest(
                    "The path " + endpoint(below) + " (or its query) holds characters a "
                            + "URL may not, or a dot segment: percent-encode them, and leave out . and .. segments.",
                    null);
        }
        Map<String, String> headers = new LinkedHashMap<>(4);
        CompatibleProviders.Spec spec = CompatibleProviders.ALL.get(provider);
        URI uri;
        if (spec != null) {
            String prefix = spec.chatPath().endsWith(CHAT_PATH)
                    ? spec.chatPath().substring(0, spec.chatPath().length() - CHAT_PATH.length())
                    : "";
            String root = base != null ? base.toString() : stripSlash(spec.baseUrl());
            uri = URI.create(root + prefix + below + query);
            if (apiKey != null) {
                switch (spec.auth()) {
                    case BEARER, NONE -> headers.put("authorization", "Bearer " + apiKey);
                }
            }
            putOption(headers, "openai-organization", options.get(ProviderOption.OPENAI_ORGANIZATION));
            putOption(headers, "openai-project", options.get(ProviderOption.OPENAI_PROJECT));
        } else if (provider.equals(AzureOpenAiProvider.ID)) {
            uri = URI.create(azureBase(base, options) + "/v1" + below + query);
            String adToken = options.get(ProviderOption.AZURE_AD_TOKEN);
            if (adToken != null) {
                headers.put("authorization", "Bearer " + adToken);
            } else if (apiKey != null) {
                headers.put("api-key", apiKey);
            }
        } else {
            throw new GatewayException(
                    400,
                    GatewayException.INVALID_REQUEST,
                    "Provider '" + provider
                            + "' is not OpenAI-format, so " + endpoint(below)
                            + " cannot pass through to it: through this "
                            + "gateway it serves " + TRANSLATED_ENDPOINTS + ". The rest of OpenAI's API (/v1/files, "
                            + "/v1/batches, /v1/images/*, /v1/audio/*, /v1/moderations, /v1/responses, /v1/completions …) "
                            + "passes through to openai, azure-openai and the OpenAI-compatible providers only.",
                    param,
                    "unsupported_endpoint");
        }
        return new Resolved(provider, uri, headers, vk == null ? null : vk.id());
    }

    private static String azureBase(URI customHost, EnumMap<ProviderOption, String> options) {
        if (customHost != null) {
            return customHost.toString();
        }
        String resource = options.get(ProviderOption.AZURE_RESOURCE_NAME);
        if (resource == null) {
            throw GatewayException.invalidRequest(
                    "azure-openai needs the resource name: set the "
                            + "x-portkey-azure-resource-name header, or a custom host.",
                    ProviderOption.AZURE_RESOURCE_NAME.header());
        }
        if (!AZURE_RESOURCE.matcher(resource).matches()) {
            throw GatewayException.invalidRequest(
                    "The Azure resource name '" + resource + "' is not valid: use letters, digits and hyphens only.",
                    ProviderOption.AZURE_RESOURCE_NAME.header());
        }
        return "https://" + resource + ".openai.azure.com/openai";
    }

    private static void putOption(Map<String, String> headers, String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
    }

    private static String endpoint(String below) {
        String p = "/v1" + below;
        return p.length() <= 100 ? p : p.substring(0, 100) + "…";
    }

    /** Printable ASCII without space, quotes, angle brackets, backslash or fragment: what a raw URL path may hold. */
    private static boolean validUrlPart(String s, boolean path) {
        // No dot segments in the path: it must stay below the provider's base, as the caller wrote it.
        for (String segment : !path
                ? new String[0]
                : s.toLowerCase(Locale.ROOT).replace("%2e", ".").split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 127 || c == '"' || c == '<' || c == '>' || c == '\\' || c == '#' || c == '^'
                    || c == '`' || c == '{' || c == '}' || c == '|') {
                return false;
            }
        }
        return true;
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
