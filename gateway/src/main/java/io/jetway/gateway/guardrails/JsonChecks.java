package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.jetway.gateway.core.CallerRegex;
import io.jetway.gateway.core.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Portkey's JSON checks on a text: jsonKeys and jsonSchema. Both look for JSON in code blocks and
 * in {@code {…}} spans of the text, as Portkey's plugins do (with RE2/J: linear in the text).
 * jsonSchema validates with {@link MiniSchema}, a subset of JSON Schema (see there).
 */
final class JsonChecks {

    private static final Pattern CODE_BLOCK = Pattern.compile("```+(?:json)?\\s*([\\s\\S]*?)```+");
    private static final Pattern OBJECT = Pattern.compile("\\{[\\s\\S]*?\\}");

    private JsonChecks() {}

    static void register(Map<String, CheckFunction> registry) {
        registry.put("default.jsonKeys", new JsonKeys());
        registry.put("default.jsonSchema", new JsonSchema());
    }

    /** Code blocks' contents, then ({@code alwaysSpans}, or when there was no code block) every {@code {…}} span. */
    static List<String> extract(String text, boolean alwaysSpans) {
        List<String> out = new ArrayList<>();
        Matcher m = CODE_BLOCK.matcher(text);
        while (m.find()) {
            out.add(m.group(1).strip());
        }
        if (alwaysSpans || out.isEmpty()) {
            Matcher o = OBJECT.matcher(text);
            while (o.find()) {
                out.add(o.group());
            }
        }
        return out;
    }

