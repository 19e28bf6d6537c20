package io.jetway.gateway.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.jetway.api.model.CreateChatCompletionRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The top-level fields of a chat request, for the providers that translate it: which ones it
 * holds (so that each field a provider does not use can be named in {@code x-jetway-dropped-params},
 * fields the spec does not know included), computed once here rather than listed per provider.
 *
 * <p>A field counts as present when its value is not null and is not OpenAI's default for it
 * ({@code n: 1}, {@code logprobs: false}, {@code store: false}, {@code parallel_tool_calls: true},
 * {@code modalities: ["text"]}, an empty {@code logit_bias} or {@code metadata}): a provider that
 * lacks such a field still does what the caller asked.
 */
public final class RequestFields {

    /** The spec's fields, in the spec's order, each with its getter. */
    private static final Map<String, AnnotatedMember> KNOWN = introspect(Json.MAPPER);

    private static final Map<String, Object> DEFAULTS = Map.of(
            "n",
            1,
            "logprobs",
            false,
            "store",
            false,
            "parallel_tool_calls",
            true,
            "modalities",
            List.of("text"),
            "logit_bias",
            Map.of(),
            "metadata",
            Map.of());

    private RequestFields() {}

    /** The spec's top-level fields, in the spec's order. */
    public static Set<String> known() {
        return KNOWN.keySet();
    }

    /** Whether the spec names this top-level field. */
    public static boolean isKnown(String name) {
        return KNOWN.containsKey(name);
    }

    /**
     * The fields {@code request} holds with {@code overrides} ({@code override_params}) applied over
     * it: the spec's fields in the spec's order, then the others in the order sent.
     */
    public static Set<String> present(ChatRequest request, JsonNode overrides) {
        Set<String> names = new LinkedHashSet<>();
        CreateChatCompletionRequest body = request.body();
        for (Map.Entry<String, AnnotatedMember> field : KNOWN.entrySet()) {
            Object value = field.getValue().getValue(body);
            if (value != null && !isDefault(field.getKey(), value)) {
                names.add(field.getKey());
            }
        }
        names.addAll(request.extraFields());
        if (overrides != null) {
            for (Map.Entry<String, JsonNode> e : overrides.properties()) {
                JsonNode v = e.getValue();
                if (v.isNull() || isDefault(e.getKey(), Json.MAPPER.convertValue(v, Object.class))) {
                    names.remove(e.getKey());
                } else {
                    names.add(e.getKey());
                }
            }
        }
        return names;
    }

    /**
     * Whether {@code value} is OpenAI's default for the top-level field {@code name}: leaving such
     * a value out changes nothing, so it is never named as dropped.
     */
    public static boolean isDefault(String name, JsonNode value) {
        return DEFAULTS.containsKey(name) && isDefault(name, Json.MAPPER.convertValue(value, Object.class));
    }

    private static boolean isDefault(String name, Object value) {
        Object byDefault = DEFAULTS.get(name);
        return byDefault != null && byDefault.equals(value);
    }

    /**
     * A reader of chat requests for {@code mapper} that can collect the names of the top-level
     * fields the spec does not know ({@link #collecting}). No second pass over the body: Jackson
     * reports each unknown field as it skips it.
     */
    public static ObjectReader reader(ObjectMapper mapper) {
        return mapper.readerFor(CreateChatCompletionRequest.class).withHandler(UNKNOWN);
    }

    /** {@code reader} (from {@link #reader}) for one read, collecting the unknown top-level names with non-null values into {@code extra}. */
    public static ObjectReader collecting(ObjectReader reader, List<String> extra) {
        return reader.withAttribute(UNKNOWN, extra);
    }

    private static final DeserializationProblemHandler UNKNOWN = new DeserializationProblemHandler() {
        @Override
        @SuppressWarnings("unchecked")
        public boolean handleUnknownProperty(
                DeserializationContext ctxt,
                JsonParser p,
                JsonDeserializer<?> deserializer,
                Object beanOrClass,
                String propertyName)
                throws IOException {
            Object extra = ctxt.getAttribute(this);
            boolean topLevel = beanOrClass instanceof CreateChatCompletionRequest
                    || beanOrClass == CreateChatCompletionRequest.class;
            if (extra != null && topLevel && p.currentToken() != JsonToken.VALUE_NULL) {
                ((Collection<String>) extra).add(propertyName);
            }
            return false; // Jackson then skips the value, as it does for every unknown field
        }
    };

    /** The top-level names of a JSON object the spec does not know, by a scan of its tokens. */
    static List<String> extraFieldsOf(byte[] raw) {
        List<String> extra = new ArrayList<>();
        try (JsonParser p = Json.MAPPER.createParser(raw)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return extra;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!KNOWN.containsKey(name) && value != JsonToken.VALUE_NULL) {
                    extra.add(name);
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object", e);
        }
        return extra;
    }

    private static Map<String, AnnotatedMember> introspect(ObjectMapper mapper) {
        BeanDescription description =
                mapper.getSerializationConfig().introspect(mapper.constructType(CreateChatCompletionRequest.class));
        Map<String, AnnotatedMember> known = new LinkedHashMap<>();
        for (BeanPropertyDefinition p : description.findProperties()) {
            AnnotatedMember getter = p.getAccessor();
            if (getter != null) {
                getter.fixAccess(true);
                known.put(p.getName(), getter);
            }
        }
        return known;
    }
}
