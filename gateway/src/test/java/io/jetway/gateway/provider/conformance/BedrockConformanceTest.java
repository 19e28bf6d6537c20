package io.jetway.gateway.provider.conformance;

import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.bedrock.BedrockFixtures;
import io.jetway.gateway.provider.bedrock.BedrockProvider;
import java.util.Set;

/** Claude on Bedrock's Converse: one choice per call, no logprobs, no seed. */
class BedrockConformanceTest extends ProviderConformanceTest {

    @Override
    String provider() {
        return "bedrock";
    }

    /** Image URLs answered by a stub: the cases' documented URLs are never fetched. */
    @Override
    Provider providerUnderTest() {
        return new BedrockProvider(BedrockFixtures.STUB_IMAGES);
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
