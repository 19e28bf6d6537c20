package io.jetway.api.types;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code stop}: one sequence as a string, or one to four as an array (schema
 * {@code StopConfiguration}; the count is checked while reading).
 */
@JsonDeserialize(using = Stop.Deserializer.class)
public final class Stop {

    private final String single;
    private final List<String> many;

    private Stop(String single, List<String> many) {
        this.single = single;
        this.many = many;
    }

    public static Stop of(String sequence) {
        return new Stop(Objects.requireNonNull(sequence), null);
    }

    public static Stop of(List<String> sequences) {
        return new Stop(null, List.copyOf(sequences));
    }

    /** The sequences, whichever form was sent. */
    public List<String> sequences() {
        return single != null ? List.of(single) : many;
    }

    public boolean isSingle() {
        return single != null;
    }

    @JsonValue
    Object json() {
        return single != null ? single : many;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stop s && Objects.equals(single, s.single) && Objects.equals(many, s.many);
    }

    @Override
    public int hashCode() {
        return Objects.hash(single, many);
    }

    @Override
    public String toString() {
        return String.valueOf(json());
    }

    static final class Deserializer extends JsonDeserializer<Stop> {
        @Override
        public Stop deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                return Stop.of(p.getText());
            }
            if (token == JsonToken.START_ARRAY) {
                List<String> list = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    if (t != JsonToken.VALUE_STRING) {
                        return (Stop) ctxt.handleUnexpectedToken(Stop.class, t, p, "stop sequences must be strings");
                    }
                    list.add(p.getText());
                }
                if (list.isEmpty() || list.size() > 4) {
                    return (Stop)
                            ctxt.reportInputMismatch(Stop.class, "stop must hold 1 to 4 sequences, not " + list.size());
                }
                return Stop.of(list);
            }
            return (Stop)
                    ctxt.handleUnexpectedToken(Stop.class, token, p, "stop must be a string or an array of strings");
        }
    }
}
