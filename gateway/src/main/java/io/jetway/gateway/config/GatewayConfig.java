package io.jetway.gateway.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.ProviderOption;
import java.util.EnumMap;
import java.util.List;

/**
 * A parsed config for a single target. Every field is null when the config does not set it, so
 * that headers can fill the gaps.
 *
 * @param path where in the config this target sits ({@code config} or {@code config.targets[0]}),
 *             for error messages
 */
public record GatewayConfig(
        String path,
        String provider,
        String apiKey,
        String customHost,
        ObjectNode overrideParams,
        Long requestTimeoutMs,
        List<String> forwardHeaders,
        Boolean strictOpenAiCompliance,
        EnumMap<ProviderOption, String> options) {

    @Override
    public String toString() {
        return "GatewayConfig[path=" + path + ", provider=" + provider + "]";
    }
}
