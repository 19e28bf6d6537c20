package io.jetway.api.types;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.jetway.api.model.CustomVoice;
import jakarta.validation.Valid;
import java.io.IOException;
import java.util.Objects;

/**
 * {@code audio.voice}: a built-in voice by name ({@code "alloy"} …, an open set) or a custom voice
 * as {@code {"id": …}} (schema {@code VoiceIdsOrCustomVoice}). Exactly one of {@link #name()} and
 * {@link #custom()} is non-null.
 */
@JsonDeserialize(using = Voice.Deserializer.class)
public final class Voice {

    private final String name;
    private final @Valid CustomVoice custom;

    private Voice(String name, CustomVoice custom) {
        this.name = name;
        this.custom = custom;
    }

    public static Voice named(String name) {
        return new Voice(Objects.requireNonNull(name), null);
    }

    public static Voice custom(String id) {
        return new Voice(null, new CustomVoice().id(Objects.requireNonNull(id)));
    }

    /** The built-in voice's name, or {@code null} for a custom voice. */
    public String name() {
        return name;
    }

    /** The custom voice, or {@code null} for a built-in one. */
    public CustomVoice custom() {
        return custom;
    }

    @JsonValue
    Object json() {
        return name != null ? name : custom;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Voice v && Objects.equals(name, v.name) && Objects.equals(custom, v.custom);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, custom);
    }

    @Override
    public String toString() {
        return String.valueOf(json());
    }

    static final class Deserializer extends JsonDeserializer<Voice> {
        @Override
        public Voice deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                return Voice.named(p.getText());
            }
            if (token == JsonToken.START_OBJECT) {
                return new Voice(null, ctxt.readValue(p, CustomVoice.class));
            }
            return (Voice) ctxt.handleUnexpectedToken(
                    Voice.class, token, p, "audio.voice must be a voice name or {\"id\": …}");
        }
    }
}
