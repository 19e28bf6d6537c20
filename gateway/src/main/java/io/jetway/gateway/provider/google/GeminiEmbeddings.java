package io.jetway.gateway.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.common.Embeddings;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI embeddings to Gemini's {@code models/{model}:batchEmbedContents}
 * (https://ai.google.dev/api/embeddings#method:-models.batchembedcontents) and back: one
 * {@code EmbedContentRequest} per input text, {@code dimensions} as {@code outputDimensionality},
 * a caller's {@code task_type} as {@code taskType}. Gemini reports no token usage for embeddings:
 * the answer's usage is 0.
 */
final class GeminiEmbeddings {

    static final String METHOD = ":batchEmbedContents";

    private GeminiEmbeddings() {}

    /** The request body; {@code resourceName} is {@code models/{model}}. */
    static byte[] body(Embeddings.Request request, String resourceName) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        var requests = body.putArray("requests");
        JsonNode taskType = request.tree().get("task_type");
        for (String text : request.texts()) {
            ObjectNode one = requests.addObject();
            one.put("model", resourceName);
            one.putObject("content").putArray("parts").addObject().put("text", text);
            if (taskType != null && taskType.isTextual()) {
                one.put("taskType", taskType.textValue());
            }
            if (request.dimensions() != null) {
                one.put("outputDimensionality", request.dimensions());
            }
        }
        return Embeddings.bytes(body);
    }

    static byte[] map(ProviderCall call, String providerId, byte[] upstreamBody) {
        JsonNode embeddings = Embeddings.parse(providerId, upstreamBody).path("embeddings");
        if (!embeddings.isArray()) {
            throw Embeddings.malformed(providerId, "no embeddings");
        }
        List<JsonNode> vectors = new ArrayList<>(embeddings.size());
        for (JsonNode e : embeddings) {
            JsonNode values = e.path("values");
            if (!values.isArray()) {
                throw Embeddings.malformed(providerId, "an embedding without values");
            }
            vectors.add(values);
        }
        Embeddings.Request request = Embeddings.read(call, providerId);
        return Embeddings.answer(request.model(), vectors, request.base64(), 0);
    }
}
