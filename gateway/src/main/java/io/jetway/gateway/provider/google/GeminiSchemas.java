package io.jetway.gateway.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Converts a JSON Schema (as callers send for {@code response_format.json_schema.schema} and tool
 * {@code parameters}) into Gemini's {@code Schema}, the OpenAPI 3.0 subset Gemini accepts
 * (https://ai.google.dev/api/caching#Schema). Pure.
 *
 * <ul>
 *   <li>{@code $ref}s to {@code #/$defs/…} or {@code #/definitions/…} are inlined (Gemini's
 *       {@code Schema} has no references); a recursive reference cannot be inlined and is a 400.</li>
 *   <li>Types become Gemini's enum names ({@code "string"} → {@code STRING}); a type list with
 *       {@code "null"}, or an {@code anyOf}/{@code oneOf} branch {@code {"type":"null"}}, becomes
 *       {@code nullable: true}; {@code oneOf} becomes {@code anyOf}; {@code const} becomes a
 *       one-value {@code enum}; {@code allOf} is merged.</li>
 *   <li>Keywords Gemini's {@code Schema} lacks ({@code additionalProperties}, {@code $schema},
 *       {@code $defs}, {@code exclusiveMinimum}, {@code uniqueItems}, {@code examples} …) are
 *       dropped, as are {@code format}s Gemini rejects (it takes {@code enum}/{@code date-time}
 *       for strings, {@code int32}/{@code int64} for integers, {@code float}/{@code double} for
 *       numbers).</li>
 * </ul>
 */
public final class GeminiSchemas {

    private static final int MAX_DEPTH = 64;

    private GeminiSchemas() {}

    /**
     * The Gemini schema for a JSON Schema.
     *
     * @param param where the schema came from, for errors
     * @throws GatewayException 400 when the schema cannot be expressed (recursive or unresolvable
     *                          references, unknown types, not an object)
     */
    public static ObjectNode convert(JsonNode schema, String param) {
        if (schema == null || !schema.isObject()) {
            throw GatewayException.invalidRequest("The JSON schema at " + param + " must be an object.", param);
        }
        return new Converter(schema, param).node(schema, 0);
    }

    /** True when the (converted) schema is an object without properties: Gemini rejects those. */
    public static boolean isEmptyObject(ObjectNode converted) {
        JsonNode props = converted.get("properties");
        return "OBJECT".equals(converted.path("type").asText(null))
                && (props == null || props.isEmpty())
                && !converted.has("anyOf");
    }

    private static final class Converter {
        private final JsonNode root;
        private final String param;
        private final Deque<String> refStack = new ArrayDeque<>();

        Converter(JsonNode root, String param) {
            this.root = root;
            this.param = param;
        }

        ObjectNode node(JsonNode in, int depth) {
            if (depth > MAX_DEPTH) {
                throw fail("is nested more than " + MAX_DEPTH + " levels deep");
            }
            if (in.isBoolean()) {
                // `true` (anything) has no Gemini form beyond an unconstrained schema.
                return Json.MAPPER.createObjectNode();
            }
            if (!in.isObject()) {
                throw fail("contains a subschema that is not an object: " + abbreviate(in.toString()));
            }
            ObjectNode out = Json.MAPPER.createObjectNode();
            JsonNode ref = in.get("$ref");
            if (ref != null) {
                String name = ref.asText();
                JsonNode target = resolve(name);
                if (refStack.contains(name)) {
                    throw fail("is recursive ($ref " + name + "); Gemini's response and function schemas cannot "
                            + "express recursion: flatten the schema to a fixed depth");
                }
                refStack.push(name);
                out.setAll(node(target, depth + 1));
                refStack.pop();
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = in.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                JsonNode value = e.getValue();
                switch (key) {
                    case "type" -> type(value, out);
                    case "title", "description", "pattern" -> {
                        if (value.isTextual()) {
                            out.put(key, value.asText());
                        }
                    }
                    case "nullable" -> {
                        if (value.isBoolean()) {
                            out.put("nullable", value.asBoolean());
                        }
                    }
                    case "enum" -> enumValues(value, out);
                    case "const" -> {
                        if (!in.has("enum")) {
                            ArrayNode single = Json.MAPPER.createArrayNode().add(value);
                            enumValues(single, out);
                        }
                    }
                    case "items" -> {
                        if (value.isObject() || value.isBoolean()) {
                            out.set("items", node(value, depth + 1));
                        }
                        // A tuple form (array of schemas) has no Gemini equivalent: dropped.
                    }
                    case "properties" -> {
                        if (value.isObject()) {
                            ObjectNode props = out.putObject("properties");
                            for (Iterator<Map.Entry<String, JsonNode>> p =
                                            value.properties().iterator();
                                    p.hasNext(); ) {
                                Map.Entry<String, JsonNode> prop = p.next();
                                props.set(prop.getKey(), node(prop.getValue(), depth + 1));
                            }
                        }
                    }
                    case "required", "propertyOrdering" -> {
                        if (value.isArray()) {
                            ArrayNode names = out.putArray(key);
                            for (JsonNode n : value) {
                                if (n.isTextual()) {
                                    names.add(n.asText());
                                }
                            }
                        }
                    }
                    case "minItems",
                            "maxItems",
                            "minProperties",
                            "maxProperties",
                            "minLength",
                            "maxLength",
                            "minimum",
                            "maximum" -> {
                        if (value.isNumber()) {
                            out.set(key, value);
                        }
                    }
                    case "example", "default" -> out.set(key, value.deepCopy());
                    case "anyOf", "oneOf" -> anyOf(value, out, depth);
                    case "allOf" -> {
                        if (value.isArray()) {
                            for (JsonNode part : value) {
                                merge(out, node(part, depth + 1));
                            }
                        }
                    }
                    // format is handled once the type is known; $ref above; everything else
                    // ($schema, $defs, definitions, additionalProperties, exclusiveMinimum,
                    // multipleOf, uniqueItems, examples, not, if/then/else …) is not in Gemini's Schema.
                    default -> {}
                }
            }
            format(in.get("format"), out);
            if (out.has("enum") && !out.has("type")) {
                out.put("type", "STRING");
            }
            return out;
        }

