package io.jetway.gateway.core;

import java.util.EnumMap;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code x-portkey-*} headers of one request (plus the provider key from
 * {@code Authorization}), already parsed. None of them is ever forwarded upstream.
 *
 * @param providerKey   the bearer token of {@code Authorization}, meant for the provider
 * @param options       provider settings given as headers ({@code x-portkey-azure-*} …)
 * @param clientHeaders lookup of any client header by lower-case name, for {@code forward_headers}
 */
public record PortkeyHeaders(
        String provider,
        String config,
        String virtualKey,
        String gatewayApiKey,
        String providerKey,
        String customHost,
        String traceId,
        String spanId,
        String parentSpanId,
        String spanName,
        String metadata,
        Boolean cacheForceRefresh,
        String cacheNamespace,
        Boolean strictOpenAiCompliance,
        Long requestTimeoutMs,
        List<String> forwardHeaders,
        EnumMap<ProviderOption, String> options,
        Function<String, String> clientHeaders) {}
