package io.jetway.gateway.pipeline;

import io.jetway.gateway.config.ConfigParser;
import io.jetway.gateway.config.GatewayConfig;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.core.PortkeyHeaders;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.ProviderRegistry;
import io.jetway.gateway.upstream.CustomHostPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides where the request goes. Sources, in precedence order: the config
 * ({@code x-portkey-config}), then the headers ({@code x-portkey-provider}, {@code Authorization},
 * {@code x-portkey-custom-host}, provider headers), each filling what the other leaves unset.
 */
final class TargetResolutionInterceptor implements Interceptor {

    /** Headers that may never be forwarded, whatever {@code forward_headers} says. */
    private static final Set<String> NEVER_FORWARD = Set.of("host", "content-length", "transfer-encoding",
            "connection", "keep-alive", "upgrade", "te", "trailer", "proxy-authorization", "expect");

    private final ProviderRegistry providers;
    private final CustomHostPolicy customHosts;

    TargetResolutionInterceptor(ProviderRegistry providers, CustomHostPolicy customHosts) {
        this.providers = providers;
        this.customHosts = customHosts;
    }

    @Override
    public GatewayResponse intercept(Chain chain) {
        Exchange exchange = chain.exchange();
        exchange.target(resolve(exchange.headers()));
        exchange.responseHeaders().put("x-portkey-provider", exchange.target().provider());
        return chain.proceed();
    }

    Target resolve(PortkeyHeaders h) {
        GatewayConfig config = h.config() == null ? null : ConfigParser.parse(h.config());
        if (h.virtualKey() != null && (config == null || config.provider() == null)) {
            throw GatewayException.invalidRequest("Unknown virtual key '" + h.virtualKey()
                    + "': this gateway has no virtual keys configured. Use x-portkey-provider with "
                    + "Authorization: Bearer <provider key> instead.", "x-portkey-virtual-key");
        }
        String provider = config != null && config.provider() != null ? config.provider()
                : h.provider() == null ? null : h.provider().strip().toLowerCase(Locale.ROOT);
        if (provider == null || provider.isEmpty()) {
            throw GatewayException.invalidRequest(config != null
                    ? "The config names no provider: set \"provider\" in " + config.path() + "."
                    : "No provider chosen: send x-portkey-provider (e.g. openai) with Authorization: Bearer "
                    + "<provider key>, or an x-portkey-config.", config != null ? "x-portkey-config" : "x-portkey-provider");
        }
        String providerParam = config != null && config.provider() != null ? "x-portkey-config" : "x-portkey-provider";
        providers.get(provider, providerParam);

        String apiKey = config != null && config.apiKey() != null ? config.apiKey() : h.providerKey();

        URI customHost = null;
        if (config != null && config.customHost() != null) {
            customHost = customHosts.check(config.customHost(), "x-portkey-config");
        } else if (h.customHost() != null && !h.customHost().isBlank()) {
            customHost = customHosts.check(h.customHost(), "x-portkey-custom-host");
        }

        EnumMap<ProviderOption, String> options = new EnumMap<>(h.options());
        if (config != null) {
            options.putAll(config.options());
        }

        Long timeoutMs = config != null && config.requestTimeoutMs() != null ? config.requestTimeoutMs()
                : h.requestTimeoutMs();
        List<String> forwardNames = config != null && config.forwardHeaders() != null ? config.forwardHeaders()
                : h.forwardHeaders();
        Map<String, String> forwarded = Map.of();
        if (forwardNames != null && !forwardNames.isEmpty()) {
            forwarded = new LinkedHashMap<>();
            for (String name : forwardNames) {
                String lower = name.strip().toLowerCase(Locale.ROOT);
                if (lower.startsWith("x-portkey-") || NEVER_FORWARD.contains(lower)) {
                    throw GatewayException.invalidRequest("The header '" + name + "' cannot be forwarded upstream.",
                            config != null && config.forwardHeaders() != null ? "x-portkey-config" : "x-portkey-forward-headers");
                }
                String value = h.clientHeaders().apply(lower);
                if (value != null) {
                    forwarded.put(lower, value);
                }
            }
        }
        Boolean strict = config != null && config.strictOpenAiCompliance() != null ? config.strictOpenAiCompliance()
                : h.strictOpenAiCompliance();
        return new Target(provider, apiKey, customHost, config == null ? null : config.overrideParams(), options,
                timeoutMs == null ? null : Duration.ofMillis(timeoutMs), forwarded, strict == null || strict);
    }
}
