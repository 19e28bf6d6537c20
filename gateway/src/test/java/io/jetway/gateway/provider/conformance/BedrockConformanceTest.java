package io.jetway.gateway.provider.conformance;

import java.util.Set;

/** Claude on Bedrock's Converse: one choice per call, no logprobs, no seed. */
class BedrockConformanceTest extends ProviderConformanceTest {

    @Override
    String provider() {
        return "bedrock";
    }

    @Override
    String model() {
        return "anthropic.claude-sonnet-4-5-20250929-v1:0";
    }

    @Override
    Set<Capability> capabilities() {
        return Set.of(Capability.TOOLS, Capability.VISION, Capability.JSON_SCHEMA, Capability.THINKING);
    }
}
