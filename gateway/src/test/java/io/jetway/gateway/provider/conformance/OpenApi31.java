package io.jetway.gateway.provider.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;

/**
 * An OpenAPI 3.1 document's schemas restated in OpenAPI 3.0 terms, in place, for
 * swagger-request-validator (its JSON Schema engine is draft-04 with OpenAPI 3.0 rules), with the
 * same constraints:
 * <ul>
 *   <li>{@code const: x} → {@code enum: [x]} (a discriminating {@code type} keeps being checked, so
 *       {@code oneOf} still picks exactly one variant; dropping {@code discriminator} loses nothing);</li>
 *   <li>{@code anyOf: [X, {type: null}]} → X, {@code nullable: true} (the validator strips null
 *       values before validating anyway);</li>
 *   <li>numeric {@code exclusiveMinimum: n} → {@code minimum: n, exclusiveMinimum: true};
 *       {@code examples} removed.</li>
 * </ul>
 * {@code additionalProperties: false}, {@code required}, enums, patterns and types are kept.
 */
public final class OpenApi31 {

    private OpenApi31() {}

    /**
     * Replaces each {@code allOf} whose parts are all object schemas (inline or {@code $ref}s into
     * {@code components.schemas}) by one object schema with the parts' properties and required
     * fields together: the same constraints, without the draft-04 engine's view of each part's
     * properties as "additional" to the other parts.
     */
    public static void mergeAllOf(JsonNode node, ObjectNode schemas) {
        if (node instanceof ObjectNode o) {
            o.forEach(child -> mergeAllOf(child, schemas));
            JsonNode allOf = o.get("allOf");
            if (allOf != null && allOf.isArray()) {
                ObjectNode properties = Json.MAPPER.createObjectNode();
                ArrayNode required = Json.MAPPER.createArrayNode();
                for (JsonNode part : allOf) {
                    JsonNode resolved = part.has("$ref")
                            ? schemas.get(part.get("$ref").asText().substring("#/components/schemas/".length()))
                            : part;
                    if (resolved == null
                            || resolved.has("allOf") && !resolved.has("properties")
                            || !resolved.has("properties")) {
                        return;
                    }
                    properties.setAll((ObjectNode) resolved.get("properties"));
                    resolved.path("required").forEach(r -> {
                        if (!required.toString().contains("\"" + r.asText() + "\"")) {
                            required.add(r);
                        }
                    });
                }
                o.remove("allOf");
                o.put("type", "object");
                o.set("properties", properties);
                if (!required.isEmpty()) {
                    o.set("required", required);
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(child -> mergeAllOf(child, schemas));
        }
    }

    /** Rewrites {@code node} and everything under it. */
    public static void to30(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.forEach(OpenApi31::to30);
            JsonNode exclusive = o.get("exclusiveMinimum");
            if (exclusive != null && exclusive.isNumber()) {
                o.set("minimum", exclusive);
                o.put("exclusiveMinimum", true);
            }
            JsonNode constant = o.remove("const");
            if (constant != null) {
                o.putArray("enum").add(constant);
            }
            o.remove("discriminator");
            o.remove("examples");
            JsonNode anyOf = o.get("anyOf");
            if (anyOf != null && anyOf.isArray()) {
                ArrayNode kept = Json.MAPPER.createArrayNode();
                for (JsonNode alternative : anyOf) {
                    boolean nullType = alternative.size() == 1
                            && "null".equals(alternative.path("type").asText());
                    if (!nullType) {
                        kept.add(alternative);
                    }
                }
                if (kept.size() == 1 && kept.get(0).isObject()) {
                    o.remove("anyOf");
                    o.put("nullable", true);
                    o.setAll((ObjectNode) kept.get(0));
                } else {
                    o.set("anyOf", kept);
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(OpenApi31::to30);
        }
    }
}
