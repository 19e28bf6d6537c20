package io.jetway.gateway.provider.google;

import static io.jetway.gateway.provider.google.GeminiFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.GatewayException;
import org.junit.jupiter.api.Test;

class GeminiSchemasTest {

    private static String convert(String schema) {
        return GeminiSchemas.convert(json(schema), "p").toString();
    }

    @Test
    void inlinesDefinitionsReferencedTheDraft07Way() {
        assertThat(json(convert("""
                {"type":"object","properties":{"a":{"$ref":"#/definitions/A","description":"the a"}},
                 "definitions":{"A":{"type":"string","minLength":2}}}"""))).isEqualTo(json("""
                {"type":"OBJECT","properties":{"a":{"type":"STRING","minLength":2,"description":"the a"}}}"""));
    }

    @Test
    void refusesRecursiveSchemasWithAClearMessage() {
        assertThatThrownBy(() -> convert("""
                {"$ref":"#/$defs/node","$defs":{"node":{"type":"object","properties":{
                 "children":{"type":"array","items":{"$ref":"#/$defs/node"}}}}}}""")).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo("p");
            assertThat(e.getMessage()).contains("recursive").contains("#/$defs/node");
        });
    }

    @Test
    void refusesReferencesItCannotResolve() {
        assertThatThrownBy(() -> convert("{\"$ref\":\"https://example.com/schema.json\"}"))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.getMessage()).contains("cannot be resolved"));
        assertThatThrownBy(() -> convert("{\"$ref\":\"#/$defs/missing\"}"))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.getMessage()).contains("names no definition"));
    }

    @Test
    void refusesUnknownTypes() {
        assertThatThrownBy(() -> convert("{\"type\":\"date\"}")).isInstanceOf(GatewayException.class);
    }

    @Test
    void mergesAllOfAndUnionsRequiredProperties() {
        assertThat(json(convert("""
                {"allOf":[{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},
                          {"properties":{"b":{"type":"integer","format":"int64"}},"required":["b"]}]}"""))).isEqualTo(json("""
                {"type":"OBJECT","properties":{"a":{"type":"STRING"},"b":{"type":"INTEGER","format":"int64"}},
                 "required":["a","b"]}"""));
    }

    @Test
    void typesBareEnumsAsStringsAndTurnsANullMemberIntoNullable() {
        assertThat(json(convert("{\"enum\":[\"a\",1,null]}")))
                .isEqualTo(json("{\"enum\":[\"a\",\"1\"],\"nullable\":true,\"type\":\"STRING\"}"));
    }

    @Test
    void keepsAlreadyUpperCaseGeminiTypes() {
        assertThat(json(convert("{\"type\":\"OBJECT\",\"properties\":{\"x\":{\"type\":\"NUMBER\"}}}")))
                .isEqualTo(json("{\"type\":\"OBJECT\",\"properties\":{\"x\":{\"type\":\"NUMBER\"}}}"));
    }

    @Test
    void recognisesAnObjectWithoutProperties() {
        assertThat(GeminiSchemas.isEmptyObject(GeminiSchemas.convert(json("{\"type\":\"object\"}"), "p")))
                .isTrue();
        assertThat(GeminiSchemas.isEmptyObject(GeminiSchemas.convert(
                        json("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}"), "p")))
                .isFalse();
    }
}
