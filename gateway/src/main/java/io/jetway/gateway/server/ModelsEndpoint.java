package io.jetway.gateway.server;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.Endpoint;
import io.jetway.server.stub.ModelsService;
import io.jetway.server.stub.ValidatorUtils;
import java.util.Optional;

/**
 * {@code GET /v1/models}, implementing the generated {@link ModelsService}: the provider is chosen
 * as for chat (headers, virtual key or config) and its own model list is relayed through the pipeline.
 */
public final class ModelsEndpoint extends ModelsService {

    private static final byte[] NO_BODY = new byte[0];

    private final PipelineCalls calls;

    ModelsEndpoint(PipelineCalls calls) {
        this.calls = calls;
    }

    @Override
    protected void listModels(ServerRequest request, ServerResponse response) {
        calls.authenticate(request);
        super.listModels(request, response);
    }

    @Override
    protected ListModelsOp createListModelsOp() {
        return new ListModelsOp() {
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

    @Override
    protected void handleListModels(
            ServerRequest request,
            ServerResponse response,
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
        calls.answer(request, response, ChatRequest.of(Endpoint.MODELS, NO_BODY, null));
    }
}
