package io.jetway.gateway.guardrails;

import static io.jetway.gateway.guardrails.Golden.afterCheck;
import static io.jetway.gateway.guardrails.Golden.assertData;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Golden tests of jsonKeys and jsonSchema, from Portkey's own examples. */
class JsonChecksTest {

    static final String TWO_KEYS = "{\"key1\": \"value1\", \"key2\": \"value2\"}";

    @Test
    void jsonKeysWithAnyAllAndNone() {
        assertData(
                afterCheck("default.jsonKeys", TWO_KEYS, "{\"keys\":[\"key1\",\"key3\"],\"operator\":\"any\"}"), """
                {"matchedJson":{"key1":"value1","key2":"value2"},"verdict":true,
                 "explanation":"Successfully found at least one required key. Found keys: [key1].",
                 "presentKeys":["key1"],"missingKeys":["key3"],"operator":"any",
                 "textExcerpt":"{\\"key1\\": \\"value1\\", \\"key2\\": \\"value2\\"}"}""");
        assertData(
                afterCheck("default.jsonKeys", TWO_KEYS, "{\"keys\":[\"key1\",\"key2\"],\"operator\":\"all\"}"), """
                {"matchedJson":{"key1":"value1","key2":"value2"},"verdict":true,
                 "explanation":"Successfully found all required keys. Found keys: [key1, key2].",
                 "presentKeys":["key1","key2"],"missingKeys":[],"operator":"all",
                 "textExcerpt":"{\\"key1\\": \\"value1\\", \\"key2\\": \\"value2\\"}"}""");
        assertData(
                afterCheck("default.jsonKeys", TWO_KEYS, "{\"keys\":[\"key3\",\"key4\"],\"operator\":\"none\"}"), """
                {"matchedJson":{"key1":"value1","key2":"value2"},"verdict":true,
                 "explanation":"Successfully verified no required keys are present. Missing keys: [key3, key4].",
                 "presentKeys":[],"missingKeys":["key3","key4"],"operator":"none",
                 "textExcerpt":"{\\"key1\\": \\"value1\\", \\"key2\\": \\"value2\\"}"}""");
    }

    @Test
    void jsonKeysReadsCodeBlocksAndPicksTheBestOfSeveralObjects() {
        CheckResult block = afterCheck(
                "default.jsonKeys", "```json\n" + TWO_KEYS + "\n```", "{\"keys\":[\"key1\"],\"operator\":\"any\"}");
        assertThat(block.verdict()).isTrue();
        assertThat(block.data().get("presentKeys")).isEqualTo(Golden.json("[\"key1\"]"));
        CheckResult best = afterCheck(
                "default.jsonKeys",
                "{\"key1\": \"value1\"} {\"key2\": \"value2\", \"key3\": \"value3\"}",
                "{\"keys\":[\"key2\",\"key3\"],\"operator\":\"all\"}");
        assertThat(best.verdict()).isTrue();
        assertThat(best.data().get("matchedJson")).isEqualTo(Golden.json("{\"key2\":\"value2\",\"key3\":\"value3\"}"));
    }

    @Test
    void jsonKeysWithoutJsonFails() {
        CheckResult r = afterCheck("default.jsonKeys", "no json here", "{\"keys\":[\"a\"],\"operator\":\"any\"}");
        assertThat(r.verdict()).isFalse();
        assertThat(r.data().get("explanation").asText()).isEqualTo("No valid JSON found in the text.");
    }

    static final String KEY_SCHEMA = "{\"schema\":{\"type\":\"object\",\"properties\":{\"key\":{\"type\":\"string\"}},"
            + "\"required\":[\"key\"]},\"not\":false}";

    @Test
    void jsonSchemaValidatesJsonFoundInTheText() {
        CheckResult r = afterCheck(
                "default.jsonSchema",
                "adding some text before this ```json\n{\"key\": \"value\"}\n```\n and adding some text after {\"key\":\"value\"}",
                KEY_SCHEMA);
        assertThat(r.error()).isNull();
        assertThat(r.verdict()).isTrue();
        assertThat(r.data().get("matchedJson")).isEqualTo(Golden.json("{\"key\":\"value\"}"));
        assertThat(r.data().get("explanation").asText()).contains("Successfully validated");
    }

    @Test
    void jsonSchemaFailsWhenTheSchemaDoesNotMatchAndListsWhy() {
        CheckResult r = afterCheck(
                "default.jsonSchema",
                "{\"key\": \"value\"}",
                "{\"schema\":{\"type\":\"object\",\"properties\":{\"key2\":{\"type\":\"string\"}},\"required\":[\"key2\"]}}");
        assertThat(r.verdict()).isFalse();
        assertThat(r.data().get("explanation").asText()).contains("Failed to validate");
        assertThat(r.data().get("validationErrors").get(0).get("message").asText())
                .contains("key2");
    }

    @Test
    void jsonSchemaWithoutJsonSaysSo() {
        CheckResult r = afterCheck("default.jsonSchema", "This is just plain text with no JSON", KEY_SCHEMA);
        assertThat(r.verdict()).isFalse();
        assertThat(r.data().get("explanation").asText()).contains("No valid JSON found");
    }

    @Test
    void jsonSchemaChecksNestedStructures() {
        String schema = """
                {"schema":{"type":"object","required":["user"],"properties":{"user":{"type":"object",
                 "required":["name","tags"],"properties":{"name":{"type":"string","minLength":1},
                 "age":{"type":"integer","minimum":0},"tags":{"type":"array","items":{"type":"string"},"minItems":1}}}}}}""";
        assertThat(afterCheck(
                                "default.jsonSchema",
                                "```json\n{\"user\":{\"name\":\"Ann\",\"age\":30,\"tags\":[\"a\"]}}\n```",
                                schema)
                        .verdict())
                .isTrue();
        CheckResult bad = afterCheck(
                "default.jsonSchema", "```json\n{\"user\":{\"name\":\"Ann\",\"age\":-1,\"tags\":[1]}}\n```", schema);
        assertThat(bad.verdict()).isFalse();
        assertThat(bad.data().get("validationErrors").toString())
                .contains("/user/age")
                .contains("/user/tags/0");
    }

    @Test
    void schemaKeywordsItCannotCheckAreRefusedWhenTheConfigIsParsed() {
        assertThat(Golden.validate("default.jsonSchema", "{\"schema\":{\"type\":\"object\",\"dependentSchemas\":{}}}"))
                .singleElement()
                .asString()
                .contains("dependentSchemas is a JSON Schema keyword this gateway does not check");
        assertThat(Golden.validate("default.jsonSchema", "{\"schema\":{\"type\":\"string\",\"pattern\":\"(a)\\\\1\"}}"))
                .hasSize(1);
    }
}
