package io.jetway.gateway.server;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.api.model.AnthropicCreateMessageRequest;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.Endpoint;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.server.stub.MessagesService;
import io.jetway.server.stub.ValidatorUtils;
import java.util.Optional;

/**
 * {@code POST /v1/messages}, Anthropic's Messages API in, implementing the generated
 * {@link MessagesService}: authenticated before the body is read (the gateway key from
 * {@code x-portkey-api-key}; the provider's key from {@code x-api-key} as the Anthropic SDKs send
 * it, or {@code Authorization: Bearer}), the body read once as bytes and checked against the spec
 * (unknown fields kept and forwarded), then the same pipeline as chat. Every error on this path is
 * written in Anthropic's shape ({@link PipelineCalls#anthropic()}, and the server's failure answers).
 */
public final class MessagesEndpoint extends MessagesService {

    private final PipelineCalls calls;
    private final RequestParser parser;

    /** @param calls the pipeline calls in Anthropic's dialect */
    MessagesEndpoint(PipelineCalls calls, RequestParser parser) {
        this.calls = calls;
        this.parser = parser;
    }

    @Override
    protected void createMessage(ServerRequest request, ServerResponse response) {
        calls.authenticate(request);
        super.createMessage(request, response);
    }

    @Override
    protected CreateMessageOp createCreateMessageOp() {
        return new CreateMessageOp() {
            @Override
            protected AnthropicCreateMessageRequest anthropicCreateMessageRequest(
                    ServerRequest request, ValidatorUtils.Validator validator) {
                byte[] raw = PipelineCalls.body(request);
                AnthropicCreateMessageRequest body = parser.parseObject(
                        request.headers().first(HeaderNames.CONTENT_TYPE).orElse(null),
                        raw,
                        AnthropicCreateMessageRequest.class);
                request.context()
                        .register(ChatRequest.of(
                                Endpoint.MESSAGES, raw, body.getModel(), Boolean.TRUE.equals(body.getStream())));
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

    @Override
    protected void handleCreateMessage(
            ServerRequest request,
            ServerResponse response,
            AnthropicCreateMessageRequest body,
            Optional<String> anthropicVersion,
            Optional<String> anthropicBeta,
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
