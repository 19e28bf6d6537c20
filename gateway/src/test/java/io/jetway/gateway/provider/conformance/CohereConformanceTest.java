package io.jetway.gateway.provider.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.cohere.CohereSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

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

    /**
     * The cases' documented requests, answers and errors follow Cohere's published v2 chat schema
     * ({@code CohereSpec}), so a case cannot drift from what Cohere defines.
     */
    @TestFactory
    Stream<DynamicTest> theDocumentedBodiesFollowCoheresSchema() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path c : cases(provider())) {
            String name = c.getFileName().toString();
            if (Files.exists(c.resolve("request.upstream.json"))) {
                tests.add(DynamicTest.dynamicTest(
                        name + ": the documented request follows the schema",
                        () -> assertThat(CohereSpec.validateRequest(
                                                Files.readAllBytes(c.resolve("request.upstream.json")))
                                        .getMessages())
                                .isEmpty()));
            }
            if (Files.exists(c.resolve("answer.upstream.json"))) {
                tests.add(DynamicTest.dynamicTest(
                        name + ": the answer follows the schema",
                        () -> assertThat(CohereSpec.validateResponse(
                                                Files.readAllBytes(c.resolve("answer.upstream.json")))
                                        .getMessages())
                                .isEmpty()));
            }
            if (Files.exists(c.resolve("error.upstream.json"))) {
                tests.add(DynamicTest.dynamicTest(name + ": the error follows the schema", () -> {
                    JsonNode error = Json.MAPPER.readTree(
                            c.resolve("error.upstream.json").toFile());
                    assertThat(CohereSpec.validateError(
                                            error.get("status").asInt(),
                                            Json.MAPPER.writeValueAsBytes(error.get("body")))
                                    .getMessages())
                            .isEmpty();
                }));
            }
        }
        assertThat(tests).isNotEmpty();
        return tests.stream();
    }
}
