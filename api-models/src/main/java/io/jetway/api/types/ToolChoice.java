package io.jetway.api.types;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.jetway.api.model.ChatCompletionNamedToolChoice;
import io.jetway.api.model.ChatCompletionNamedToolChoiceFunction;
import jakarta.validation.Valid;
import java.io.IOException;
import java.util.Objects;

/**
 * {@code tool_choice}: a mode ({@code none}, {@code auto}, {@code required}) or a named function
 * (schema {@code ChatCompletionToolChoiceOption}). Exactly one of {@link #mode()} and
 * {@link #named()} is non-null.
 */
@JsonDeserialize(using = ToolChoice.Deserializer.class)
public final class ToolChoice {

    /** The string forms. */
    public enum Mode {
        NONE("none"), AUTO("auto"), REQUIRED("required");

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
    private final @Valid ChatCompletionNamedToolChoice named;

    private ToolChoice(Mode mode, ChatCompletionNamedToolChoice named) {
        this.mode = mode;
        this.named = named;
    }

    public static ToolChoice of(Mode mode) {
        return new ToolChoice(Objects.requireNonNull(mode), null);
    }

    public static ToolChoice function(String name) {
        return new ToolChoice(null, new ChatCompletionNamedToolChoice()
                .type(ChatCompletionNamedToolChoice.TypeEnum.FUNCTION).function(new ChatCompletionNamedToolChoiceFunction().name(name)));
    }

    public Mode mode() {
        return mode;
    }

    public ChatCompletionNamedToolChoice named() {
        return named;
    }

    /** The forced function's name, or {@code null} for a mode. */
    public String functionName() {
        return named == null || named.getFunction() == null ? null : named.getFunction().getName();
    }

    @JsonValue
    Object json() {
        return mode != null ? mode.wire() : named;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToolChoice t && mode == t.mode && Objects.equals(named, t.named);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, named);
    }

    @Override
    public String toString() {
        return String.valueOf(json());
    }

    static final class Deserializer extends JsonDeserializer<ToolChoice> {
        @Override
        public ToolChoice deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                Mode mode = Mode.fromWire(p.getText());
                if (mode == null) {
                    return (ToolChoice) ctxt.handleWeirdStringValue(ToolChoice.class, p.getText(),
                            "tool_choice must be \"none\", \"auto\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":…}}");
                }
                return ToolChoice.of(mode);
            }
            if (token == JsonToken.START_OBJECT) {
                return new ToolChoice(null, ctxt.readValue(p, ChatCompletionNamedToolChoice.class));
            }
            return (ToolChoice) ctxt.handleUnexpectedToken(ToolChoice.class, token, p,
                    "tool_choice must be a string or an object");
        }
    }
}
