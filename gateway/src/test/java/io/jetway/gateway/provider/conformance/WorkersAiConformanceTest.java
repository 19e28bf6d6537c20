package io.jetway.gateway.provider.conformance;

import java.util.Set;

/**
 * Workers AI (a function-calling, JSON-mode text model): text content only, one choice per call, no
 * logprobs, no thinking; those are refused (images) or named as dropped.
 */
class WorkersAiConformanceTest extends ProviderConformanceTest {

    @Override
    String provider() {
        return "workers-ai";
    }

    @Override
    String model() {
        return "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
    }

    @Override
    Set<Capability> capabilities() {
        return Set.of(Capability.TOOLS, Capability.JSON_SCHEMA, Capability.SEED);
    }
}