        private JsonNode resolve(String ref) {
            String pointer;
            if (ref.startsWith("#/$defs/")) {
                pointer = "/$defs/" + ref.substring("#/$defs/".length());
            } else if (ref.startsWith("#/definitions/")) {
                pointer = "/definitions/" + ref.substring("#/definitions/".length());
            } else if (ref.equals("#")) {
                throw fail("is recursive ($ref #); Gemini's schemas cannot express recursion");
            } else {
                throw fail("has the reference " + ref + ", which cannot be resolved: only local #/$defs/… and "
                        + "#/definitions/… references are supported");
            }
            JsonNode target = root.at(pointer);
            if (target.isMissingNode()) {
                throw fail("has the reference " + ref + ", which names no definition");
            }
            return target;
        }

        private void type(JsonNode value, ObjectNode out) {
            if (value.isTextual()) {
                String t = geminiType(value.asText());
                if (t.equals("NULL")) {
                    out.put("nullable", true);
                }
                out.put("type", t);
                return;
            }
            if (value.isArray()) {
                List<String> types = new ArrayList<>();
                boolean nullable = false;
                for (JsonNode t : value) {
                    String g = geminiType(t.asText());
                    if (g.equals("NULL")) {
                        nullable = true;
                    } else if (!types.contains(g)) {
                        types.add(g);
                    }
                }
                if (nullable) {
                    out.put("nullable", true);
                }
                if (types.size() == 1) {
                    out.put("type", types.get(0));
                } else if (types.size() > 1) {
                    ArrayNode any = out.putArray("anyOf");
                    for (String t : types) {
                        any.addObject().put("type", t);
                    }
                } else {
                    out.put("type", "NULL");
                }
                return;
            }
            throw fail("has a type that is neither a string nor a list: " + abbreviate(value.toString()));
        }

        private String geminiType(String jsonType) {
            return switch (jsonType) {
                case "string" -> "STRING";
                case "number" -> "NUMBER";
                case "integer" -> "INTEGER";
                case "boolean" -> "BOOLEAN";
                case "array" -> "ARRAY";
                case "object" -> "OBJECT";
                case "null" -> "NULL";
                default -> {
                    String upper = jsonType.toUpperCase(Locale.ROOT);
                    if (Set.of("STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT", "NULL")
                            .contains(upper)) {
                        yield upper; // already Gemini's (OpenAPI-style upper case) spelling
                    }
                    throw fail("has the unknown type '" + jsonType + "'");
                }
            };
        }

        private void enumValues(JsonNode value, ObjectNode out) {
            if (!value.isArray()) {
                return;
            }
            ArrayNode values = out.putArray("enum");
            for (JsonNode v : value) {
                if (v.isNull()) {
                    out.put("nullable", true);
                } else {
                    // Gemini's enum is a list of strings (https://ai.google.dev/api/caching#Schema).
                    values.add(v.isTextual() ? v.asText() : v.toString());
                }
            }
        }

        private void anyOf(JsonNode value, ObjectNode out, int depth) {
            if (!value.isArray()) {
                return;
            }
            List<ObjectNode> branches = new ArrayList<>();
            boolean nullable = false;
            for (JsonNode branch : value) {
                ObjectNode converted = node(branch, depth + 1);
                if ("NULL".equals(converted.path("type").asText(null)) && converted.size() <= 2) {
                    nullable = true; // {"type":"null"}: the value may be null
                } else {
                    branches.add(converted);
                }
            }
            if (nullable) {
                out.put("nullable", true);
            }
            if (branches.size() == 1) {
                merge(out, branches.get(0));
            } else if (!branches.isEmpty()) {
                ArrayNode any = out.withArray("anyOf");
                branches.forEach(any::add);
            }
        }

        /** Adds {@code from}'s keywords to {@code into}: properties and required are unions. */
        private static void merge(ObjectNode into, ObjectNode from) {
            for (Iterator<Map.Entry<String, JsonNode>> it = from.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode existing = into.get(e.getKey());
                if (e.getKey().equals("properties")
                        && existing instanceof ObjectNode props
                        && e.getValue().isObject()) {
                    props.setAll((ObjectNode) e.getValue());
                } else if (e.getKey().equals("required") && existing instanceof ArrayNode req) {
                    Set<String> names = new LinkedHashSet<>();
                    req.forEach(n -> names.add(n.asText()));
                    e.getValue().forEach(n -> names.add(n.asText()));
                    req.removeAll();
                    names.forEach(req::add);
                } else {
                    into.set(e.getKey(), e.getValue());
                }
            }
        }

        private static void format(JsonNode format, ObjectNode out) {
            if (format == null || !format.isTextual()) {
                return;
            }
            String f = format.asText();
            boolean supported = switch (out.path("type").asText("")) {
                case "STRING" -> f.equals("enum") || f.equals("date-time");
                case "INTEGER" -> f.equals("int32") || f.equals("int64");
                case "NUMBER" -> f.equals("float") || f.equals("double");
                default -> false;
            };
            if (supported) {
                out.put("format", f);
            }
        }

        private GatewayException fail(String what) {
            return GatewayException.invalidRequest("The JSON schema at " + param + " " + what + ".", param);
        }

        private static String abbreviate(String s) {
            return s.length() > 80 ? s.substring(0, 80) + "…" : s;
        }
    }
}
