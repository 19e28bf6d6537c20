package io.jetway.gateway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates a JSON document against a shape of a Smithy 2.0 JSON AST model, as AWS's restJson1
 * protocol serialises it: structures (members, {@code required}, no unknown members; members bound
 * to the URI, query or headers are not in the body), unions (exactly one member), lists, maps,
 * enums, strings ({@code length}, {@code pattern}), numbers ({@code range}), booleans, blobs
 * (base64), timestamps and documents (anything). Test code: enough to catch a mapper that sends
 * a field Bedrock does not know, the wrong shape, or misses a required member.
 */
public final class SmithyValidator {

    private final JsonNode shapes;

    private SmithyValidator(JsonNode shapes) {
        this.shapes = shapes;
    }

    public static SmithyValidator load(String resource) {
        try (InputStream in = SmithyValidator.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            return new SmithyValidator(new ObjectMapper().readTree(in).get("shapes"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The violations (JSON path: problem); empty when the document conforms. */
    public List<String> validate(JsonNode value, String shapeId) {
        List<String> errors = new ArrayList<>();
        check(value, shapeId, null, "$", errors);
        return errors;
    }

    private void check(JsonNode value, String target, JsonNode memberTraits, String path, List<String> errors) {
        if (value == null || value.isNull()) {
            errors.add(path + ": null is not a value (omit the member instead)");
            return;
        }
        if (target.startsWith("smithy.api#")) {
            prelude(value, target.substring("smithy.api#".length()), memberTraits, path, errors);
            return;
        }
        JsonNode shape = shapes.get(target);
        if (shape == null) {
            errors.add(path + ": unknown shape " + target + " (not in the model subset)");
            return;
        }
        JsonNode traits = shape.path("traits");
        switch (shape.get("type").asText()) {
            case "structure" -> structure(value, shape, target, path, errors);
            case "union" -> union(value, shape, target, path, errors);
            case "list" -> {
                if (!value.isArray()) {
                    errors.add(path + ": expected a list (" + target + ")");
                    return;
                }
                length(value.size(), traits, memberTraits, path, errors);
                JsonNode member = shape.get("member");
                for (int i = 0; i < value.size(); i++) {
                    check(
                            value.get(i),
                            member.get("target").asText(),
                            member.path("traits"),
                            path + "[" + i + "]",
                            errors);
                }
            }
            case "map" -> {
                if (!value.isObject()) {
                    errors.add(path + ": expected a map (" + target + ")");
                    return;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it =
                                value.properties().iterator();
                        it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    check(
                            com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()),
                            shape.get("key").get("target").asText(),
                            null,
                            path + "<key " + e.getKey() + ">",
                            errors);
                    check(
                            e.getValue(),
                            shape.get("value").get("target").asText(),
                            null,
                            path + "." + e.getKey(),
                            errors);
                }
            }
            case "enum" -> {
                if (!value.isTextual()) {
                    errors.add(path + ": expected a string enum (" + target + ")");
                    return;
                }
                boolean ok = false;
                List<String> allowed = new ArrayList<>();
                for (JsonNode m : shape.get("members")) {
                    String v = m.path("traits").path("smithy.api#enumValue").asText();
                    allowed.add(v);
                    ok |= v.equals(value.asText());
                }
                if (!ok) {
                    errors.add(path + ": '" + value.asText() + "' is not one of " + allowed + " (" + target + ")");
                }
            }
            case "string",
                    "integer",
                    "long",
                    "float",
                    "double",
                    "boolean",
                    "blob",
                    "timestamp",
                    "document",
                    "short",
                    "byte",
                    "bigInteger",
                    "bigDecimal" -> {
                String type = shape.get("type").asText();
                prelude(
                        value,
                        Character.toUpperCase(type.charAt(0)) + type.substring(1),
                        merge(traits, memberTraits),
                        path,
                        errors);
            }
            default ->
                errors.add(path + ": shape type " + shape.get("type").asText() + " not supported by the validator");
        }
    }

    private void structure(JsonNode value, JsonNode shape, String target, String path, List<String> errors) {
        if (!value.isObject()) {
            errors.add(path + ": expected an object (" + target + ")");
            return;
        }
        JsonNode members = shape.path("members");
        for (Iterator<Map.Entry<String, JsonNode>> it = members.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonNode traits = m.getValue().path("traits");
            if (boundOutsideBody(traits)) {
                continue;
            }
            if (traits.has("smithy.api#required") && !value.has(m.getKey())) {
                errors.add(path + ": missing required member '" + m.getKey() + "' (" + target + ")");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode member = members.get(e.getKey());
            if (member == null || boundOutsideBody(member.path("traits"))) {
                errors.add(path + ": unknown member '" + e.getKey() + "' (" + target + ")");
                continue;
            }
            check(e.getValue(), member.get("target").asText(), member.path("traits"), path + "." + e.getKey(), errors);
        }
    }

    private void union(JsonNode value, JsonNode shape, String target, String path, List<String> errors) {
        if (!value.isObject()) {
            errors.add(path + ": expected a union object (" + target + ")");
            return;
        }
        if (value.size() != 1) {
            errors.add(path + ": a union must set exactly one member, found " + value.size() + " (" + target + ")");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode member = shape.path("members").get(e.getKey());
            if (member == null) {
                errors.add(path + ": unknown union member '" + e.getKey() + "' (" + target + ")");
                continue;
            }
            check(e.getValue(), member.get("target").asText(), member.path("traits"), path + "." + e.getKey(), errors);
        }
    }

    private static boolean boundOutsideBody(JsonNode traits) {
        return traits.has("smithy.api#httpLabel")
                || traits.has("smithy.api#httpHeader")
                || traits.has("smithy.api#httpQuery")
                || traits.has("smithy.api#httpQueryParams");
    }

    private void prelude(JsonNode value, String type, JsonNode traits, String path, List<String> errors) {
        switch (type) {
            case "String" -> {
                if (!value.isTextual()) {
                    errors.add(path + ": expected a string");
                    return;
                }
                length(value.asText().codePointCount(0, value.asText().length()), traits, null, path, errors);
                JsonNode pattern = traits == null ? null : traits.get("smithy.api#pattern");
                if (pattern != null
                        && !Pattern.compile(pattern.asText())
                                .matcher(value.asText())
                                .find()) {
                    errors.add(path + ": '" + value.asText() + "' does not match " + pattern.asText());
                }
            }
            case "Integer", "Long", "Short", "Byte", "BigInteger", "PrimitiveInteger", "PrimitiveLong" -> {
                if (!value.isIntegralNumber()) {
                    errors.add(path + ": expected an integer");
                    return;
                }
                range(value.decimalValue(), traits, path, errors);
            }
            case "Float", "Double", "BigDecimal", "PrimitiveFloat", "PrimitiveDouble" -> {
                if (!value.isNumber()) {
                    errors.add(path + ": expected a number");
                    return;
                }
                range(value.decimalValue(), traits, path, errors);
            }
            case "Boolean", "PrimitiveBoolean" -> {
                if (!value.isBoolean()) {
                    errors.add(path + ": expected a boolean");
                }
            }
            case "Blob" -> {
                if (!value.isTextual()) {
                    errors.add(path + ": expected a base64 string (blob)");
                    return;
                }
                try {
                    byte[] bytes = Base64.getDecoder().decode(value.asText());
                    length(bytes.length, traits, null, path, errors);
                } catch (IllegalArgumentException e) {
                    errors.add(path + ": not valid base64 (blob)");
                }
            }
            case "Timestamp" -> {
                if (!value.isNumber() && !value.isTextual()) {
                    errors.add(path + ": expected a timestamp");
                }
            }
            case "Document" -> {
                // any JSON value
            }
            default -> errors.add(path + ": prelude type " + type + " not supported by the validator");
        }
    }

    private static JsonNode merge(JsonNode shapeTraits, JsonNode memberTraits) {
        if (memberTraits == null || memberTraits.isMissingNode() || memberTraits.isEmpty()) {
            return shapeTraits;
        }
        com.fasterxml.jackson.databind.node.ObjectNode merged = new ObjectMapper().createObjectNode();
        if (shapeTraits != null && shapeTraits.isObject()) {
            merged.setAll((com.fasterxml.jackson.databind.node.ObjectNode) shapeTraits);
        }
        merged.setAll((com.fasterxml.jackson.databind.node.ObjectNode) memberTraits);
        return merged;
    }

    private static void length(int size, JsonNode traits, JsonNode memberTraits, String path, List<String> errors) {
        for (JsonNode t : new JsonNode[] {traits, memberTraits}) {
            JsonNode length = t == null ? null : t.get("smithy.api#length");
            if (length == null) {
                continue;
            }
            if (length.has("min") && size < length.get("min").asInt()) {
                errors.add(path + ": length " + size + " below the minimum "
                        + length.get("min").asInt());
            }
            if (length.has("max") && size > length.get("max").asInt()) {
                errors.add(path + ": length " + size + " above the maximum "
                        + length.get("max").asInt());
            }
        }
    }

    private static void range(BigDecimal v, JsonNode traits, String path, List<String> errors) {
        JsonNode range = traits == null ? null : traits.get("smithy.api#range");
        if (range == null) {
            return;
        }
        if (range.has("min") && v.compareTo(range.get("min").decimalValue()) < 0) {
            errors.add(path + ": " + v + " below the minimum " + range.get("min"));
        }
        if (range.has("max") && v.compareTo(range.get("max").decimalValue()) > 0) {
            errors.add(path + ": " + v + " above the maximum " + range.get("max"));
        }
    }
}
