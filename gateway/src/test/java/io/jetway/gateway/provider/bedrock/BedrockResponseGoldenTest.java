package io.jetway.gateway.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.provider.ProviderCall;
import java.util.EnumMap;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden response tests: each {@code response/<name>.case.json} holds the caller's request, a
 * Converse answer shaped like Bedrock's documented responses, and the expected
 * {@code chat.completion}. The Converse answers are also checked against the Smithy model, so a
 * fixture cannot drift from what Bedrock sends.
 */
class BedrockResponseGoldenTest {

    static final List<String> CASES = List.of(
            "text", "tool-use", "reasoning-extras", "reasoning-strict", "forced-tool-json", "max-tokens", "guardrail");

    @TestFactory
    Stream<DynamicTest> mapsEachDocumentedAnswerToItsGoldenCompletion() {
        return CASES.stream()
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    JsonNode c = BedrockFixtures.json("response/" + name + ".case.json");
                    ProviderCall call = call(c);
                    byte[] mapped = new BedrockProvider(BedrockFixtures.STUB_IMAGES)
                            .translate(call)
                            .answer(Json.MAPPER.writeValueAsBytes(c.get("converse")));
                    assertThat(Json.MAPPER.readTree(mapped)).isEqualTo(c.get("expected"));
                }));
    }

    @TestFactory
    Stream<DynamicTest> usesAnswersTheSmithyModelAccepts() {
        return CASES.stream()
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    JsonNode c = BedrockFixtures.json("response/" + name + ".case.json");
                    assertThat(BedrockFixtures.SMITHY.validate(
                                    c.get("converse"), "com.amazonaws.bedrockruntime#ConverseResponse"))
                            .isEmpty();
                }));
    }

    static ProviderCall call(JsonNode c) throws Exception {
        return BedrockFixtures.call(
                BedrockFixtures.request(Json.MAPPER.writeValueAsBytes(c.get("request"))),
                BedrockFixtures.target(
                        "key",
                        new EnumMap<>(ProviderOption.class),
                        null,
                        c.get("strict").asBoolean(),
                        null));
    }
}
