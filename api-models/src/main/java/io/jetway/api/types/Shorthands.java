package io.jetway.api.types;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.jetway.api.model.ChatCompletionImageUrl;
import java.io.IOException;

/**
 * A Jackson module for the shorthand forms the spec accepts but a generated class cannot read by
 * itself: an image part's {@code image_url} as a plain URL string (schema
 * {@code ChatCompletionImageUrlParam}, as in Portkey's documented examples) is read as
 * {@code {"url": <the string>}}, so that everything downstream sees one form.
 */
public final class Shorthands {

    private Shorthands() {}

    public static Module module() {
        return new SimpleModule("jetway-shorthands").setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(
                    DeserializationConfig config, BeanDescription description, JsonDeserializer<?> deserializer) {
                return description.getBeanClass() == ChatCompletionImageUrl.class
                        ? new ImageUrlOrString(deserializer)
                        : deserializer;
            }
        });
    }

    /** {@code "https://…"} → {@code {"url": "https://…"}}; the object form as the generated class reads it. */
    private static final class ImageUrlOrString extends DelegatingDeserializer {

        ImageUrlOrString(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new ImageUrlOrString(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return new ChatCompletionImageUrl().url(p.getText());
            }
            return super.deserialize(p, ctxt);
        }
    }
}
