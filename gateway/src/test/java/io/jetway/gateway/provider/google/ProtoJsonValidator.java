package io.jetway.gateway.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks JSON against a message type of a protobuf.js JSON descriptor (the {@code protos.json} of
 * Google's Node client, @google-ai/generativelanguage), the way proto3 JSON parsing reads it:
 * every field must exist in the message (by its JSON name), scalars must have the right JSON
 * type, enum values must be names of the enum, repeated fields arrays, maps objects, and at most
 * one field of each real {@code oneof} may be set. {@code google.protobuf.Struct}/{@code Value}
 * accept any JSON of their kind. Returns the problems as paths, so a test can show them all.
 */
public final class ProtoJsonValidator {

    private static final Set<String> INTEGER_TYPES = Set.of(
            "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64");

    private final JsonNode root;

    public ProtoJsonValidator(JsonNode descriptor) {
        this.root = descriptor;
    }

    /** Problems found validating {@code json} as the message {@code fullName} (e.g. {@code google.ai.generativelanguage.v1beta.GenerateContentRequest}). */
    public List<String> validate(JsonNode json, String fullName) {
        List<String> problems = new ArrayList<>();
        Resolved type = lookup(fullName);
        if (type == null) {
            throw new IllegalArgumentException("no type " + fullName);
        }
        message(json, type, "$", problems);
        return problems;
    }

    /** A type definition and the namespace path it was found in (for resolving relative names). */
    private record Resolved(String fullName, JsonNode node) {
        boolean isEnum() {
            return node.has("values");
        }
    }

    private void message(JsonNode json, Resolved type, String path, List<String> problems) {
        if (!json.isObject()) {
            problems.add(path + ": expected an object for " + type.fullName());
            return;
        }
        JsonNode fields = type.node().path("fields");
        Map<String, String> byJsonName = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String jsonName = f.getValue().path("options").path("json_name").asText(f.getKey());
            byJsonName.put(jsonName, f.getKey());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String fieldName = byJsonName.get(e.getKey());
            if (fieldName == null) {
                problems.add(path + "." + e.getKey() + ": no such field in " + type.fullName());
                continue;
            }
            field(e.getValue(), fields.get(fieldName), type, path + "." + e.getKey(), problems);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        type.node().path("oneofs").properties().iterator();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> oneof = it.next();
            if (oneof.getKey().startsWith("_")) {
                continue; // synthetic oneof of a proto3 optional field
            }
            List<String> set = new ArrayList<>();
            for (JsonNode member : oneof.getValue().path("oneof")) {
                String jsonName = fields.path(member.asText())
                        .path("options")
                        .path("json_name")
                        .asText(member.asText());
                if (json.has(jsonName)) {
                    set.add(jsonName);
                }
            }
            if (set.size() > 1) {
                problems.add(path + ": more than one field of oneof " + oneof.getKey() + ": " + set);
            }
        }
    }

    private void field(JsonNode value, JsonNode field, Resolved owner, String path, List<String> problems) {
        String typeName = field.path("type").asText();
        if (field.has("keyType")) {
            if (!value.isObject()) {
                problems.add(path + ": expected an object (map)");
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                single(e.getValue(), typeName, owner, path + "." + e.getKey(), problems);
            }
            return;
        }
        if ("repeated".equals(field.path("rule").asText())) {
            if (!value.isArray()) {
                problems.add(path + ": expected an array");
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                single(value.get(i), typeName, owner, path + "[" + i + "]", problems);
            }
            return;
        }
        single(value, typeName, owner, path, problems);
    }

    private void single(JsonNode value, String typeName, Resolved owner, String path, List<String> problems) {
        switch (typeName) {
            case "string", "bytes" -> {
                if (!value.isTextual()) {
                    problems.add(path + ": expected a string");
                }
                return;
            }
            case "bool" -> {
                if (!value.isBoolean()) {
                    problems.add(path + ": expected a boolean");
                }
                return;
            }
            case "float", "double" -> {
                if (!value.isNumber()) {
                    problems.add(path + ": expected a number");
                }
                return;
            }
            case "google.protobuf.Struct" -> {
                if (!value.isObject()) {
                    problems.add(path + ": expected an object (Struct)");
                }
                return;
            }
            case "google.protobuf.Value" -> {
                return;
            }
            case "google.protobuf.ListValue" -> {
                if (!value.isArray()) {
                    problems.add(path + ": expected an array (ListValue)");
                }
                return;
            }
            default -> {
                // integers, enums and messages below
            }
        }
        if (INTEGER_TYPES.contains(typeName)) {
            boolean ok = value.isIntegralNumber()
                    || value.isTextual() && value.asText().matches("-?\\d+");
            if (!ok) {
                problems.add(path + ": expected an integer");
            }
            return;
        }
        Resolved type = resolve(typeName, owner.fullName());
        if (type == null) {
            problems.add(path + ": cannot resolve type " + typeName + " from " + owner.fullName());
            return;
        }
        if (type.isEnum()) {
            boolean ok =
                    value.isTextual() && type.node().path("values").has(value.asText()) || value.isIntegralNumber();
            if (!ok) {
                problems.add(path + ": '" + value.asText() + "' is not a value of enum " + type.fullName());
            }
            return;
        }
        message(value, type, path, problems);
    }

    /** Protobuf name resolution: innermost scope first, then each enclosing one. */
    private Resolved resolve(String name, String scope) {
        if (name.startsWith(".")) {
            return lookup(name.substring(1));
        }
        String s = scope;
        while (true) {
            Resolved r = lookup(s.isEmpty() ? name : s + "." + name);
            if (r != null) {
                return r;
            }
            if (s.isEmpty()) {
                return null;
            }
            int dot = s.lastIndexOf('.');
            s = dot < 0 ? "" : s.substring(0, dot);
        }
    }

    private Resolved lookup(String fullName) {
        JsonNode node = root;
        for (String part : fullName.split("\\.")) {
            node = node.path("nested").path(part);
            if (node.isMissingNode()) {
                return null;
            }
        }
        return node.has("fields") || node.has("values") ? new Resolved(fullName, node) : null;
    }
}
