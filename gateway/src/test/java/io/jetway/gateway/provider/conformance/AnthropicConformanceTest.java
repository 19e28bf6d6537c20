package io.jetway.gateway.provider.conformance;

import java.util.Set;

/** Claude: one choice per call (the pipeline fans out n), no logprobs, no seed. */
class AnthropicConformanceTest extends ProviderConformanceTest {

    @Override
    String provider() {
        return "anthropic";
    }

    @Override
    String model() {
        return "claude-sonnet-4-5";
    }

    @Override
    Set<Capability> capabilities() {
        return Set.of(Capability.TOOLS, Capability.VISION, Capability.JSON_SCHEMA, Capability.THINKING);
    }
}
