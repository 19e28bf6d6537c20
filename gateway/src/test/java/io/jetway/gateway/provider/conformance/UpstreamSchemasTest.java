package io.jetway.gateway.provider.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The schema check of upstream bodies cannot pass vacuously: for every provider a valid body
 * passes, and the same body with a field the provider's schema does not have, or with a value of
 * the wrong type, fails.
 */
class UpstreamSchemasTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "openai | /v1/chat/completions | {\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                        + " | {\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":\"many\"}",
                "anthropic | /v1/messages | {\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Hi\"}]} | {\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"Hi\"}],\"frequency_penalty\":1}",
                "vertex-ai | /v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict"
                        + " | {\"anthropic_version\":\"vertex-2023-10-16\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Hi\"}]} | {\"anthropic_version\":\"vertex-2023-10-16\",\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"Hi\"}]}",
                "cohere | /v2/chat | {\"model\":\"command-a-03-2025\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                        + " | {\"model\":\"command-a-03-2025\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"n\":2}",
                "google | /v1beta/models/gemini-2.5-flash:generateContent | {\"contents\":[{\"role\":\"user\",\"parts\":"
                        + "[{\"text\":\"Hi\"}]}]} | {\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}],"
                        + "\"generationConfig\":{\"maxTokens\":5}}",
                "vertex-ai | /v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent"
                        + " | {\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]} | {\"contents\":[{\"role\":"
                        + "\"user\",\"parts\":[{\"text\":7}]}]}",
                "bedrock | /model/m/converse | {\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]}"
                        + " | {\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}],\"inferenceConfig\":"
                        + "{\"max_tokens\":5}}",
                "bedrock | /model/m/converse-stream | {\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]}"
                        + " | {\"messages\":[{\"role\":\"assistant\",\"content\":[{\"text\":\"Hi\"}]}],\"system\":\"be brief\"}"
            })
    void aBodyOutsideTheProvidersSchemaFailsWhereAValidOnePasses(
            String provider, String path, String valid, String broken) {
        assertThat(UpstreamSchemas.problems(provider, path, valid.getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(UpstreamSchemas.problems(provider, path, broken.getBytes(StandardCharsets.UTF_8)))
                .isNotEmpty();
    }
}
