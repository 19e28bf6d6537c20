package io.jetway.gateway.provider.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.bedrock.BedrockFixtures;
import io.jetway.gateway.provider.bedrock.BedrockProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Claude on Bedrock's Converse: one choice per call, no logprobs, no seed. */
class BedrockConformanceTest extends ProviderConformanceTest {

    private static final String CONVERSE_RESPONSE = "com.amazonaws.bedrockruntime#ConverseResponse";
    private static final String STREAM_OUTPUT = "com.amazonaws.bedrockruntime#ConverseStreamOutput";

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

    /**
     * Bedrock's answers and stream events of every case follow Bedrock Runtime's Smithy model, so a
     * case cannot drift from what Bedrock sends.
     */
    @TestFactory
    Stream<DynamicTest> theUpstreamAnswersAndEventsFollowTheSmithyModel() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path c : cases(provider())) {
            String name = c.getFileName().toString();
            if (Files.exists(c.resolve("answer.upstream.json"))) {
                tests.add(DynamicTest.dynamicTest(
                        name + ": the answer follows the Smithy model",
                        () -> assertThat(BedrockFixtures.SMITHY.validate(
                                        Json.MAPPER.readTree(c.resolve("answer.upstream.json")
                                                .toFile()),
                                        CONVERSE_RESPONSE))
                                .isEmpty()));
            }
            if (Files.exists(c.resolve("stream.upstream.events.json"))) {
                tests.add(DynamicTest.dynamicTest(name + ": the stream events follow the Smithy model", () -> {
                    for (JsonNode e : Json.MAPPER.readTree(
                            c.resolve("stream.upstream.events.json").toFile())) {
                        ObjectNode union = Json.MAPPER.createObjectNode();
                        union.set(
                                e.has("event")
                                        ? e.get("event").asText()
                                        : e.get("exception").asText(),
                                e.get("payload"));
                        assertThat(BedrockFixtures.SMITHY.validate(union, STREAM_OUTPUT))
                                .as(e.toString())
                                .isEmpty();
                    }
                }));
            }
        }
        assertThat(tests).isNotEmpty();
        return tests.stream();
    }
}
