package io.jetway.gateway.provider.common;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A translating provider's own model list written as OpenAI's ({@code {"object":"list","data":[{"id",
 * "object":"model","created","owned_by"}]}}). Only the ids are carried over: the providers' other
 * fields (limits, display names) have no place in OpenAI's model object.
 */
public final class ModelLists {

    private ModelLists() {}

    /** One model: its id and, when the provider tells it, its creation time (Unix seconds; 0 when unknown). */
    public record Entry(String id, long created) {}

    /**
     * Reads the array at {@code arrayField} of the provider's answer, taking each element's
     * {@code idField} (less {@code idPrefix}, e.g. Gemini's {@code models/}) and, when named, its RFC 3339
     * {@code createdField}.
     */
    public static byte[] map(
            String providerId,
            byte[] upstreamBody,
            String arrayField,
            String idField,
            String idPrefix,
            String createdField) {
        JsonNode list;
        try {
            JsonNode tree = Json.MAPPER.readTree(upstreamBody);
            list = tree == null ? null : tree.get(arrayField);
        } catch (IOException e) {
            list = null;
        }
        if (list == null || !list.isArray()) {
            throw new GatewayException(
                    502,
                    GatewayException.UPSTREAM,
                    "The provider " + providerId + " answered with a model list Jetway cannot read (no `" + arrayField
                            + "` array).",
                    null,
                    "invalid_upstream_answer");
        }
        Map<String, Long> models = new LinkedHashMap<>();
        for (JsonNode m : list) {
            String id = m.path(idField).asText("");
            if (id.isEmpty()) {
                continue;
            }
            if (idPrefix != null && id.startsWith(idPrefix)) {
                id = id.substring(idPrefix.length());
            }
            models.putIfAbsent(
                    id, createdField == null ? 0 : seconds(m.path(createdField).asText("")));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + models.size() * 96);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("object", "list");
            g.writeArrayFieldStart("data");
            for (Map.Entry<String, Long> m : models.entrySet()) {
                g.writeStartObject();
                g.writeStringField("id", m.getKey());
                g.writeStringField("object", "model");
                g.writeNumberField("created", m.getValue());
                g.writeStringField("owned_by", providerId);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static long seconds(String rfc3339) {
        try {
            return rfc3339.isEmpty() ? 0 : Instant.parse(rfc3339).getEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
