package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a check found, in Portkey's terms.
 *
 * @param error              {@code {name, message}} when the check could not run (null otherwise)
 * @param data               the check's explanation and details, as Portkey's plugin reports them
 * @param transformedRequest the request body rewritten by the check (PII redaction), or null
 */
public record CheckResult(boolean verdict, ObjectNode error, JsonNode data, ObjectNode transformedRequest) {

    public static CheckResult of(boolean verdict, JsonNode data) {
        return new CheckResult(verdict, null, data, null);
    }

    /** A check that could not run: verdict false, with Portkey's {@code error} object. */
    public static CheckResult error(String message, JsonNode data) {
        ObjectNode error = io.jetway.gateway.core.Json.MAPPER.createObjectNode();
        error.put("name", "Error");
        error.put("message", message);
        return new CheckResult(false, error, data, null);
    }
}
