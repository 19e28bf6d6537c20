package io.jetway.gateway.provider.conformance;

import java.util.Set;

/** Gemini on Vertex AI (its Claude cases run from the same folder). */
class VertexAiConformanceTest extends ProviderConformanceTest {

    @Override
    String provider() {
        return "vertex-ai";
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
