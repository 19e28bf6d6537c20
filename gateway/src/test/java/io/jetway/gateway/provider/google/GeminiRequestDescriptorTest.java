package io.jetway.gateway.provider.google;

import static io.jetway.gateway.provider.google.GeminiFixtures.json;
import static io.jetway.gateway.provider.google.GeminiFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The check that the requests the mapper produces use only fields (and enum values) of Gemini's
 * v1beta {@code GenerateContentRequest} message tree (run on every conformance case by
 * {@code conformance.UpstreamSchemas}), against Google's published protobuf
 * descriptors ({@code generativelanguage-protos.json}: build/protos/protos.json of the npm package
 * {@code @google-ai/generativelanguage} 3.7.1, copied unmodified).
 */
class GeminiRequestDescriptorTest {

    private static final String REQUEST = "google.ai.generativelanguage.v1beta.GenerateContentRequest";
    private static final ProtoJsonValidator VALIDATOR =
            new ProtoJsonValidator(json(text("generativelanguage-protos.json")));

    @Test
    void theValidatorRejectsUnknownFieldsWrongTypesAndUnknownEnumValues() {
        // Guards the test above against passing vacuously.
        String bad = """
                {"contents":[{"role":"user","parts":[{"text":"hi","inlineData":{"mimeType":"a","data":"b"}}]}],
                 "generationConfig":{"maxTokens":5,"temperature":"hot","thinkingConfig":{"thinkingLevel":"low"}},
                 "toolConfig":{"functionCallingConfig":{"mode":"REQUIRED"}},
                 "tools":[{"functionDeclarations":[{"name":"f","parameters":{"type":"OBJECT","additionalProperties":false}}]}]}""";
        List<String> problems = VALIDATOR.validate(json(bad), REQUEST);
        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "$.contents[0].parts[0]: more than one field of oneof data: [text, inlineData]",
                        "$.generationConfig.maxTokens: no such field in google.ai.generativelanguage.v1beta.GenerationConfig",
                        "$.generationConfig.temperature: expected a number",
                        "$.generationConfig.thinkingConfig.thinkingLevel: no such field in "
                                + "google.ai.generativelanguage.v1beta.ThinkingConfig",
                        "$.toolConfig.functionCallingConfig.mode: 'REQUIRED' is not a value of enum "
                                + "google.ai.generativelanguage.v1beta.FunctionCallingConfig.Mode",
                        "$.tools[0].functionDeclarations[0].parameters.additionalProperties: no such field in "
                                + "google.ai.generativelanguage.v1beta.Schema");
    }

    @Test
    void theJsonNameOfResponseJsonSchemaIsAccepted() {
        // GenerationConfig.response_json_schema_ordered has json_name "responseJsonSchema".
        String ok = """
                {"contents":[{"parts":[{"text":"hi"}]}],"generationConfig":{"responseJsonSchema":{"type":"object"}}}""";
        assertThat(VALIDATOR.validate(json(ok), REQUEST)).isEmpty();
    }
}
