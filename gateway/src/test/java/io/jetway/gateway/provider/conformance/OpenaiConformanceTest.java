package io.jetway.gateway.provider.conformance;

import java.util.Set;

/** OpenAI takes every field: the request passes through. */
class OpenaiConformanceTest extends ProviderConformanceTest {

    @Override
    String provider() {
        return "openai";
    }

    @Override
    String model() {
        return "gpt-4o";
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
