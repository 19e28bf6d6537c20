package io.jetway.gateway.provider.common;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.ProviderCall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's embeddings request as the providers that translate it read it, and their answers written
 * in OpenAI's shape ({@code list} of {@code embedding}s with usage). The endpoint has already checked
 * the request against the spec ({@code input}'s shape included).
 */
public final class Embeddings {

    private Embeddings() {}

    /**
     * The request with the target's {@code override_params} laid over it.
     *
     * @param texts      {@code input} as a list of strings
     * @param base64     whether the caller asked for {@code encoding_format: base64}
     * @param dimensions the caller's {@code dimensions}, or null
     * @param tree       the whole body (for provider-specific fields the caller may send)
     */
    public record Request(String model, List<String> texts, boolean base64, Integer dimensions, ObjectNode tree) {}

    /** @throws GatewayException 400 when {@code input} holds token ids, which these providers do not take */
    public static Request read(ProviderCall call, String providerId) {
        ObjectNode tree = call.request().mutableTree();
        ObjectNode overrides = call.target().overrideParams();
        if (overrides != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            overrides.properties().iterator();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                tree.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        JsonNode input = tree.path("input");
        List<String> texts = new ArrayList<>();
        if (input.isTextual()) {
            texts.add(input.textValue());
        } else {
            for (JsonNode item : input) {
                if (!item.isTextual()) {
                    throw GatewayException.invalidRequest(
                            providerId + " embeds text only: send `input` as a string "
                                    + "or an array of strings, not token ids.",
                            "input");
                }
                texts.add(item.textValue());
            }
        }
        JsonNode dimensions = tree.get("dimensions");
        return new Request(
                tree.path("model").asText(null),
                texts,
                "base64".equals(tree.path("encoding_format").asText()),
                dimensions != null && dimensions.canConvertToInt() ? dimensions.intValue() : null,
                tree);
    }

    /**
     * OpenAI's answer: one {@code embedding} per vector, in input order; each vector's numbers as the
     * provider sent them, or, for {@code base64}, as little-endian float32s, base64-encoded (OpenAI's
     * encoding).
     *
     * @param vectors      JSON arrays of numbers
     * @param promptTokens the input tokens the provider reported (0 when it reports none)
     */
    public static byte[] answer(String model, List<JsonNode> vectors, boolean base64, long promptTokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + vectors.size() * 4096);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("object", "list");
            g.writeArrayFieldStart("data");
            for (int i = 0; i < vectors.size(); i++) {
                JsonNode vector = vectors.get(i);
                g.writeStartObject();
                g.writeStringField("object", "embedding");
                g.writeNumberField("index", i);
                g.writeFieldName("embedding");
                if (base64) {
                    ByteBuffer bytes = ByteBuffer.allocate(vector.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
                    for (JsonNode n : vector) {
                        bytes.putFloat(n.floatValue());
                    }
                    g.writeString(Base64.getEncoder().encodeToString(bytes.array()));
                } else {
                    g.writeTree(vector);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("model", model);
            g.writeObjectFieldStart("usage");
            g.writeNumberField("prompt_tokens", promptTokens);
            g.writeNumberField("total_tokens", promptTokens);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A 502 for a 2xx answer that does not hold the embeddings it should. */
    public static GatewayException malformed(String providerId, String what) {
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                "The provider " + providerId + " answered with embeddings Jetway cannot read: " + what + ".",
                null,
                "invalid_upstream_answer");
    }

    /** A request body built as a tree, as bytes. */
    public static byte[] bytes(JsonNode body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer's JSON, or a 502. */
    public static JsonNode parse(String providerId, byte[] body) {
        try {
            JsonNode tree = Json.MAPPER.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw malformed(providerId, "not a JSON object");
            }
            return tree;
        } catch (IOException e) {
            throw malformed(providerId, "not valid JSON");
        }
    }
}
