package io.jetway.gateway.provider.conformance;

import java.util.Set;

/** Gemini: candidateCount, responseLogprobs and seed included. */
class GoogleConformanceTest extends ProviderConformanceTest {

    @Override
    String provider() {
        return "google";
    }

    @Override
    String model() {
        return "gemini-2.5-flash";
    }

    @Override
    Set<Capability> capabilities() {
        return Set.of(
                Capability.TOOLS,
                Capability.VISION,
                Capability.JSON_SCHEMA,
                Capability.THINKING,
                Capability.N,
                Capability.LOGPROBS,
                Capability.SEED);
    }
}
