package io.jetway.gateway.provider.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.common.Embeddings;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI embeddings to Vertex AI's text embeddings API ({@code :predict} on a Google embedding model,
 * https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api) and back:
 * one instance per input text ({@code content}; a caller's {@code task_type} passed on),
 * {@code dimensions} as {@code parameters.outputDimensionality}. Usage is the sum of the predictions'
 * {@code statistics.token_count}.
 */
final class VertexEmbeddings {

    static final String METHOD = ":predict";

    private VertexEmbeddings() {}

    static byte[] body(Embeddings.Request request) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        var instances = body.putArray("instances");
        JsonNode taskType = request.tree().get("task_type");
        for (String text : request.texts()) {
            ObjectNode instance = instances.addObject();
            instance.put("content", text);
            if (taskType != null && taskType.isTextual()) {
                instance.put("task_type", taskType.textValue());
            }
        }
        if (request.dimensions() != null) {
            body.putObject("parameters").put("outputDimensionality", request.dimensions());
        }
        return Embeddings.bytes(body);
    }

    static byte[] map(ProviderCall call, byte[] upstreamBody) {
        JsonNode predictions = Embeddings.parse(VertexProvider.ID, upstreamBody).path("predictions");
        if (!predictions.isArray()) {
            throw Embeddings.malformed(VertexProvider.ID, "no predictions");
        }
        List<JsonNode> vectors = new ArrayList<>(predictions.size());
        long tokens = 0;
        for (JsonNode p : predictions) {
            JsonNode values = p.path("embeddings").path("values");
            if (!values.isArray()) {
                throw Embeddings.malformed(VertexProvider.ID, "a prediction without embeddings.values");
            }
            vectors.add(values);
            tokens +=
                    p.path("embeddings").path("statistics").path("token_count").asLong(0);
        }
        Embeddings.Request request = Embeddings.read(call, VertexProvider.ID);
        return Embeddings.answer(request.model(), vectors, request.base64(), tokens);
    }
}
