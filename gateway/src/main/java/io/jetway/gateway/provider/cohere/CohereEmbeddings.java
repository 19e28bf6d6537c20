package io.jetway.gateway.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.UpstreamHeaders;
import io.jetway.gateway.provider.common.Embeddings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenAI embeddings to Cohere's Embed API v2 ({@code POST {base}/v2/embed},
 * https://docs.cohere.com/reference/embed) and back. {@code input} becomes {@code texts},
 * {@code dimensions} {@code output_dimension}; floats are always asked for
 * ({@code embedding_types: ["float"]}) and encoded for {@code base64} here, since Cohere's own
 * {@code base64} type is not OpenAI's encoding. Cohere requires {@code input_type} for its v3+
 * models: the caller's is passed on, else {@code search_document}, as LiteLLM defaults it
 * ({@code litellm/llms/cohere/embed/transformation.py}); {@code truncate} is passed on too.
 * Usage is Cohere's {@code meta.billed_units.input_tokens}.
 */
final class CohereEmbeddings {

    static final String PATH = "/v2/embed";

    private CohereEmbeddings() {}

    static ProviderRequest prepare(ProviderCall call, String base) {
        Target target = call.target();
        Embeddings.Request request = Embeddings.read(call, CohereProvider.ID);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", request.model());
        body.set("texts", Json.MAPPER.valueToTree(request.texts()));
        JsonNode inputType = request.tree().get("input_type");
        body.put("input_type", inputType != null && inputType.isTextual() ? inputType.textValue() : "search_document");
        body.putArray("embedding_types").add("float");
        if (request.dimensions() != null) {
            body.put("output_dimension", request.dimensions());
        }
        JsonNode truncate = request.tree().get("truncate");
        if (truncate != null && truncate.isTextual()) {
            body.put("truncate", truncate.textValue());
        }
        Map<String, String> headers = UpstreamHeaders.start(call);
        if (target.apiKey() != null) {
            headers.put("authorization", "Bearer " + target.apiKey());
        }
        List<String> dropped = new ArrayList<>(1);
        if (request.tree().has("user")) {
            dropped.add("user");
        }
        return new ProviderRequest(URI.create(base + PATH), headers, Embeddings.bytes(body), dropped);
    }

    static byte[] map(ProviderCall call, byte[] upstreamBody) {
        JsonNode answer = Embeddings.parse(CohereProvider.ID, upstreamBody);
        JsonNode floats = answer.path("embeddings").path("float");
        if (!floats.isArray()) {
            throw Embeddings.malformed(CohereProvider.ID, "no embeddings.float");
        }
        List<JsonNode> vectors = new ArrayList<>(floats.size());
        floats.forEach(vectors::add);
        Embeddings.Request request = Embeddings.read(call, CohereProvider.ID);
        return Embeddings.answer(
                request.model(),
                vectors,
                request.base64(),
                answer.path("meta").path("billed_units").path("input_tokens").asLong(0));
    }
}
