package io.jetway.gateway.provider.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.ErrorBodies;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How a conformance case's expected files ({@code answer.expected.json}, {@code stream.expected.jsonl},
 * {@code error.expected.json}; layout: {@code conformance/README.md}) are compared with what the gateway made.
 */
final class ExpectedOutputs {

    /**
     * In an expected file, this text stands for a value the gateway makes itself (a completion id,
     * {@code created}, a generated tool-call id): the actual value there must be a non-empty string
     * or a number, and is otherwise not compared. Text after the marker is a literal suffix the actual
     * value must end with (Gemini's tool-call ids carry the thought signature after the generated part:
     * {@code "<generated>__thought__CiQ…"}). Values the provider sent are written out literally.
     */
    static final String GENERATED = "<generated>";

    private ExpectedOutputs() {}

    /** Whether an expected answer or stream line is {@code {"error": <expected error>}}. */
    static boolean isError(JsonNode expected) {
        return expected.size() == 1 && expected.has("error");
    }

    /**
     * An expected error: {@code {status, message}}, and where given {@code type}, {@code code},
     * {@code param} (each may be {@code null}) and {@code headers} (the response headers passed on).
     * The client's error body ({@code ErrorBodies}) carries the same message, type, param and code.
     */
    static void assertError(GatewayException e, JsonNode expected) {
        assertThat(e).as("an error %s", expected).isNotNull();
        assertThat(e.status()).as("status").isEqualTo(expected.get("status").asInt());
        assertThat(e.getMessage())
                .as("message")
                .isEqualTo(expected.get("message").asText());
        JsonNode body =
                parse(new String(ErrorBodies.json(e), StandardCharsets.UTF_8)).path("error");
        assertThat(body.path("message").asText()).as("the error body's message").isEqualTo(e.getMessage());
        for (String field : new String[] {"type", "code", "param"}) {
            if (expected.has(field)) {
                assertThat(body.get(field)).as(field).isEqualTo(expected.get(field));
            }
        }
        if (expected.has("headers")) {
            assertThat(Json.MAPPER.<JsonNode>valueToTree(e.headers()))
                    .as("headers")
                    .isEqualTo(expected.get("headers"));
        }
    }

    /**
     * {@code actual} with each value the expected file marks {@link #GENERATED} replaced by the
     * expected text, when the actual value is one the gateway could have generated (a non-empty string
     * ending with the marker's suffix, or a number); anything else stays as it is and so fails the
     * comparison.
     */
    static JsonNode withGenerated(JsonNode actual, JsonNode expected) {
        if (expected.isTextual() && expected.asText().startsWith(GENERATED)) {
            String suffix = expected.asText().substring(GENERATED.length());
            boolean generated = (actual.isTextual()
                            && actual.asText().endsWith(suffix)
                            && actual.asText().length() > suffix.length())
                    || (actual.isNumber() && suffix.isEmpty());
            return generated ? expected : actual;
        }
        if (actual.isObject() && expected.isObject()) {
            ObjectNode copy = ((ObjectNode) actual).deepCopy();
            for (Map.Entry<String, JsonNode> field : actual.properties()) {
                if (expected.has(field.getKey())) {
                    copy.set(field.getKey(), withGenerated(field.getValue(), expected.get(field.getKey())));
                }
            }
            return copy;
        }
        if (actual.isArray() && expected.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < actual.size(); i++) {
                copy.add(i < expected.size() ? withGenerated(actual.get(i), expected.get(i)) : actual.get(i));
            }
            return copy;
        }
        return actual;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
