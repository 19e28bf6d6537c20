package io.jetway.gateway.requests;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.jetway.api.model.ChatCompletionRequestDeveloperMessage;
import io.jetway.api.model.ChatCompletionRequestMessage;
import io.jetway.api.model.ChatCompletionRequestMessageContentPart;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartText;
import io.jetway.api.model.ChatCompletionRequestSystemMessage;
import io.jetway.api.model.ChatCompletionRequestToolMessage;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.types.MessageContent;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.RequestFields;
import io.jetway.gateway.core.RequestLimits;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Bytes → validated {@link ChatRequest}. Three layers, each a 400 naming the field at fault:
 * JSON syntax and types (Jackson, strict: no coercions), the spec's constraints (the generated
 * jakarta.validation annotations, checked directly by {@link SpecConstraints}; when one is broken,
 * Hibernate Validator lists and words all violations), and the
 * rules the Java types cannot carry (text-only content for system, developer and tool messages).
 */
public final class RequestParser {

    private static final Map<Class<?>, String> DISCRIMINATORS = Map.of(
            ChatCompletionRequestMessage.class, "role",
            ChatCompletionRequestMessageContentPart.class, "type");

    private final ObjectMapper mapper;
    /** The mapper's factory with the request bodies' token bound ({@link RequestLimits#requestFactory}). */
    private final JsonFactory bodies;

    private final Validator validator;
    /** The same constraints checked directly; Hibernate Validator runs only when this cannot say "none broken". */
    private final SpecConstraints constraints = new SpecConstraints();

    private final ConstraintMessages messages;
    /** Chat requests, read recording the fields the spec does not know ({@link RequestFields}). */
    private final ObjectReader chats;

    public RequestParser(ObjectMapper mapper) {
        this.mapper = mapper;
        this.bodies = RequestLimits.requestFactory(mapper.getFactory());
        JsonPropertyNames names = new JsonPropertyNames(mapper);
        this.validator = Validation.byProvider(HibernateValidator.class)
                .configure()
                .propertyNodeNameProvider(names)
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory()
                .getValidator();
        this.messages = new ConstraintMessages(validator, names);
        this.chats = RequestFields.reader(mapper);
    }

    /**
     * @param contentType the request's Content-Type, or null
     * @throws GatewayException 400 with a message saying what to fix
     */
    public ChatRequest parse(String contentType, byte[] raw) {
        if (contentType == null || !isJson(contentType)) {
            throw GatewayException.invalidRequest(
                    "Content-Type must be application/json"
                            + (contentType == null ? " (none was sent)." : ", not " + contentType + "."),
                    null);
        }
        if (raw.length == 0) {
            throw GatewayException.invalidRequest(
                    "The request body is empty: send a Chat Completions JSON object " + "with at least `messages`.",
                    null);
        }
        CreateChatCompletionRequest body;
        List<String> extraFields = new ArrayList<>(2);
        try (JsonParser p = bodies.createParser(raw)) {
            body = read(() -> RequestFields.collecting(chats, extraFields).readValue(p));
        } catch (IOException e) {
            throw describe(e);
        }
        if (body == null) {
            throw GatewayException.invalidRequest("The request body must be a JSON object, not null.", null);
        }
        validate(body);
        return new ChatRequest(raw, body, extraFields);
    }

    /**
     * Any other JSON request body of the API (the admin API's): the same JSON and constraint checks
     * as {@link #parse}, all violations in one 400. Unknown fields are errors when this parser's
     * mapper fails on them.
     */
    public <T> T parseObject(String contentType, byte[] raw, Class<T> type) {
        if (contentType == null || !isJson(contentType)) {
            throw GatewayException.invalidRequest(
                    "Content-Type must be application/json"
                            + (contentType == null ? " (none was sent)." : ", not " + contentType + "."),
                    null);
        }
        if (raw.length == 0) {
            throw GatewayException.invalidRequest("The request body is empty: send a JSON object.", null);
        }
        T body;
        try (JsonParser p = bodies.createParser(raw)) {
            body = read(() -> mapper.readValue(p, type));
        } catch (IOException e) {
            throw describe(e);
        }
        if (body == null) {
            throw GatewayException.invalidRequest("The request body must be a JSON object, not null.", null);
        }
        checkConstraints(body);
        return body;
    }

    /** A read of the body whose failure is described while the parser is still open (it tells what was sent). */
    private interface Read<T> {
        T read() throws IOException;
    }

    private static <T> T read(Read<T> read) {
        try {
            return read.read();
        } catch (IOException e) {
            throw describe(e);
        }
    }

    private void validate(CreateChatCompletionRequest body) {
        checkConstraints(body);
        validateMessages(body);
    }

