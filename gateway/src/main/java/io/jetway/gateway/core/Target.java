package io.jetway.gateway.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * One resolved provider target: which provider, with which credentials and settings. Built from
 * headers and/or a config; everything a provider needs to make its upstream call.
 *
 * @param provider                the provider id (e.g. {@code openai})
 * @param apiKey                  the provider key, or null (providers that need none, or that sign otherwise)
 * @param customHost              replaces the provider's base URL as Portkey splits it (the path after it
 *                                is Portkey's); null for the default
 * @param overrideParams          body fields to set over the caller's; null for none
 * @param options                 provider-specific settings (Azure, AWS, Vertex …)
 * @param requestTimeout          the caller's limit on a non-stream exchange, a stream's first byte and
 *                                each gap; null for the gateway's; at most {@link #MAX_REQUEST_TIMEOUT_MS}
 * @param forwardHeaders          client headers to copy upstream (lower-case name → value), already filtered
 * @param strictOpenAiCompliance  false adds provider extras (reasoning_content …) to answers
 * @param virtualKey              the id of the virtual key whose credentials the target carries; null for none
 */
public record Target(
        String provider,
        String apiKey,
        URI customHost,
        ObjectNode overrideParams,
        EnumMap<ProviderOption, String> options,
        Duration requestTimeout,
        Map<String, String> forwardHeaders,
        boolean strictOpenAiCompliance,
        String virtualKey) {

    /** A target whose credentials are no virtual key's. */
    public Target(
            String provider,
            String apiKey,
            URI customHost,
            ObjectNode overrideParams,
            EnumMap<ProviderOption, String> options,
            Duration requestTimeout,
            Map<String, String> forwardHeaders,
            boolean strictOpenAiCompliance) {
        this(
                provider,
                apiKey,
                customHost,
                overrideParams,
                options,
                requestTimeout,
                forwardHeaders,
                strictOpenAiCompliance,
                null);
    }

    /**
     * The largest {@code request_timeout} / {@code x-portkey-request-timeout} a caller may set: one
     * hour (3,600,000 ms). Larger values are refused with a 400 naming the field, never clamped
     * (and never left to overflow a nanosecond count).
     */
    public static final long MAX_REQUEST_TIMEOUT_MS = 3_600_000L;

    public String option(ProviderOption option) {
        return options.get(option);
    }

    @Override
    public String toString() {
        // Never print credentials.
        return "Target[provider=" + provider + ", customHost=" + customHost + "]";
    }
}
