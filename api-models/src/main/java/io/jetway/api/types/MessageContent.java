package io.jetway.api.types;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import io.jetway.api.model.ChatCompletionRequestMessageContentPart;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartRefusal;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartText;
import jakarta.validation.Valid;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * A message's {@code content}: either a plain string or an array of typed parts
 * (schemas {@code TextMessageContent}, {@code UserMessageContent}, {@code AssistantMessageContent}).
 * Exactly one of {@link #text()} and {@link #parts()} is non-null.
 */
@JsonDeserialize(using = MessageContent.Deserializer.class)
@JsonSerialize(using = MessageContent.Serializer.class)
public final class MessageContent {

    private final String text;
    private final @Valid List<ChatCompletionRequestMessageContentPart> parts;

    private MessageContent(String text, List<ChatCompletionRequestMessageContentPart> parts) {
        this.text = text;
        this.parts = parts;
    }

    public static MessageContent of(String text) {
        return new MessageContent(Objects.requireNonNull(text, "text"), null);
    }

    public static MessageContent of(List<? extends ChatCompletionRequestMessageContentPart> parts) {
        return new MessageContent(null, List.copyOf(Objects.requireNonNull(parts, "parts")));
    }

    /** The string form, or {@code null} when the content is an array of parts. */
    public String text() {
        return text;
    }

    /** The array form, or {@code null} when the content is a string. */
    public List<ChatCompletionRequestMessageContentPart> parts() {
        return parts;
    }

    public boolean isText() {
        return text != null;
    }

    /**
     * The text of the content: the string itself, or the text and refusal parts joined in order
     * (other parts contribute nothing). For providers that take plain text only.
     */
    public String joinedText() {
        if (text != null) {
            return text;
        }
        StringBuilder sb = new StringBuilder();
        for (ChatCompletionRequestMessageContentPart part : parts) {
            if (part instanceof ChatCompletionRequestMessageContentPartText t) {
                sb.append(t.getText());
            } else if (part instanceof ChatCompletionRequestMessageContentPartRefusal r) {
                sb.append(r.getRefusal());
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageContent m && Objects.equals(text, m.text) && Objects.equals(parts, m.parts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, parts);
    }

    @Override
    public String toString() {
        return text != null ? text : String.valueOf(parts);
    }

    /**
     * Writes the string, or the parts each with its {@code type} discriminator (a plain list would
     * lose it: the element type would be seen as {@code Object}, not the polymorphic part type).
     */
    static final class Serializer extends JsonSerializer<MessageContent> {
        @Override
        public void serialize(MessageContent value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.text != null) {
                gen.writeString(value.text);
                return;
            }
            TypeSerializer typeId =
                    provider.findTypeSerializer(provider.constructType(ChatCompletionRequestMessageContentPart.class));
            gen.writeStartArray();
            for (ChatCompletionRequestMessageContentPart part : value.parts) {
                provider.findValueSerializer(part.getClass()).serializeWithType(part, gen, provider, typeId);
            }
            gen.writeEndArray();
        }
    }

    /** Reads a string or an array of parts; anything else is a clear mapping error naming the field. */
    static final class Deserializer extends JsonDeserializer<MessageContent> {
        @Override
        public MessageContent deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                return MessageContent.of(p.getText());
            }
            if (token == JsonToken.START_ARRAY) {
                JavaType listType = ctxt.getTypeFactory()
                        .constructCollectionType(List.class, ChatCompletionRequestMessageContentPart.class);
                List<ChatCompletionRequestMessageContentPart> parts = ctxt.readValue(p, listType);
                for (int i = 0; i < parts.size(); i++) {
                    if (parts.get(i) == null) {
                        return (MessageContent) ctxt.handleUnexpectedToken(
                                MessageContent.class,
                                JsonToken.VALUE_NULL,
                                p,
                                "content parts must be objects with a `type`, found null at index " + i);
                    }
                }
                return MessageContent.of(parts);
            }
            return (MessageContent) ctxt.handleUnexpectedToken(
                    MessageContent.class, token, p, "content must be a string or an array of content parts");
        }
    }
}
