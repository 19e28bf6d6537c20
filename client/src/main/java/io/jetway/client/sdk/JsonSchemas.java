package io.jetway.client.sdk;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;

/**
 * JSON schemas of Java types, for tool parameters and structured output: records and classes become
 * objects whose properties are their (Jackson) properties, all required and no others allowed (what
 * OpenAI's strict mode asks for); {@code @JsonPropertyDescription} and {@code @JsonClassDescription}
 * become descriptions. Strings, numbers, booleans, enums, arrays/collections, maps, nested
 * records/classes and {@link JsonNode} (anything) are supported; a type that contains itself is refused.
 */
public final class JsonSchemas {

    private JsonSchemas() {}

    /** The schema of {@code type}. */
    public static ObjectNode of(Class<?> type) {
        ObjectMapper mapper = Json.MAPPER;
        return schema(mapper, mapper.constructType(type), new HashSet<>());
    }

    /** {@code type}'s {@code @JsonClassDescription}, or null. */
    static String description(Class<?> type) {
        JsonClassDescription d = type.getAnnotation(JsonClassDescription.class);
        return d == null ? null : d.value();
    }

    private static ObjectNode schema(ObjectMapper mapper, JavaType t, Set<Class<?>> open) {
        ObjectNode s = mapper.createObjectNode();
        Class<?> raw = t.getRawClass();
        if (raw == String.class
                || raw == char.class
                || raw == Character.class
                || CharSequence.class.isAssignableFrom(raw)) {
            s.put("type", "string");
        } else if (raw == boolean.class || raw == Boolean.class) {
            s.put("type", "boolean");
        } else if (raw == int.class
                || raw == long.class
                || raw == short.class
                || raw == byte.class
                || raw == Integer.class
                || raw == Long.class
                || raw == Short.class
                || raw == Byte.class
                || raw == BigInteger.class) {
            s.put("type", "integer");
        } else if (raw == double.class
                || raw == float.class
                || raw == Double.class
                || raw == Float.class
                || raw == BigDecimal.class
                || raw == Number.class) {
            s.put("type", "number");
        } else if (t.isEnumType()) {
            s.put("type", "string");
            ArrayNode values = s.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(mapper.valueToTree(constant).asText());
            }
        } else if (t.isArrayType() || t.isCollectionLikeType()) {
            s.put("type", "array");
            s.set("items", schema(mapper, t.getContentType(), open));
        } else if (t.isMapLikeType()) {
            s.put("type", "object");
            s.set("additionalProperties", schema(mapper, t.getContentType(), open));
        } else if (JsonNode.class.isAssignableFrom(raw) || raw == Object.class) {
            return s;
        } else {
            if (!open.add(raw)) {
                throw new IllegalArgumentException(
                        raw.getName() + " contains itself: no schema can be generated for it");
            }
            BeanDescription d = mapper.getSerializationConfig().introspect(t);
            s.put("type", "object");
            if (description(raw) != null) {
                s.put("description", description(raw));
            }
            ObjectNode properties = s.putObject("properties");
            ArrayNode required = s.putArray("required");
            for (BeanPropertyDefinition p : d.findProperties()) {
                if (!p.couldSerialize()) {
                    continue;
                }
                ObjectNode ps = schema(mapper, p.getPrimaryType(), open);
                String description = p.getMetadata().getDescription();
                if (description != null) {
                    ps.put("description", description);
                }
                properties.set(p.getName(), ps);
                required.add(p.getName());
            }
            if (properties.isEmpty()) {
                throw new IllegalArgumentException(
                        raw.getName() + " has no properties: use a record or a class with getters");
            }
            s.put("additionalProperties", false);
            open.remove(raw);
        }
        return s;
    }
}
