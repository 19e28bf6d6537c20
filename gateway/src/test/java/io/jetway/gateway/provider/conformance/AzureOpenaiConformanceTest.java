package io.jetway.gateway.provider.conformance;

import java.util.Set;

/** Azure OpenAI takes OpenAI's fields: the request passes through. */
class AzureOpenaiConformanceTest extends ProviderConformanceTest {

    @Override
    String provider() {
        return "azure-openai";
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
