package io.jetway.api.types;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.jetway.api.model.ChatCompletionFunctionCallName;
import java.io.IOException;
import java.util.Objects;

/**
 * The deprecated {@code function_call}: {@code "none"}, {@code "auto"} or {@code {"name": …}}
 * (schema {@code ChatCompletionFunctionCallOption}).
 */
@JsonDeserialize(using = FunctionCallChoice.Deserializer.class)
public final class FunctionCallChoice {

    private final String mode;
    private final ChatCompletionFunctionCallName named;

    private FunctionCallChoice(String mode, ChatCompletionFunctionCallName named) {
        this.mode = mode;
        this.named = named;
    }

    public static FunctionCallChoice mode(String mode) {
        return new FunctionCallChoice(Objects.requireNonNull(mode), null);
    }

    public static FunctionCallChoice function(String name) {
        return new FunctionCallChoice(null, new ChatCompletionFunctionCallName().name(name));
    }

    /** {@code none} or {@code auto}; {@code null} when a function is named. */
    public String modeName() {
        return mode;
    }

    /** The named function, or {@code null}. */
    public String functionName() {
        return named == null ? null : named.getName();
    }

    @JsonValue
    Object json() {
        return mode != null ? mode : named;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FunctionCallChoice f && Objects.equals(mode, f.mode) && Objects.equals(named, f.named);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, named);
    }

    @Override
    public String toString() {
        return String.valueOf(json());
    }

    static final class Deserializer extends JsonDeserializer<FunctionCallChoice> {
        @Override
        public FunctionCallChoice deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                String s = p.getText();
                if (!s.equals("none") && !s.equals("auto")) {
                    return (FunctionCallChoice) ctxt.handleWeirdStringValue(
                            FunctionCallChoice.class, s, "function_call must be \"none\", \"auto\" or {\"name\":…}");
                }
                return FunctionCallChoice.mode(s);
            }
            if (token == JsonToken.START_OBJECT) {
                return new FunctionCallChoice(null, ctxt.readValue(p, ChatCompletionFunctionCallName.class));
            }
            return (FunctionCallChoice) ctxt.handleUnexpectedToken(
                    FunctionCallChoice.class, token, p, "function_call must be a string or an object");
        }
    }
}
