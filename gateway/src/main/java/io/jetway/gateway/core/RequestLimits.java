package io.jetway.gateway.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.CollectionType;
import io.jetway.api.model.ChatCompletionAllowedTool;
import io.jetway.api.model.ChatCompletionAnyTool;
import io.jetway.api.model.ChatCompletionFunctions;
import io.jetway.api.model.ChatCompletionMessageAnyToolCall;
import io.jetway.api.model.ChatCompletionRequestMessage;
import io.jetway.api.model.ChatCompletionRequestMessageContentPart;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one chat request may hold, enforced while it is read, so that a request over a limit costs
 * no more than reading up to the limit (bean validation costs about 10 µs and 6 KB of garbage per
 * message, so an unbounded list of tiny messages was seconds of CPU and gigabytes of heap):
 *
 * <ul>
 *   <li>{@code messages}: at most {@value #MAX_MESSAGES};</li>
 *   <li>any other list of objects (a message's content parts, {@code tools}, {@code functions}, an
 *       assistant message's {@code tool_calls}): at most {@value #MAX_ITEMS} each;</li>
 *   <li>all those lists together: at most {@value #MAX_ITEMS_IN_ALL} items (so that many messages of
 *       many parts each stay bounded too);</li>
 *   <li>the JSON itself ({@link #STREAM}): nesting at most {@value #MAX_DEPTH} levels, a string at most
 *       {@value #MAX_STRING_CHARS} characters, a number at most {@value #MAX_NUMBER_CHARS} characters.</li>
 * </ul>
 * OpenAI documents no limit on messages or content parts (it allows 128 tools and tool calls); these
 * are far above any real conversation. Going over one is a 400 naming the field
 * ({@code array_above_max_length}, OpenAI's code for the same mistake).
 */
public final class RequestLimits {

    public static final int MAX_MESSAGES = 10_000;
    public static final int MAX_ITEMS = 1_000;
    public static final int MAX_ITEMS_IN_ALL = 20_000;

    /**
     * Far deeper than any real request (JSON schemas in tools and response formats nest a few dozen
     * levels at most) and shallow enough for every recursive walk of a tree on a thread's stack.
     */
    public static final int MAX_DEPTH = 128;
    /**
     * Jackson's default (20 million) would refuse a 15 MB image sent as a base64 data URL: a string may
     * be as long as the largest body the gateway reads (64 MiB, a provider's answer; a request body is
     * at most {@code JETWAY_MAX_BODY_BYTES}, 50 MiB by default), so that the body limit is the limit.
     */
    public static final int MAX_STRING_CHARS = 64 * 1024 * 1024;
    /** The longest exact double is 24 characters; nothing in the API needs longer numbers. */
    public static final int MAX_NUMBER_CHARS = 100;

    /**
     * JSON tokens in one request body. Fields typed as JSON (tool parameters, response schemas) are
     * read as trees of about 100 bytes a node: without this bound a 50 MB body of {@code {}}s would be
     * 16 million nodes, gigabytes. A conversation of {@value #MAX_MESSAGES} messages is about 100,000
     * tokens. (Only for request bodies: a provider's long answer with log-probabilities may hold more.)
     */
    public static final long MAX_REQUEST_TOKENS = 1_000_000;

    /** The limits of the JSON text, for every parse of the gateway's mapper. */
    public static final StreamReadConstraints STREAM = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxStringLength(MAX_STRING_CHARS)
            .maxNumberLength(MAX_NUMBER_CHARS)
            .build();

    // Deprecated in OpenAI's spec (max_tokens, functions, the function role, user, seed), still sent by callers.
    @SuppressWarnings("deprecation")
    private static final Map<Class<?>, Integer> BOUNDED = Map.of(
            ChatCompletionRequestMessage.class, MAX_MESSAGES,
            ChatCompletionRequestMessageContentPart.class, MAX_ITEMS,
            ChatCompletionAnyTool.class, MAX_ITEMS,
            ChatCompletionFunctions.class, MAX_ITEMS,
            ChatCompletionMessageAnyToolCall.class, MAX_ITEMS,
            ChatCompletionAllowedTool.class, MAX_ITEMS);

    private RequestLimits() {}

    /** {@code base} (the gateway mapper's factory) with {@link #MAX_REQUEST_TOKENS} too: for request bodies. */
    public static JsonFactory requestFactory(JsonFactory base) {
        JsonFactory f = base.copy();
        f.setStreamReadConstraints(base.streamReadConstraints()
                .rebuild()
                .maxTokenCount(MAX_REQUEST_TOKENS)
                .build());
        return f;
    }

    /**
     * What to tell the caller when a read of its body met a limit of {@link #STREAM} or
     * {@link #MAX_REQUEST_TOKENS} (Jackson's own message names its Java classes); null when
     * {@code e} is no such failure.
     */
    public static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException c) {
                String m = String.valueOf(c.getOriginalMessage());
                String which = m.contains("nesting depth")
                        ? "nests deeper than " + MAX_DEPTH + " levels"
                        : m.contains("String value length")
                                ? "holds a string longer than " + MAX_STRING_CHARS + " characters"
                                : m.contains("Number value length")
                                        ? "holds a number longer than " + MAX_NUMBER_CHARS + " characters"
                                        : m.contains("Token count")
                                                ? "holds more than " + MAX_REQUEST_TOKENS + " JSON tokens"
                                                : "is beyond this gateway's JSON limits (" + MAX_DEPTH
                                                        + " levels of nesting, strings of "
                                                        + MAX_STRING_CHARS + " characters, numbers of "
                                                        + MAX_NUMBER_CHARS + " characters, "
                                                        + MAX_REQUEST_TOKENS + " tokens)";
                return "The request body " + which + ".";
            }
        }
        return null;
    }

    /** The module that bounds the request's lists, for the gateway's mapper. */
    static Module module() {
        return new SimpleModule("jetway-request-limits").setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyCollectionDeserializer(
                    DeserializationConfig config,
                    CollectionType type,
                    BeanDescription beanDesc,
                    JsonDeserializer<?> deserializer) {
                Integer max = BOUNDED.get(type.getContentType().getRawClass());
                return max == null || !type.getRawClass().isAssignableFrom(ArrayList.class)
                        ? deserializer
                        : new BoundedList(type, max, null, null);
            }
        });
    }

    /** A list longer than its limit; the path (Jackson's) says which list. */
    public static final class TooLong extends MismatchedInputException {
        private static final long serialVersionUID = 1L;

        private final int limit;
        private final boolean inAll;

        TooLong(JsonParser p, JavaType type, int limit, boolean inAll) {
            super(p, inAll ? "more than " + limit + " list items in all" : "more than " + limit + " items", type);
            this.limit = limit;
            this.inAll = inAll;
        }

        /** What to tell the caller about the list at {@code path}. */
        public String describe(String path) {
            return inAll
                    ? "The request holds more than " + limit + " messages, content parts, tools and tool calls in all "
                            + "(the limit was reached in " + path + "); send fewer."
                    : path + " has more than " + limit + " items; at most " + limit + " are accepted.";
        }
    }

    /** The request-wide count of items read into bounded lists; one per deserialization call. */
    private static final class Budget {
        int left = MAX_ITEMS_IN_ALL;
    }

    /**
     * An {@code ArrayList} read element by element that stops at its limit, instead of Jackson's
     * collection deserializer (which reads the whole array first). Elements are read as that one
     * would: through the element type's deserializer, with its type id (the {@code role} or
     * {@code type} discriminator), failures carrying the element's index in their path.
     */
    private static final class BoundedList extends StdDeserializer<List<Object>> implements ContextualDeserializer {
        private static final long serialVersionUID = 1L;

        private final CollectionType type;
        private final int max;
        private final transient JsonDeserializer<Object> elements;
        private final transient TypeDeserializer typeIds;

        BoundedList(CollectionType type, int max, JsonDeserializer<Object> elements, TypeDeserializer typeIds) {
            super(type);
            this.type = type;
            this.max = max;
            this.elements = elements;
            this.typeIds = typeIds;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
                throws JsonMappingException {
            if (elements != null) {
                return this;
            }
            JavaType element = type.getContentType();
            return new BoundedList(
                    type,
                    max,
                    ctxt.findContextualValueDeserializer(element, property),
                    ctxt.getFactory().findTypeDeserializer(ctxt.getConfig(), element));
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<Object> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.isExpectedStartArrayToken()) {
                return (List<Object>) ctxt.handleUnexpectedToken(type, p);
            }
            Budget budget = (Budget) ctxt.getAttribute(Budget.class);
            if (budget == null) {
                budget = new Budget();
                ctxt.setAttribute(Budget.class, budget);
            }
            List<Object> list = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (list.size() == max) {
                    throw new TooLong(p, type, max, false);
                }
                if (--budget.left < 0) {
                    throw new TooLong(p, type, MAX_ITEMS_IN_ALL, true);
                }
                try {
                    list.add(
                            t == JsonToken.VALUE_NULL
                                    ? elements.getNullValue(ctxt)
                                    : typeIds == null
                                            ? elements.deserialize(p, ctxt)
                                            : elements.deserializeWithType(p, ctxt, typeIds));
                } catch (IOException | RuntimeException e) {
                    throw JsonMappingException.wrapWithPath(e, list, list.size());
                }
            }
            return list;
        }
    }
}
