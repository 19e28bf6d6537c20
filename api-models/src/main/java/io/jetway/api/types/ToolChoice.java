package io.jetway.api.types;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import io.jetway.api.model.ChatCompletionAllowedTools;
import io.jetway.api.model.ChatCompletionAllowedToolsChoice;
import io.jetway.api.model.ChatCompletionNamedToolChoice;
import io.jetway.api.model.ChatCompletionNamedToolChoiceCustom;
import io.jetway.api.model.ChatCompletionNamedToolChoiceFunction;
import io.jetway.api.model.ChatCompletionToolChoiceObject;
import jakarta.validation.Valid;
import java.io.IOException;
import java.util.Objects;

/**
 * {@code tool_choice}: a mode ({@code none}, {@code auto}, {@code required}) or one of the object
 * forms (schema {@code ChatCompletionToolChoiceOption}): a named function, a named custom tool, or
 * {@code allowed_tools}. Exactly one of {@link #mode()} and {@link #object()} is non-null.
 */
@JsonDeserialize(using = ToolChoice.Deserializer.class)
@JsonSerialize(using = ToolChoice.Serializer.class)
public final class ToolChoice {

    /** The string forms. */
    public enum Mode {
        NONE("none"),
        AUTO("auto"),
        REQUIRED("required");

        private final String wire;

        Mode(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static Mode fromWire(String s) {
            for (Mode m : values()) {
                if (m.wire.equals(s)) {
                    return m;
                }
            }
            return null;
        }
    }

    private final Mode mode;
    private final @Valid ChatCompletionToolChoiceObject object;

    private ToolChoice(Mode mode, ChatCompletionToolChoiceObject object) {
        this.mode = mode;
        this.object = object;
    }

    public static ToolChoice of(Mode mode) {
        return new ToolChoice(Objects.requireNonNull(mode), null);
    }

    public static ToolChoice of(ChatCompletionToolChoiceObject object) {
        return new ToolChoice(null, Objects.requireNonNull(object));
    }

    public static ToolChoice function(String name) {
        return of(new ChatCompletionNamedToolChoice()
                .type("function")
                .function(new ChatCompletionNamedToolChoiceFunction().name(name)));
    }

    public static ToolChoice custom(String name) {
        return of(new ChatCompletionNamedToolChoiceCustom()
                .type("custom")
                .custom(new ChatCompletionNamedToolChoiceFunction().name(name)));
    }

    public static ToolChoice allowedTools(ChatCompletionAllowedTools allowed) {
        return of(new ChatCompletionAllowedToolsChoice().type("allowed_tools").allowedTools(allowed));
    }

    /** The string form, or {@code null} for an object form. */
    public Mode mode() {
        return mode;
    }

    /** The object form, or {@code null} for a mode. */
    public ChatCompletionToolChoiceObject object() {
        return object;
    }

    /** The named-function form, or {@code null}. */
    public ChatCompletionNamedToolChoice named() {
        return object instanceof ChatCompletionNamedToolChoice n ? n : null;
    }

    /** The forced function's name, or {@code null} when no function is named. */
    public String functionName() {
        ChatCompletionNamedToolChoice named = named();
        return named == null || named.getFunction() == null
                ? null
                : named.getFunction().getName();
    }

    /** The forced custom tool's name, or {@code null} when no custom tool is named. */
    public String customName() {
        return object instanceof ChatCompletionNamedToolChoiceCustom c && c.getCustom() != null
                ? c.getCustom().getName()
                : null;
    }

    /** The {@code allowed_tools} form's content, or {@code null}. */
    public ChatCompletionAllowedTools allowedTools() {
        return object instanceof ChatCompletionAllowedToolsChoice a ? a.getAllowedTools() : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToolChoice t && mode == t.mode && Objects.equals(object, t.object);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, object);
    }

    @Override
    public String toString() {
        return mode != null ? mode.wire() : String.valueOf(object);
    }

    /** Writes the mode, or the object with its {@code type} discriminator. */
    static final class Serializer extends JsonSerializer<ToolChoice> {
        @Override
        public void serialize(ToolChoice value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.mode != null) {
                gen.writeString(value.mode.wire());
                return;
            }
            TypeSerializer typeId =
                    provider.findTypeSerializer(provider.constructType(ChatCompletionToolChoiceObject.class));
            provider.findValueSerializer(value.object.getClass())
                    .serializeWithType(value.object, gen, provider, typeId);
        }
    }

    static final class Deserializer extends JsonDeserializer<ToolChoice> {
        @Override
        public ToolChoice deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                Mode mode = Mode.fromWire(p.getText());
                if (mode == null) {
                    return (ToolChoice) ctxt.handleWeirdStringValue(
                            ToolChoice.class,
                            p.getText(),
                            "tool_choice must be \"none\", \"auto\", \"required\" or an object whose type is "
                                    + "function, custom or allowed_tools");
                }
                return ToolChoice.of(mode);
            }
            if (token == JsonToken.START_OBJECT) {
                return new ToolChoice(null, ctxt.readValue(p, ChatCompletionToolChoiceObject.class));
            }
            return (ToolChoice)
                    ctxt.handleUnexpectedToken(ToolChoice.class, token, p, "tool_choice must be a string or an object");
        }
    }
}
