package io.jetway.gateway.core;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes {@link GatewayException}s as OpenAI error JSON, with a streaming generator (no tree). */
public final class ErrorBodies {

    private ErrorBodies() {}

    /** {@code {"error":{"message":…,"type":…,"param":…,"code":…}}} as UTF-8 bytes (or the error's own {@link GatewayException#body}). */
    public static byte[] json(GatewayException e) {
        if (e.body() != null) {
            return e.body();
        }
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(128 + e.getMessage().length());
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("message", e.getMessage());
            g.writeStringField("type", e.type());
            g.writeStringField("param", e.param());
            g.writeStringField("code", e.code());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
        return out.toByteArray();
    }
}
