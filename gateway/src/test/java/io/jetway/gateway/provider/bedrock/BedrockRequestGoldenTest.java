package io.jetway.gateway.provider.bedrock;

import static io.jetway.gateway.provider.bedrock.BedrockFixtures.SMITHY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.ProviderRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden request tests: each {@code request/<name>.openai.json} is mapped and must equal
 * {@code request/<name>.converse.json}, and must be a valid {@code ConverseRequest} by the
 * Bedrock Runtime Smithy model. The expected bodies follow the request shapes of Bedrock's
 * Converse documentation (tool use with the documented {@code top_song} tool, images, documents,
 * structured output, reasoning).
 */
class BedrockRequestGoldenTest {

    static final List<String> CASES = List.of("basic", "tools", "tool-choice-named", "tool-choice-none", "multimodal",
            "structured-native", "structured-forced-tool", "thinking");

    @TestFactory
    Stream<DynamicTest> mapsEachDocumentedRequestToItsGoldenConverseBody() {
        return CASES.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            ProviderRequest prepared = new BedrockProvider(BedrockFixtures.STUB_IMAGES).translate(BedrockFixtures.call(
                    BedrockFixtures.request(BedrockFixtures.bytes("request/" + name + ".openai.json")),
                    BedrockFixtures.awsTarget())).request();
            JsonNode actual = Json.MAPPER.readTree(prepared.body());
            writeActual(name, actual);
            assertThat(actual).isEqualTo(BedrockFixtures.json("request/" + name + ".converse.json"));
        }));
    }

    @TestFactory
    Stream<DynamicTest> producesConverseRequestsTheSmithyModelAccepts() {
        return CASES.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            ProviderRequest prepared = new BedrockProvider(BedrockFixtures.STUB_IMAGES).translate(BedrockFixtures.call(
                    BedrockFixtures.request(BedrockFixtures.bytes("request/" + name + ".openai.json")),
                    BedrockFixtures.awsTarget())).request();
            assertThat(SMITHY.validate(Json.MAPPER.readTree(prepared.body()),
                    "com.amazonaws.bedrockruntime#ConverseRequest")).isEmpty();
        }));
    }

    /** Writes what the mapper produced next to the build output, to review a changed golden. */
    private static void writeActual(String name, JsonNode actual) throws IOException {
        Path dir = Path.of("target", "bedrock-actual");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".converse.json"),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(actual));
    }
}
