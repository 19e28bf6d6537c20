package io.jetway.gateway.provider.conformance;

import java.util.Set;

/** Cohere: one choice per call, no logprobs. */
class CohereConformanceTest extends ProviderConformanceTest {

    @Override
    String provider() {
        return "cohere";
    }

    @Override
    String model() {
        return "command-a-03-2025";
    }

    @Override
    Set<Capability> capabilities() {
        return Set.of(
                Capability.TOOLS, Capability.VISION, Capability.JSON_SCHEMA, Capability.THINKING, Capability.SEED);
    }
}