    static JsonNode parse(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** {@code jsonKeys}: {@code keys} present in a JSON object of the text: {@code any} (default), {@code all} or {@code none}. */
    static final class JsonKeys implements CheckFunction {
        @Override
        public void validate(ObjectNode parameters, String path, List<String> problems) {
            if (!parameters.path("keys").isArray() || parameters.get("keys").isEmpty()) {
                problems.add(path + ".parameters.keys must be a non-empty array of key names");
            }
            if (parameters.has("operator")
                    && !List.of("any", "all", "none").contains(String.valueOf(Params.text(parameters, "operator")))) {
                problems.add(path + ".parameters.operator must be \"any\", \"all\" or \"none\"");
            }
        }

        @Override
        public CheckResult run(HookContext context, Event event, ObjectNode parameters) {
            JsonNode keys = parameters.get("keys");
            String operator = parameters.has("operator") ? Params.text(parameters, "operator") : "any";
            String text = context.text(event);
            String problem = text.isEmpty()
                    ? "Missing text to analyze"
                    : keys == null || !keys.isArray() || keys.isEmpty()
                            ? "Missing or invalid keys array"
                            : !List.of("any", "all", "none").contains(String.valueOf(operator))
                                    ? "Invalid or missing operator (must be \"any\", \"all\", or \"none\")"
                                    : null;
            if (problem != null) {
                ObjectNode data = Params.object();
                data.put("explanation", "An error occurred while processing JSON: " + problem);
                data.put("operator", operator);
                data.set("requiredKeys", keys);
                data.put("textExcerpt", text.isEmpty() ? "No text available" : Params.excerpt(text));
                return Params.error(problem, data);
            }
            List<String> wanted = new ArrayList<>();
            keys.forEach(k -> wanted.add(k.asText()));
            List<String> matches = extract(text, true);
            if (matches.isEmpty()) {
                ObjectNode data = Params.object();
                data.put("explanation", "No valid JSON found in the text.");
                data.set("requiredKeys", keys);
                data.put("operator", operator);
                data.put("textExcerpt", Params.excerpt(text));
                return CheckResult.of(false, data);
            }
            JsonNode bestJson = null;
            List<String> bestPresent = List.of();
            List<String> bestMissing = wanted;
            boolean verdict = false;
            for (String candidate : matches) {
                JsonNode json = parse(candidate);
                if (json == null) {
                    continue;
                }
                List<String> present = new ArrayList<>();
                List<String> missing = new ArrayList<>();
                for (String k : wanted) {
                    (json.isObject() && json.has(k) ? present : missing).add(k);
                }
                boolean current = switch (operator) {
                    case "any" -> !present.isEmpty();
                    case "all" -> missing.isEmpty();
                    default -> present.isEmpty();
                };
                if (current || present.size() > bestPresent.size()) {
                    bestJson = json;
                    bestPresent = present;
                    bestMissing = missing;
                    verdict = current;
                }
                if (current) {
                    break;
                }
            }
            ObjectNode data = Params.object();
            data.set("matchedJson", bestJson);
            data.put("verdict", verdict);
            data.put("explanation", explanation(operator, bestPresent, bestMissing, verdict));
            bestPresent.forEach(data.putArray("presentKeys")::add);
            bestMissing.forEach(data.putArray("missingKeys")::add);
            data.put("operator", operator);
            data.put("textExcerpt", Params.excerpt(text));
            return CheckResult.of(verdict, data);
        }

        private static String explanation(
                String operator, List<String> present, List<String> missing, boolean verdict) {
            String presentList =
                    present.isEmpty() ? "No matching keys found" : "Found keys: [" + String.join(", ", present) + "]";
            String missingList =
                    missing.isEmpty() ? "No missing keys" : "Missing keys: [" + String.join(", ", missing) + "]";
            return switch (operator) {
                case "any" ->
                    verdict
                            ? "Successfully found at least one required key. " + presentList + "."
                            : "Failed to find any required keys. " + missingList + ".";
                case "all" ->
                    verdict
                            ? "Successfully found all required keys. " + presentList + "."
                            : "Failed to find all required keys. " + missingList + ".";
                default ->
                    verdict
                            ? "Successfully verified no required keys are present. " + missingList + "."
                            : "Found some keys that should not be present. " + presentList + ".";
            };
        }
    }

    /** {@code jsonSchema}: some JSON object of the text validates against {@code schema}; {@code not}. */
    static final class JsonSchema implements CheckFunction {
        @Override
        public void validate(ObjectNode parameters, String path, List<String> problems) {
            if (!parameters.path("schema").isObject()) {
                problems.add(path + ".parameters.schema must be a JSON Schema object");
                return;
            }
            MiniSchema.problems(parameters.get("schema"), path + ".parameters.schema", problems);
        }

        @Override
        public CheckResult run(HookContext context, Event event, ObjectNode parameters) {
            JsonNode schema = parameters.get("schema");
            boolean not = Params.not(parameters);
            if (schema == null || !schema.isObject()) {
                ObjectNode data = Params.object();
                data.put("explanation", "An error occurred while processing the JSON.");
                data.put("error", "Missing or invalid JSON schema");
                data.put("not", not);
                return Params.error("Missing or invalid JSON schema", data);
            }
            List<String> matches = extract(context.text(event), false);
            JsonNode best = null;
            List<String[]> bestErrors = List.of();
            boolean valid = false;
            for (String candidate : matches) {
                JsonNode json = parse(candidate);
                if (json == null) {
                    continue;
                }
                List<String[]> errors = new ArrayList<>();
                MiniSchema.validate(schema, json, "", errors);
                if (errors.isEmpty() || best == null) {
                    best = json;
                    bestErrors = errors;
                    valid = errors.isEmpty();
                }
                if (valid) {
                    break;
                }
            }
            ObjectNode data = Params.object();
            if (best == null) {
                data.put("explanation", "No valid JSON found in the response.");
                data.put("not", not);
                return CheckResult.of(false, data);
            }
            boolean verdict = not != valid;
            data.set("matchedJson", best);
            data.put("not", not);
            data.put(
                    "explanation",
                    verdict
                            ? not
                                    ? "Successfully validated JSON does not match the schema as expected."
                                    : "Successfully validated JSON against the provided schema."
                            : not
                                    ? "JSON matches the schema when it should not."
                                    : "Failed to validate JSON against the provided schema.");
            ArrayNode errors = data.putArray("validationErrors");
            for (String[] e : bestErrors) {
                errors.addObject().put("path", e[0]).put("message", e[1]);
            }
            return CheckResult.of(verdict, data);
        }
    }

    /**
     * The part of JSON Schema that answers' shapes are checked with: {@code type} (one or a list),
     * {@code properties}, {@code required}, {@code additionalProperties} (boolean or schema),
     * {@code items}, {@code minItems}/{@code maxItems}, {@code enum}, {@code const},
     * {@code minLength}/{@code maxLength}, {@code pattern} (RE2), {@code minimum}/{@code maximum},
     * {@code anyOf}/{@code oneOf}/{@code allOf}/{@code not}. Other keywords are refused when the
     * config is parsed, never silently ignored.
     */
    static final class MiniSchema {
        private static final List<String> KNOWN = List.of(
                "type",
                "properties",
                "required",
                "additionalProperties",
                "items",
                "minItems",
                "maxItems",
                "enum",
                "const",
                "minLength",
                "maxLength",
                "pattern",
                "minimum",
                "maximum",
                "anyOf",
                "oneOf",
                "allOf",
                "not",
                "$schema",
                "$id",
                "title",
                "description",
                "default",
                "examples");

        private MiniSchema() {}

        static void problems(JsonNode schema, String path, List<String> problems) {
            if (schema.isBoolean()) {
                return;
            }
            if (!schema.isObject()) {
                problems.add(path + " must be a schema object");
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                if (!KNOWN.contains(k)) {
                    problems.add(path + "." + k + " is a JSON Schema keyword this gateway does not check; supported: "
                            + String.join(", ", KNOWN.subList(0, 19)));
                } else if (k.equals("properties") && e.getValue().isObject()) {
                    e.getValue()
                            .properties()
                            .iterator()
                            .forEachRemaining(
                                    p -> problems(p.getValue(), path + ".properties." + p.getKey(), problems));
                } else if ((k.equals("items")
                        || k.equals("not")
                        || (k.equals("additionalProperties") && e.getValue().isObject()))) {
                    problems(e.getValue(), path + "." + k, problems);
                } else if (k.equals("anyOf") || k.equals("oneOf") || k.equals("allOf")) {
                    for (int i = 0; i < e.getValue().size(); i++) {
                        problems(e.getValue().get(i), path + "." + k + "[" + i + "]", problems);
                    }
                } else if (k.equals("pattern")) {
                    try {
                        CallerRegex.compile(e.getValue().asText());
                    } catch (IllegalArgumentException bad) {
                        problems.add(path + ".pattern " + bad.getMessage());
                    }
                }
            }
        }

        /** Adds {path, message} for every way {@code value} breaks {@code schema}. */
        static void validate(JsonNode schema, JsonNode value, String path, List<String[]> errors) {
            if (schema.isBoolean()) {
                if (!schema.asBoolean()) {
                    errors.add(new String[] {path, "no value is allowed here"});
                }
                return;
            }
            JsonNode type = schema.get("type");
            if (type != null) {
                boolean ok = false;
                for (JsonNode t : type.isArray() ? type : List.of(type)) {
                    ok |= hasType(value, t.asText());
                }
                if (!ok) {
                    errors.add(new String[] {path, "must be " + (type.isArray() ? "one of " + type : type.asText())});
                    return;
                }
            }
            if (schema.has("enum")) {
                boolean found = false;
                for (JsonNode e : schema.get("enum")) {
                    found |= e.equals(value);
                }
                if (!found) {
                    errors.add(new String[] {path, "must be one of " + schema.get("enum")});
                }
            }
            if (schema.has("const") && !schema.get("const").equals(value)) {
                errors.add(new String[] {path, "must be " + schema.get("const")});
            }
            if (value.isObject()) {
                JsonNode props = schema.path("properties");
                for (JsonNode r : schema.path("required")) {
                    if (!value.has(r.asText())) {
                        errors.add(new String[] {path, "must have property '" + r.asText() + "'"});
                    }
                }
                for (Iterator<Map.Entry<String, JsonNode>> it =
                                value.properties().iterator();
                        it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    JsonNode sub = props.get(f.getKey());
                    if (sub != null) {
                        validate(sub, f.getValue(), path + "/" + f.getKey(), errors);
                    } else if (schema.has("additionalProperties")) {
                        validate(schema.get("additionalProperties"), f.getValue(), path + "/" + f.getKey(), errors);
                    }
                }
            }
            if (value.isArray()) {
                if (schema.has("items")) {
                    for (int i = 0; i < value.size(); i++) {
                        validate(schema.get("items"), value.get(i), path + "/" + i, errors);
                    }
                }
                if (schema.has("minItems")
                        && value.size() < schema.get("minItems").asInt()) {
                    errors.add(new String[] {
                        path, "must have at least " + schema.get("minItems").asInt() + " items"
                    });
                }
                if (schema.has("maxItems")
                        && value.size() > schema.get("maxItems").asInt()) {
                    errors.add(new String[] {
                        path, "must have at most " + schema.get("maxItems").asInt() + " items"
                    });
                }
            }
            if (value.isTextual()) {
                int length = value.asText().codePointCount(0, value.asText().length());
                if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                    errors.add(new String[] {
                        path, "must be at least " + schema.get("minLength").asInt() + " characters"
                    });
                }
                if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                    errors.add(new String[] {
                        path, "must be at most " + schema.get("maxLength").asInt() + " characters"
                    });
                }
                if (schema.has("pattern")
                        && !CallerRegex.compile(schema.get("pattern").asText())
                                .matcher(value.asText())
                                .find()) {
                    errors.add(new String[] {
                        path, "must match pattern " + schema.get("pattern").asText()
                    });
                }
            }
            if (value.isNumber()) {
                if (schema.has("minimum")
                        && value.asDouble() < schema.get("minimum").asDouble()) {
                    errors.add(new String[] {path, "must be ≥ " + schema.get("minimum")});
                }
                if (schema.has("maximum")
                        && value.asDouble() > schema.get("maximum").asDouble()) {
                    errors.add(new String[] {path, "must be ≤ " + schema.get("maximum")});
                }
            }
            for (JsonNode sub : schema.path("allOf")) {
                validate(sub, value, path, errors);
            }
            if (schema.has("anyOf") || schema.has("oneOf")) {
                String k = schema.has("anyOf") ? "anyOf" : "oneOf";
                int passing = 0;
                for (JsonNode sub : schema.get(k)) {
                    List<String[]> trial = new ArrayList<>();
                    validate(sub, value, path, trial);
                    passing += trial.isEmpty() ? 1 : 0;
                }
                if (passing == 0 || (k.equals("oneOf") && passing > 1)) {
                    errors.add(new String[] {
                        path, "must match " + (k.equals("oneOf") ? "exactly one" : "at least one") + " schema of " + k
                    });
                }
            }
            if (schema.has("not")) {
                List<String[]> trial = new ArrayList<>();
                validate(schema.get("not"), value, path, trial);
                if (trial.isEmpty()) {
                    errors.add(new String[] {path, "must not match the schema of not"});
                }
            }
        }

        private static boolean hasType(JsonNode v, String type) {
            return switch (type) {
                case "object" -> v.isObject();
                case "array" -> v.isArray();
                case "string" -> v.isTextual();
                case "number" -> v.isNumber();
                case "integer" -> v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
                case "boolean" -> v.isBoolean();
                case "null" -> v.isNull();
                default -> false;
            };
        }
    }
}
