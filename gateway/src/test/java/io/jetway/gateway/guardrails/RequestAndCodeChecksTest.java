package io.jetway.gateway.guardrails;

import static io.jetway.gateway.guardrails.Golden.afterCheck;
import static io.jetway.gateway.guardrails.Golden.assertData;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden tests of containsCode, modelWhitelist and requiredMetadataKeys, from Portkey's own examples. */
class RequestAndCodeChecksTest {

    @Test
    void containsCodeFindsFencedBlocksByLanguageName() {
        assertData(
                afterCheck("default.containsCode", "```py\nprint(\"Hello World\")\n```", "{\"format\":\"Python\"}"),
                """
                {"explanation":"Found code block(s) in Python format","searchedFormat":"Python","not":false,
                 "foundFormats":["Python"],"textExcerpt":"```py\\nprint(\\"Hello World\\")\\n```"}""");
        assertData(
                afterCheck("default.containsCode", "```js\nconsole.log(\"Hello\");\n```", "{\"format\":\"Python\"}"),
                """
                {"explanation":"No code blocks in Python format found","searchedFormat":"Python","not":false,
                 "foundFormats":["JavaScript"],"textExcerpt":"```js\\nconsole.log(\\"Hello\\");\\n```"}""");
        CheckResult plain = afterCheck("default.containsCode", "This is just plain text", "{\"format\":\"Python\"}");
        assertThat(plain.verdict()).isFalse();
        assertData(plain, """
                {"explanation":"No code blocks found in the text","searchedFormat":"Python","not":false,
                 "foundFormats":[],"textExcerpt":"This is just plain text"}""");
    }

    @Test
    void containsCodeWithoutAFormatIsRefusedWhenParsedAndAnErrorWhenRun() {
        assertThat(Golden.validate("default.containsCode", "{}")).hasSize(1);
        CheckResult r = afterCheck("default.containsCode", "```py\nprint(\"Hello\")\n```", "{}");
        assertThat(r.error().get("message").asText()).isEqualTo("Missing required parameter: format");
    }

    static CheckResult beforeCheck(String id, String model, Map<String, String> metadata, String parameters) {
        HookContext c = new HookContext(Golden.request(model, "hi"), metadata, "openai", false);
        return Checks.find(id).run(c, Event.BEFORE_REQUEST, Golden.params(parameters));
    }

    @Test
    void modelWhitelistAllowsListedModelsOnly() {
        assertData(
                beforeCheck(
                        "default.modelWhitelist",
                        "gemini-1.5-flash-001",
                        Map.of(),
                        "{\"models\":[\"gemini-1.5-flash-001\"],\"not\":false}"),
                """
                {"verdict":true,"not":false,"explanation":"Model \\"gemini-1.5-flash-001\\" is allowed.",
                 "requestedModel":"gemini-1.5-flash-001","allowedModels":["gemini-1.5-flash-001"]}""");
        CheckResult r = beforeCheck(
                "default.modelWhitelist",
                "gemini-1.5-pro-001",
                Map.of(),
                "{\"models\":[\"gemini-1.5-flash-001\"],\"not\":false}");
        assertThat(r.verdict()).isFalse();
        assertThat(r.data().get("explanation").asText())
                .isEqualTo("Model \"gemini-1.5-pro-001\" is not in the allowed list.");
    }

    @Test
    void requiredMetadataKeysLooksAtTheCallersMetadata() {
        CheckResult all = beforeCheck(
                "default.requiredMetadataKeys",
                "m",
                Map.of("team", "a"),
                "{\"metadataKeys\":[\"team\",\"env\"],\"operator\":\"all\"}");
        assertThat(all.verdict()).isFalse();
        assertData(all, """
                {"explanation":"Check failed for 'all' metadata keys. Some metadata keys were missing.",
                 "missing_metadata_keys":["env"],"found_metadata_keys":["team"],"operator":"all"}""");
        assertThat(beforeCheck(
                                "default.requiredMetadataKeys",
                                "m",
                                Map.of("team", "a"),
                                "{\"metadataKeys\":[\"team\",\"env\"],\"operator\":\"any\"}")
                        .verdict())
                .isTrue();
        assertThat(beforeCheck(
                                "default.requiredMetadataKeys",
                                "m",
                                Map.of(),
                                "{\"metadataKeys\":[\"team\"],\"operator\":\"none\"}")
                        .verdict())
                .isTrue();
    }

    @Test
    void requiredMetadataKeysOnAnAnswerIsAnErrorThatPasses() {
        CheckResult r =
                afterCheck("default.requiredMetadataKeys", "x", "{\"metadataKeys\":[\"team\"],\"operator\":\"all\"}");
        assertThat(r.verdict()).isTrue();
        assertThat(r.error().get("message").asText()).isEqualTo("This plugin only works for before_request_hooks");
    }

    @Test
    void modelRulesAllowTheModelsOfTheCallersMetadataElseTheDefaults() {
        String rules = "{\"rules\":{\"defaults\":[\"gpt-4o-mini\"],\"metadata\":{\"team\":{\"research\":[\"o3\"]}}}}";
        CheckResult research = beforeCheck("default.modelRules", "o3", Map.of("team", "research"), rules);
        assertThat(research.verdict()).isTrue();
        assertThat(research.data().get("explanation").asText())
                .isEqualTo("Model \"o3\" is allowed by rules. (matched rules: team:research)");
        assertThat(beforeCheck("default.modelRules", "o3", Map.of(), rules).verdict())
                .isFalse();
        CheckResult byDefault = beforeCheck("default.modelRules", "gpt-4o-mini", Map.of(), rules);
        assertThat(byDefault.data().get("explanation").asText())
                .isEqualTo("Model \"gpt-4o-mini\" is allowed by rules. (using default models)");
    }

    @Test
    void allowedRequestTypesJudgesChatCompletions() {
        assertData(
                beforeCheck(
                        "default.allowedRequestTypes",
                        "m",
                        Map.of(),
                        "{\"allowedTypes\":[\"chatComplete\",\"embed\"]}"),
                """
                {"currentRequestType":"chatComplete","allowedTypes":["chatComplete","embed"],"verdict":true,
                 "explanation":"Request type \\"chatComplete\\" is allowed.","source":"parameters","mode":"allowlist"}""");
        CheckResult blocked = beforeCheck(
                "default.allowedRequestTypes", "m", Map.of("blocked_endpoints", "chatComplete, embed"), "{}");
        assertThat(blocked.verdict()).isFalse();
        assertThat(blocked.data().get("source").asText()).isEqualTo("metadata");
        assertThat(beforeCheck("default.allowedRequestTypes", "m", Map.of(), "{}")
                        .data()
                        .get("mode")
                        .asText())
                .isEqualTo("unrestricted");
    }
}
