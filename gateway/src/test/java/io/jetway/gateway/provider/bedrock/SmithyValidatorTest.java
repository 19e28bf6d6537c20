package io.jetway.gateway.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.Json;
import org.junit.jupiter.api.Test;

/** The request validator must reject what Bedrock rejects, or the request tests prove nothing. */
class SmithyValidatorTest {

    private static final String REQUEST = "com.amazonaws.bedrockruntime#ConverseRequest";

    private static java.util.List<String> errors(String json) throws Exception {
        return BedrockFixtures.SMITHY.validate(Json.MAPPER.readTree(json), REQUEST);
    }

    @Test
    void acceptsAMinimalConverseRequest() throws Exception {
        assertThat(errors("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}"))
                .isEmpty();
    }

    @Test
    void rejectsUnknownMembersAndMissingRequiredOnes() throws Exception {
        assertThat(errors("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}],\"max_tokens\":5}"))
                .singleElement()
                .asString()
                .contains("unknown member 'max_tokens'");
        assertThat(errors("{\"messages\":[{\"role\":\"user\"}]}"))
                .singleElement()
                .asString()
                .contains("missing required member 'content'");
    }

    @Test
    void rejectsUnionsWithTwoMembersAndBadEnumsAndRanges() throws Exception {
        assertThat(errors("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\",\"image\":{}}]}]}"))
                .anyMatch(e -> e.contains("exactly one member"));
        assertThat(errors("{\"messages\":[{\"role\":\"system\",\"content\":[{\"text\":\"hi\"}]}]}"))
                .anyMatch(e -> e.contains("'system' is not one of"));
        assertThat(errors("{\"inferenceConfig\":{\"temperature\":1.5}}"))
                .anyMatch(e -> e.contains("above the maximum"));
        assertThat(errors("{\"inferenceConfig\":{\"maxTokens\":\"5\"}}"))
                .anyMatch(e -> e.contains("expected an integer"));
    }

    @Test
    void rejectsInvalidBlobsAndToolNames() throws Exception {
        assertThat(errors("{\"messages\":[{\"role\":\"user\",\"content\":[{\"image\":{\"format\":\"png\","
                        + "\"source\":{\"bytes\":\"not base64!\"}}}]}]}"))
                .anyMatch(e -> e.contains("base64"));
        assertThat(errors("{\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"bad name\","
                        + "\"inputSchema\":{\"json\":{}}}}]}}"))
                .anyMatch(e -> e.contains("does not match"));
    }
}
