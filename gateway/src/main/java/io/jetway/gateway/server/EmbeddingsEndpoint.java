package io.jetway.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.api.model.CreateEmbeddingRequest;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.Endpoint;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.server.stub.EmbeddingsService;
import io.jetway.server.stub.ValidatorUtils;
import java.util.Optional;

/**
 * {@code POST /v1/embeddings}, implementing the generated {@link EmbeddingsService}: authenticated
 * before the body is read, the body read once as bytes and checked against the spec (OpenAI's
 * embeddings request; unknown fields are kept and forwarded), then the same pipeline as chat.
 */
public final class EmbeddingsEndpoint extends EmbeddingsService {

    private final PipelineCalls calls;
    private final RequestParser parser;

    EmbeddingsEndpoint(PipelineCalls calls, RequestParser parser) {
        this.calls = calls;
        this.parser = parser;
    }

    @Override
    protected void createEmbedding(ServerRequest request, ServerResponse response) {
        calls.authenticate(request);
        super.createEmbedding(request, response);
    }

    @Override
    protected CreateEmbeddingOp createCreateEmbeddingOp() {
        return new CreateEmbeddingOp() {
            @Override
            protected CreateEmbeddingRequest createEmbeddingRequest(
                    ServerRequest request, ValidatorUtils.Validator validator) {
                byte[] raw = PipelineCalls.body(request);
                CreateEmbeddingRequest body = parser.parseObject(
                        request.headers().first(HeaderNames.CONTENT_TYPE).orElse(null),
                        raw,
                        CreateEmbeddingRequest.class);
                checkInput(body.getInput());
                request.context().register(ChatRequest.of(Endpoint.EMBEDDINGS, raw, body.getModel()));
                return body;
            }

            // Checked when the pipeline reads the headers (PipelineCalls): 400s there, not the generated parse's.
            @Override
            protected Optional<Long> xPortkeyRequestTimeout(ServerRequest request, ValidatorUtils.Validator validator) {
                return Optional.empty();
            }

            @Override
            protected Optional<Boolean> xPortkeyCacheForceRefresh(
                    ServerRequest request, ValidatorUtils.Validator validator) {
                return Optional.empty();
            }

            @Override
            protected Optional<Boolean> xPortkeyStrictOpenAiCompliance(
                    ServerRequest request, ValidatorUtils.Validator validator) {
                return Optional.empty();
            }
        };
    }

    /**
     * OpenAI's {@code input}: a non-empty string, or a non-empty array of strings, of token ids, or of
     * non-empty token-id arrays (not mixed).
     */
    static void checkInput(JsonNode input) {
        if (input == null || input.isNull()) {
            throw GatewayException.invalidRequest(
                    "`input` is required: a string or an array of strings " + "(or of token ids).", "input");
        }
        if (input.isTextual()) {
            if (input.textValue().isEmpty()) {
                throw GatewayException.invalidRequest("`input` must not be an empty string.", "input");
            }
            return;
        }
        if (!input.isArray() || input.isEmpty()) {
            throw GatewayException.invalidRequest(
                    "`input` must be a string or a non-empty array of strings, "
                            + "of token ids, or of token-id arrays.",
                    "input");
        }
        JsonNode first = input.get(0);
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            boolean ok = first.isTextual()
                    ? item.isTextual()
                    : first.isIntegralNumber()
                            ? item.isIntegralNumber()
                            : first.isArray() && item.isArray() && !item.isEmpty() && allIntegral(item);
            if (!ok) {
                throw GatewayException.invalidRequest(
                        "`input[" + i + "]` must be "
                                + (first.isTextual()
                                        ? "a string, like input[0]"
                                        : first.isIntegralNumber()
                                                ? "a token id, like input[0]"
                                                : "a non-empty array of token ids")
                                + ".",
                        "input");
            }
        }
    }

    private static boolean allIntegral(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isIntegralNumber()) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void handleCreateEmbedding(
            ServerRequest request,
            ServerResponse response,
            CreateEmbeddingRequest body,
            Optional<String> xPortkeyProvider,
            Optional<String> xPortkeyConfig,
            Optional<String> xPortkeyVirtualKey,
            Optional<String> xPortkeyApiKey,
            Optional<String> xPortkeyCustomHost,
            Optional<String> xPortkeyTraceId,
            Optional<String> xPortkeySpanId,
            Optional<String> xPortkeyParentSpanId,
            Optional<String> xPortkeySpanName,
            Optional<String> xPortkeyMetadata,
            Optional<Boolean> xPortkeyCacheForceRefresh,
            Optional<String> xPortkeyCacheNamespace,
            Optional<Boolean> xPortkeyStrictOpenAiCompliance,
            Optional<Long> xPortkeyRequestTimeout,
            Optional<String> xPortkeyForwardHeaders,
            Optional<String> xPortkeyOpenaiOrganization,
            Optional<String> xPortkeyOpenaiProject,
            Optional<String> xPortkeyAzureResourceName,
            Optional<String> xPortkeyAzureDeploymentId,
            Optional<String> xPortkeyAzureApiVersion,
            Optional<String> xPortkeyAzureModelName,
            Optional<String> xPortkeyAzureAdToken,
            Optional<String> xPortkeyAwsAccessKeyId,
            Optional<String> xPortkeyAwsSecretAccessKey,
            Optional<String> xPortkeyAwsSessionToken,
            Optional<String> xPortkeyAwsRegion,
            Optional<String> xPortkeyVertexProjectId,
            Optional<String> xPortkeyVertexRegion,
            Optional<String> xPortkeyVertexServiceAccountJson,
            Optional<String> xPortkeyAnthropicVersion,
            Optional<String> xPortkeyAnthropicBeta,
            Optional<String> xPortkeyWorkersAiAccountId) {
        calls.answer(request, response, request.context().get(ChatRequest.class).orElseThrow());
    }
}
