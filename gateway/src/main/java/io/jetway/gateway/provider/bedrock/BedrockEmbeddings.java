package io.jetway.gateway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.bedrock.sigv4.SigV4;
import io.jetway.gateway.provider.common.Embeddings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OpenAI embeddings on Bedrock through InvokeModel ({@code POST {base}/model/{modelId}/invoke}, signed
 * as chat's calls are), for the two embedding families Bedrock documents:
 * <ul>
 *   <li>Amazon Titan Text Embeddings ({@code amazon.titan-embed-text-v2:0}, {@code -v1};
 *       https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html):
 *       one text per call, {@code {"inputText"}} (v2 also {@code dimensions}, 256/512/1024); the answer's
 *       {@code embedding} and {@code inputTextTokenCount} (usage). An array of several texts is a 400:
 *       Titan embeds one text per call.</li>
 *   <li>Cohere Embed ({@code cohere.embed-english-v3}, {@code cohere.embed-multilingual-v3},
 *       {@code cohere.embed-v4:0}; https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html):
 *       {@code texts}, {@code input_type} (the caller's, else {@code search_document}, as for Cohere's
 *       own API), {@code embedding_types: ["float"]}, {@code truncate} passed on, {@code dimensions} as
 *       {@code output_dimension} (v4); the answer's {@code embeddings.float} (or, from models that
 *       ignore {@code embedding_types}, {@code embeddings}). Bedrock's Cohere answer reports no token
 *       count: usage 0.</li>
 * </ul>
 * Other models are a 400 naming these. {@code base64} is encoded by the gateway, as for the other
 * translated providers.
 */
final class BedrockEmbeddings {

    private enum Family {
        TITAN,
        COHERE
    }

    private BedrockEmbeddings() {}

    private static Family family(String model) {
        String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
        if (m.contains("amazon.titan-embed")) {
            return Family.TITAN;
        }
        if (m.contains("cohere.embed")) {
            return Family.COHERE;
        }
        throw GatewayException.invalidRequest(
                "bedrock embeds with Amazon Titan Text Embeddings "
                        + "(amazon.titan-embed-text-v2:0) and Cohere Embed (cohere.embed-english-v3, "
                        + "cohere.embed-multilingual-v3, cohere.embed-v4:0), not '" + model + "'.",
                "model");
    }

    static ProviderRequest prepare(ProviderCall call) {
        Embeddings.Request request = Embeddings.read(call, BedrockProvider.ID);
        String model = request.model();
        ObjectNode body = Json.MAPPER.createObjectNode();
        List<String> dropped = new ArrayList<>(2);
        switch (family(model)) {
            case TITAN -> {
                if (request.texts().size() != 1) {
                    throw GatewayException.invalidRequest(
                            model + " embeds one text per call: send `input` as one "
                                    + "string (Cohere Embed on bedrock takes up to 96).",
                            "input");
                }
                body.put("inputText", request.texts().getFirst());
                if (request.dimensions() != null) {
                    if (model.toLowerCase(Locale.ROOT).contains("titan-embed-text-v1")) {
                        dropped.add("dimensions");
                    } else {
                        body.put("dimensions", request.dimensions());
                    }
                }
            }
            case COHERE -> {
                body.set("texts", Json.MAPPER.valueToTree(request.texts()));
                JsonNode inputType = request.tree().get("input_type");
                body.put(
                        "input_type",
                        inputType != null && inputType.isTextual() ? inputType.textValue() : "search_document");
                body.putArray("embedding_types").add("float");
                JsonNode truncate = request.tree().get("truncate");
                if (truncate != null && truncate.isTextual()) {
                    body.put("truncate", truncate.textValue());
                }
                if (request.dimensions() != null) {
                    body.put("output_dimension", request.dimensions());
                }
            }
        }
        if (request.tree().has("user")) {
            dropped.add("user");
        }
        String region = BedrockProvider.region(call.target());
        URI uri = URI.create(BedrockProvider.base(call.target(), region) + "/model/" + SigV4.encode(model) + "/invoke");
        byte[] bytes = Embeddings.bytes(body);
        Map<String, String> headers = BedrockProvider.signedHeaders(call, uri, region, bytes);
        return new ProviderRequest(uri, headers, bytes, dropped);
    }

    static byte[] map(ProviderCall call, byte[] upstreamBody) {
        Embeddings.Request request = Embeddings.read(call, BedrockProvider.ID);
        JsonNode answer = Embeddings.parse(BedrockProvider.ID, upstreamBody);
        List<JsonNode> vectors = new ArrayList<>();
        long tokens = 0;
        switch (family(request.model())) {
            case TITAN -> {
                JsonNode vector = answer.path("embedding");
                if (!vector.isArray()) {
                    throw Embeddings.malformed(BedrockProvider.ID, "no embedding");
                }
                vectors.add(vector);
                tokens = answer.path("inputTextTokenCount").asLong(0);
            }
            case COHERE -> {
                JsonNode embeddings = answer.path("embeddings");
                JsonNode floats = embeddings.isObject() ? embeddings.path("float") : embeddings;
                if (!floats.isArray()) {
                    throw Embeddings.malformed(BedrockProvider.ID, "no embeddings");
                }
                floats.forEach(vectors::add);
            }
        }
        return Embeddings.answer(request.model(), vectors, request.base64(), tokens);
    }
}
