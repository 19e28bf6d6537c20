package io.jetway.client.sdk;

import com.fasterxml.jackson.databind.AnnotationIntrospector;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.client.ApiClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The client's JSON reading: open to what the API adds next. The typed models are views of the JSON
 * as it arrived, which is always kept ({@code json()} on every answer type); reading them never fails
 * for a field the spec does not know (it stays in the JSON, see {@link #unknownFields}), a value of an
 * enum the spec does not list (the typed getter is null, the JSON holds the value), a kind of a
 * union the spec does not list (null in the typed list, kept in the JSON), or a field the spec requires
 * but a provider left out (null).
 */
final class Json {

    private static final Map<Class<?>, Set<String>> KNOWN = new ConcurrentHashMap<>();
    /** For what needs no client (building requests, schemas); configured like every client's. */
    static final ObjectMapper MAPPER = lenientMapper();

    private Json() {}

    static ObjectMapper lenientMapper() {
        ObjectMapper mapper = ApiClient.createDefaultObjectMapper();
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.configure(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE, false);
        mapper.configure(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL, true);
        mapper.configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, false);
        mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);
        mapper.setAnnotationIntrospector(AnnotationIntrospector.pair(
                new NothingRequired(), mapper.getDeserializationConfig().getAnnotationIntrospector()));
        return mapper;
    }

    /** The fields of {@code json} that {@code model}'s type has no property for, in their order. */
    static Map<String, JsonNode> unknownFields(ObjectMapper mapper, JsonNode json, Class<?> model) {
        Set<String> known = KNOWN.computeIfAbsent(model, type -> {
            BeanDescription d = mapper.getDeserializationConfig().introspect(mapper.constructType(type));
            return d.findProperties().stream()
                    .map(BeanPropertyDefinition::getName)
                    .collect(Collectors.toSet());
        });
        Map<String, JsonNode> unknown = new LinkedHashMap<>();
        if (json instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> {
                if (!known.contains(e.getKey())) {
                    unknown.put(e.getKey(), e.getValue());
                }
            });
        }
        return unknown;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    /**
     * No property is required when reading answers: OpenAI-compatible providers pass through unchanged
     * and some leave out fields the spec requires (a missing {@code created}, {@code refusal},
     * {@code logprobs}); they read as null, as OpenAI's own SDKs read them.
     */
    static final class NothingRequired extends NopAnnotationIntrospector {
        @Override
        public Boolean hasRequiredMarker(AnnotatedMember member) {
            return Boolean.FALSE;
        }
    }
}
