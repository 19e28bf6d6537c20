package io.jetway.gateway.provider.conformance;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.anthropic.AnthropicSpec;
import io.jetway.gateway.provider.bedrock.SmithyValidator;
import io.jetway.gateway.provider.cohere.CohereSpec;
import io.jetway.gateway.provider.google.ProtoJsonValidator;
import io.jetway.gateway.provider.workersai.WorkersAiSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Every upstream body a provider produces, checked against that provider's published schema:
 * <ul>
 *   <li>{@code openai}, {@code azure-openai}: OpenAI's OpenAPI spec, {@code POST /chat/completions}
 *       ({@code providers/openai/chat-completions.openapi.json}, restated in 3.0 terms by
 *       {@link OpenApi31}), with swagger-request-validator; fields the spec does not name are not
 *       errors, as these providers get the caller's fields as sent;</li>
 *   <li>{@code anthropic}: Anthropic's OpenAPI spec, {@code POST /v1/messages} ({@link AnthropicSpec});
 *       Claude on {@code vertex-ai} the same, after Vertex AI's two documented differences are undone
 *       (the model is in the URL, not the body; {@code anthropic_version} is in the body:
 *       https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude);</li>
 *   <li>{@code cohere}: Cohere's OpenAPI spec, {@code POST /v2/chat} ({@link CohereSpec});</li>
 *   <li>{@code google} and Gemini on {@code vertex-ai}: the message tree of Google's
 *       {@code GenerateContentRequest} protobuf descriptors ({@link ProtoJsonValidator});</li>
 *   <li>{@code bedrock}: the Smithy model of {@code ConverseRequest} / {@code ConverseStreamRequest}
 *       ({@link SmithyValidator});</li>
 *   <li>{@code workers-ai}: Cloudflare's published input schema of a text generation model as the run
 *       operation ({@link WorkersAiSpec}).</li>
 * </ul>
 */
public final class UpstreamSchemas {

    /**
     * Unknown fields are not errors for OpenAI's schema: OpenAI-format providers get the caller's
     * fields as sent (open world).
     */
    private static final String ADDITIONAL_PROPERTIES = "validation.request.body.schema.additionalProperties";

    private static final String GEMINI_REQUEST = "google.ai.generativelanguage.v1beta.GenerateContentRequest";
    private static OpenApiInteractionValidator openAi;
    private static ProtoJsonValidator gemini;
    private static SmithyValidator bedrock;

    private UpstreamSchemas() {}

    /** What in {@code request}'s body breaks {@code provider}'s schema; empty when it validates. */
    public static List<String> problems(String provider, ProviderRequest request) {
        return problems(provider, request.uri().getPath(), request.body());
    }

    /** The same for a body sent to {@code path} (Vertex AI's path names the publisher; Bedrock's the operation). */
    public static List<String> problems(String provider, String path, byte[] body) {
        return switch (provider) {
            case "openai", "azure-openai" -> openAiProblems(body);
            case "anthropic" -> AnthropicSpec.messagesRequestProblems(body);
            case "cohere" ->
                CohereSpec.validateRequest(body).getMessages().stream()
                        .map(m -> m.getKey() + ": " + m.getMessage())
                        .toList();
            case "google" -> gemini().validate(tree(body), GEMINI_REQUEST);
            case "vertex-ai" ->
                path.contains("/publishers/anthropic/")
                        ? AnthropicSpec.messagesRequestProblems(asMessagesApi(body, path))
                        : gemini().validate(tree(body), GEMINI_REQUEST);
            case "bedrock" ->
                bedrock()
                        .validate(
                                tree(body),
                                path.endsWith("/converse-stream")
                                        ? "com.amazonaws.bedrockruntime#ConverseStreamRequest"
                                        : "com.amazonaws.bedrockruntime#ConverseRequest");
            case "workers-ai" ->
                WorkersAiSpec.validateRequest(body).getMessages().stream()
                        .map(m -> m.getKey() + ": " + m.getMessage())
                        .toList();
            default -> throw new IllegalArgumentException("no published schema known for " + provider);
        };
    }

    /** A rawPredict body as the Messages API takes it: the URL's model in, {@code anthropic_version} out. */
    private static byte[] asMessagesApi(byte[] body, String path) {
        ObjectNode tree = (ObjectNode) tree(body);
        String model = path.substring(path.lastIndexOf("/models/") + "/models/".length());
        tree.put("model", model.substring(0, model.indexOf(':')));
        tree.remove("anthropic_version");
        return tree.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> openAiProblems(byte[] body) {
        return openAi()
                .validateRequest(SimpleRequest.Builder.post("/chat/completions")
                        .withContentType("application/json")
                        .withAuthorization("Bearer sk-test")
                        .withBody(new String(body, StandardCharsets.UTF_8))
                        .build())
                .getMessages()
                .stream()
                .filter(m -> !m.getKey().equals(ADDITIONAL_PROPERTIES))
                .map(m -> m.getKey() + ": " + m.getMessage())
                .toList();
    }

    private static synchronized OpenApiInteractionValidator openAi() {
        if (openAi == null) {
            ObjectNode spec = (ObjectNode) resource("/providers/openai/chat-completions.openapi.json");
            OpenApi31.to30(spec);
            for (int depth = 0; depth < 4; depth++) { // parts that are themselves allOf merge first
                OpenApi31.mergeAllOf(spec, (ObjectNode) spec.path("components").path("schemas"));
            }
            spec.put("openapi", "3.0.3");
            openAi = OpenApiInteractionValidator.createForInlineApiSpecification(spec.toString())
                    .build();
        }
        return openAi;
    }

    private static synchronized ProtoJsonValidator gemini() {
        if (gemini == null) {
            gemini = new ProtoJsonValidator(resource("/providers/google/generativelanguage-protos.json"));
        }
        return gemini;
    }

    private static synchronized SmithyValidator bedrock() {
        if (bedrock == null) {
            bedrock = SmithyValidator.load("/providers/bedrock/bedrock-runtime-converse.smithy.json");
        }
        return bedrock;
    }

    private static JsonNode tree(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode resource(String path) {
        try (InputStream in = UpstreamSchemas.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + path);
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