    private <T> void checkConstraints(T body) {
        if (constraints.surelySatisfied(body)) {
            return;
        }
        Set<ConstraintViolation<T>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            List<String[]> problems = new ArrayList<>();
            for (ConstraintViolation<?> v : violations) {
                String path = path(v.getPropertyPath());
                problems.add(new String[] {path, messages.describe(v, path)});
            }
            problems.sort(Comparator.comparing(p -> p[0]));
            throw GatewayException.invalidRequest(
                    String.join("; ", problems.stream().map(p -> p[1]).toList()) + ".", problems.get(0)[0]);
        }
    }

    private static void validateMessages(CreateChatCompletionRequest body) {
        List<ChatCompletionRequestMessage> messages = body.getMessages();
        for (int i = 0; i < messages.size(); i++) {
            ChatCompletionRequestMessage m = messages.get(i);
            MessageContent content = switch (m) {
                case ChatCompletionRequestSystemMessage s -> s.getContent();
                case ChatCompletionRequestDeveloperMessage d -> d.getContent();
                case ChatCompletionRequestToolMessage t -> t.getContent();
                default -> null;
            };
            if (content != null && content.parts() != null) {
                List<ChatCompletionRequestMessageContentPart> parts = content.parts();
                for (int j = 0; j < parts.size(); j++) {
                    if (!(parts.get(j) instanceof ChatCompletionRequestMessageContentPartText)) {
                        throw GatewayException.invalidRequest(
                                "messages[" + i + "] is a " + m.getRole()
                                        + " message: its content parts must be text, but part " + j + " is '"
                                        + partType(parts.get(j)) + "'.",
                                "messages[" + i + "].content[" + j + "].type");
                    }
                }
            }
        }
    }

    private static String partType(ChatCompletionRequestMessageContentPart part) {
        String simple = part.getClass().getSimpleName().replace("ChatCompletionRequestMessageContentPart", "");
        return switch (simple) {
            case "Image" -> "image_url";
            case "Audio" -> "input_audio";
            case "RedactedThinking" -> "redacted_thinking";
            default -> simple.toLowerCase(Locale.ROOT);
        };
    }

    static String path(Path propertyPath) {
        StringBuilder sb = new StringBuilder();
        for (Path.Node node : propertyPath) {
            if (node.isInIterable()) {
                sb.append('[')
                        .append(node.getIndex() != null ? node.getIndex() : node.getKey())
                        .append(']');
            }
            String name = node.getName();
            if (name != null && !name.startsWith("<")) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(name);
            }
        }
        return sb.toString();
    }

    private static GatewayException describe(IOException e) {
        if (e instanceof RequestLimits.TooLong tooLong) {
            String path = jsonPath(tooLong.getPath());
            return GatewayException.invalidRequest(tooLong.describe(path), path, "array_above_max_length");
        }
        String overLimit = RequestLimits.describe(e);
        if (overLimit != null) {
            return GatewayException.invalidRequest(overLimit, null, "request_too_complex");
        }
        StreamReadException syntax = syntaxError(e);
        if (syntax != null || !(e instanceof JsonMappingException)) {
            JsonProcessingException p = syntax != null ? syntax : e instanceof JsonProcessingException j ? j : null;
            String where = p != null && p.getLocation() != null
                    ? " at line " + p.getLocation().getLineNr() + ", column "
                            + p.getLocation().getColumnNr()
                    : "";
            String reason = p != null ? clean(p.getOriginalMessage()) : e.getMessage();
            return GatewayException.invalidRequest(
                    "The request body is not valid JSON" + where + ": " + reason + ".", null);
        }
        JsonMappingException mapping = (JsonMappingException) e;
        String path = jsonPath(mapping.getPath());
        if (e instanceof InvalidTypeIdException typeId) {
            Class<?> base = typeId.getBaseType().getRawClass();
            String property = DISCRIMINATORS.getOrDefault(base, "type");
            String field = path.isEmpty() ? property : path + "." + property;
            if (typeId.getTypeId() == null && isScalar(currentToken(typeId))) {
                return GatewayException.invalidRequest(
                        path + " must be an object whose " + property + " is one of: " + expected(base) + ", not "
                                + sent(typeId) + ".",
                        path);
            }
            return GatewayException.invalidRequest(
                    typeId.getTypeId() == null
                            ? field + " is required; it is one of: " + expected(base) + "."
                            : field + " '" + typeId.getTypeId() + "' is not valid; expected one of: " + expected(base)
                                    + ".",
                    field);
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            List<String> known = new ArrayList<>();
            if (unknown.getKnownPropertyIds() != null) {
                unknown.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            }
            known.sort(null);
            return GatewayException.invalidRequest(
                    path + " is not a known field"
                            + (known.isEmpty() ? "" : "; expected one of: " + String.join(", ", known)) + ".",
                    path);
        }
        if (e instanceof ValueInstantiationException instantiation
                && instantiation.getType() != null
                && instantiation.getType().isEnumType()) {
            // A generated enum's factory refused the value (its message names the Java class).
            return GatewayException.invalidRequest(
                    path + " '" + currentText(instantiation) + "' is not valid; " + "expected one of: "
                            + enumValues(instantiation.getType().getRawClass()) + ".",
                    path);
        }
        if (e instanceof MismatchedInputException mismatch) {
            String original = mismatch.getOriginalMessage();
            if (original != null && original.startsWith("Missing required creator property")) {
                String prop = original.replaceAll("^Missing required creator property '([^']*)'.*$", "$1");
                String field = path.isEmpty() ? prop : path.endsWith(prop) ? path : path + "." + prop;
                return GatewayException.invalidRequest(field + " is required.", field);
            }
            if (path.isEmpty()) {
                return GatewayException.invalidRequest("The request body must be a JSON object.", null);
            }
            Class<?> target = mismatch.getTargetType();
            if (e instanceof InvalidFormatException format && target != null && target.isEnum()) {
                return GatewayException.invalidRequest(
                        path + " '" + format.getValue() + "' is not valid; expected one of: " + enumValues(target)
                                + ".",
                        path);
            }
            int must = original == null ? -1 : original.indexOf(" must ");
            if (must >= 0 && isClean(original.substring(must))) {
                // A hand-written union's own words ("stop must be a string or an array of strings").
                String rule = clean(original.substring(must + 1));
                String got = rule.contains(", not ") ? "" : ", not " + sent(mismatch);
                return GatewayException.invalidRequest(
                        path + " " + rule + (got.equals(", not that") ? "" : got) + ".", path);
            }
            return GatewayException.invalidRequest(
                    path + " must be " + describeType(target) + ", not " + sent(mismatch) + ".", path);
        }
        JsonLocation location = mapping.getLocation();
        String reason = clean(mapping.getOriginalMessage());
        return GatewayException.invalidRequest(
                (path.isEmpty() ? "The request body" : path) + " is not valid"
                        + (isClean(reason) ? ": " + reason : "")
                        + (location == null ? "" : " (line " + location.getLineNr() + ")")
                        + ".",
                path.isEmpty() ? null : path);
    }

    /** Whether a message shows no Java name (Jackson quotes class names in backticks) and no template. */
    private static boolean isClean(String message) {
        return message != null
                && !message.contains("`")
                && !message.contains("$")
                && !message.contains("java.")
                && !message.contains("io.jetway");
    }

    /** The token the parser stood on when it failed, or null. */
    private static JsonToken currentToken(JsonMappingException e) {
        return e.getProcessor() instanceof JsonParser p ? p.currentToken() : null;
    }

    private static String currentText(JsonMappingException e) {
        try {
            return e.getProcessor() instanceof JsonParser p ? p.getText() : "?";
        } catch (IOException | RuntimeException unreadable) {
            return "?";
        }
    }

    private static boolean isScalar(JsonToken t) {
        return t != null && t.isScalarValue();
    }

    /** What the caller sent where the mapping failed, in words: {@code the string "hot"}, {@code an array} … */
    private static String sent(JsonMappingException e) {
        JsonToken t = currentToken(e);
        if (t == null) {
            return "that";
        }
        return switch (t) {
            case VALUE_STRING -> {
                String text = currentText(e);
                yield text.length() <= 40 && isClean(text) ? "the string \"" + text + "\"" : "a string";
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> currentText(e);
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
            case START_ARRAY, END_ARRAY -> "an array";
            default -> "that";
        };
    }

    private static String expected(Class<?> base) {
        if (base == ChatCompletionRequestMessage.class) {
            return "system, developer, user, assistant, tool, function";
        }
        if (base == ChatCompletionRequestMessageContentPart.class) {
            return "text, image_url, input_audio, file, refusal, thinking, redacted_thinking";
        }
        com.fasterxml.jackson.annotation.JsonSubTypes sub =
                base.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class);
        if (sub == null) {
            return "(see the API reference)";
        }
        List<String> names = new ArrayList<>();
        for (var t : sub.value()) {
            names.add(t.name());
        }
        return String.join(", ", names);
    }

    private static String enumValues(Class<?> type) {
        List<String> values = new ArrayList<>();
        for (Object c : type.getEnumConstants()) {
            values.add(c.toString());
        }
        return String.join(", ", values);
    }

    private static String describeType(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == Float.class || type == java.math.BigDecimal.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == MessageContent.class) {
            return "a string or an array of content parts";
        }
        if (type.isEnum()) {
            return "one of: " + enumValues(type);
        }
        return "an object";
    }

    /** The JSON syntax error behind {@code e}, if that is what it is (Jackson wraps some in mapping errors). */
    private static StreamReadException syntaxError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException s && !(t instanceof MismatchedInputException)) {
                return s;
            }
        }
        return null;
    }

    /** Jackson's message without its source-location suffixes (the location is reported separately). */
    private static String clean(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int cut = message.indexOf(" (start marker at");
        if (cut < 0) {
            cut = message.indexOf(" at [Source");
        }
        return (cut < 0 ? message : message.substring(0, cut)).strip();
    }

    static String jsonPath(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            }
        }
        return sb.toString();
    }

    private static boolean isJson(String contentType) {
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
    }
}
