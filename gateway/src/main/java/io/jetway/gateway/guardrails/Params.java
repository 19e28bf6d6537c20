package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;

/** Reading check parameters with JavaScript's truthiness, as Portkey's plugins do, and shared data helpers. */
final class Params {

    private Params() {}

    /** JavaScript truthiness of {@code parameters[name]}. */
    static boolean truthy(ObjectNode parameters, String name) {
        JsonNode v = parameters.get(name);
        if (v == null || v.isNull() || v.isMissingNode()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.doubleValue() != 0 && !Double.isNaN(v.doubleValue());
        }
        if (v.isTextual()) {
            return !v.asText().isEmpty();
        }
        return true;
    }

    /** {@code parameters.not || false}. */
    static boolean not(ObjectNode parameters) {
        return truthy(parameters, "not");
    }

    /** A string parameter, or null when absent or not a string. */
    static String text(ObjectNode parameters, String name) {
        JsonNode v = parameters.get(name);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** Portkey's {@code textExcerpt}: the first 100 characters, then {@code ...}. */
    static String excerpt(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }

    static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }

    /** A check's result for a parameter that is not there or wrong, with the explanation Portkey gives. */
    static CheckResult error(String message, ObjectNode data) {
        return CheckResult.error(message, data);
    }
}
