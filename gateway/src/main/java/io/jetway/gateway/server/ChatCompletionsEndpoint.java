package io.jetway.gateway.server;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.HeaderValues;
import io.jetway.gateway.core.IdGenerator;
import io.jetway.gateway.core.PortkeyHeaders;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.pipeline.GatewayAuth;
import io.jetway.gateway.pipeline.Pipeline;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.server.stub.ChatService;
import io.jetway.server.stub.ValidatorUtils;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code POST /v1/chat/completions}, implementing the generated {@link ChatService}. The caller is
 * authenticated first, from the headers ({@link GatewayAuth}), before the generated operation helper
 * reads anything of the body. That helper is specialised so that the body is read once as bytes
 * (kept for faithful forwarding) and parsed strictly, and so that malformed headers are 400s, not 500s.
 */
public final class ChatCompletionsEndpoint extends ChatService {

    private final RequestParser parser;
    private final IdGenerator ids;
    /** Authentication and the run of the pipeline, shared with the embeddings and models endpoints. */
    private final PipelineCalls calls;

    public ChatCompletionsEndpoint(
            GatewayAuth auth,
            Consumer<String> authRefused,
            RequestParser parser,
            Pipeline pipeline,
            ResponseWriter writer,
            IdGenerator ids,
            Clock clock) {
        this.parser = parser;
        this.ids = ids;
        this.calls = new PipelineCalls(auth, authRefused, pipeline, writer, ids, clock);
    }

    /**
     * Authenticates, then lets the generated helper read the body and the headers. A 401 is thrown
     * before the body is touched (the server then drops what the client still sends, unparsed, or closes
     * the connection when that is more than a little).
     */
    @Override
    protected void createChatCompletion(ServerRequest request, ServerResponse response) {
        // Refused before the pipeline, so its observation never sees it: counted there, so that
        // guessing at keys shows on /metrics (jetway_auth_failures_total{code}).
        calls.authenticate(request);
        super.createChatCompletion(request, response);
    }

    @Override
    protected CreateChatCompletionOp createCreateChatCompletionOp() {
        return new CreateChatCompletionOp() {
            @Override
            protected CreateChatCompletionRequest createChatCompletionRequest(
                    ServerRequest request, ValidatorUtils.Validator validator) {
                byte[] raw = PipelineCalls.body(request);
                String contentType =
                        request.headers().first(HeaderNames.CONTENT_TYPE).orElse(null);
                ChatRequest parsed = parser.parse(contentType, raw);
                request.context().register(parsed);
                return parsed.body();
            }

            @Override
            protected Optional<Long> xPortkeyRequestTimeout(ServerRequest request, ValidatorUtils.Validator validator) {
                return request.headers().first(REQUEST_TIMEOUT).map(ChatCompletionsEndpoint::requestTimeout);
            }

            @Override
            protected Optional<Boolean> xPortkeyCacheForceRefresh(
                    ServerRequest request, ValidatorUtils.Validator validator) {
                return bool(request, CACHE_FORCE_REFRESH);
            }

            @Override
            protected Optional<Boolean> xPortkeyStrictOpenAiCompliance(
                    ServerRequest request, ValidatorUtils.Validator validator) {
                return bool(request, STRICT_OPEN_AI_COMPLIANCE);
            }
        };
    }

    /** {@code x-portkey-request-timeout}: milliseconds, or a 400 saying what to send. */
    static long requestTimeout(String v) {
        try {
            long ms = Long.parseLong(v.strip());
            if (ms > 0 && ms <= Target.MAX_REQUEST_TIMEOUT_MS) {
                return ms;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw GatewayException.invalidRequest(
                "x-portkey-request-timeout must be a positive number of "
                        + "milliseconds, at most " + Target.MAX_REQUEST_TIMEOUT_MS + " (1 hour), not '"
                        + (v.length() <= 40 ? v : v.substring(0, 40) + "…") + "'.",
                "x-portkey-request-timeout");
    }

    /** {@code POST /v1/embeddings}, sharing this endpoint's authentication, parser, pipeline and writer. */
    public EmbeddingsEndpoint embeddings() {
        return new EmbeddingsEndpoint(calls, parser);
    }

    /** {@code POST /v1/messages}, sharing this endpoint's authentication, parser and pipeline; errors Anthropic's. */
    public MessagesEndpoint messages() {
        return new MessagesEndpoint(calls.anthropic(), parser);
    }

    /** {@code GET /v1/models}, sharing this endpoint's authentication, pipeline and writer. */
    public ModelsEndpoint models() {
        return new ModelsEndpoint(calls);
    }

    static Optional<Boolean> bool(ServerRequest request, HeaderName header) {
        return request.headers().first(header).map(v -> switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default ->
                throw GatewayException.invalidRequest(
                        header.lowerCase() + " must be true or false, not '" + v + "'.", header.lowerCase());
        });
    }

    @Override
    protected void handleCreateChatCompletion(
            ServerRequest request,
            ServerResponse response,
            CreateChatCompletionRequest body,
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

        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        put(options, ProviderOption.OPENAI_ORGANIZATION, xPortkeyOpenaiOrganization);
        put(options, ProviderOption.OPENAI_PROJECT, xPortkeyOpenaiProject);
        put(options, ProviderOption.AZURE_RESOURCE_NAME, xPortkeyAzureResourceName);
        put(options, ProviderOption.AZURE_DEPLOYMENT_ID, xPortkeyAzureDeploymentId);
        put(options, ProviderOption.AZURE_API_VERSION, xPortkeyAzureApiVersion);
        put(options, ProviderOption.AZURE_MODEL_NAME, xPortkeyAzureModelName);
        put(options, ProviderOption.AZURE_AD_TOKEN, xPortkeyAzureAdToken);
        put(options, ProviderOption.AWS_ACCESS_KEY_ID, xPortkeyAwsAccessKeyId);
        put(options, ProviderOption.AWS_SECRET_ACCESS_KEY, xPortkeyAwsSecretAccessKey);
        put(options, ProviderOption.AWS_SESSION_TOKEN, xPortkeyAwsSessionToken);
        put(options, ProviderOption.AWS_REGION, xPortkeyAwsRegion);
        put(options, ProviderOption.VERTEX_PROJECT_ID, xPortkeyVertexProjectId);
        put(options, ProviderOption.VERTEX_REGION, xPortkeyVertexRegion);
        put(options, ProviderOption.VERTEX_SERVICE_ACCOUNT_JSON, xPortkeyVertexServiceAccountJson);
        put(options, ProviderOption.ANTHROPIC_VERSION, xPortkeyAnthropicVersion);
        put(options, ProviderOption.ANTHROPIC_BETA, xPortkeyAnthropicBeta);
        put(options, ProviderOption.WORKERS_AI_ACCOUNT_ID, xPortkeyWorkersAiAccountId);

        List<String> forward = xPortkeyForwardHeaders
                .map(v -> Arrays.stream(v.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .orElse(null);
        PortkeyHeaders headers = new PortkeyHeaders(
                xPortkeyProvider.orElse(null),
                xPortkeyConfig.orElse(null),
                xPortkeyVirtualKey.orElse(null),
                xPortkeyApiKey.orElse(null),
                providerKey(request),
                xPortkeyCustomHost.orElse(null),
                xPortkeyTraceId.orElse(null),
                xPortkeySpanId.orElse(null),
                xPortkeyParentSpanId.orElse(null),
                xPortkeySpanName.orElse(null),
                xPortkeyMetadata.orElse(null),
                xPortkeyCacheForceRefresh.orElse(null),
                xPortkeyCacheNamespace.orElse(null),
                xPortkeyStrictOpenAiCompliance.orElse(null),
                xPortkeyRequestTimeout.orElse(null),
                forward,
                options,
                name -> request.headers().first(HeaderNames.create(name)).orElse(null));

        calls.run(response, request.context().get(ChatRequest.class).orElseThrow(), headers, traceId(request, ids));
    }

    /** The caller's trace id, or a generated one. */
    static String traceId(ServerRequest request, IdGenerator ids) {
        return request.headers().first(TRACE_ID).filter(s -> !s.isBlank()).orElseGet(ids::traceId);
    }

    /**
     * The provider key: the token of {@code Authorization: Bearer …} (the raw value for other
     * schemes), else {@code x-api-key} (Anthropic SDKs send their key there).
     */
    static String providerKey(ServerRequest request) {
        return request.headers()
                .first(HeaderNames.AUTHORIZATION)
                .map(v -> {
                    String s = v.strip();
                    return s.regionMatches(true, 0, "Bearer ", 0, 7)
                            ? s.substring(7).strip()
                            : s;
                })
                .filter(s -> !s.isEmpty())
                .map(s -> headerSafe(s, "authorization"))
                .or(() -> request.headers()
                        .first(X_API_KEY)
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .map(s -> headerSafe(s, "x-api-key")))
                .orElse(null);
    }

    // Header names made once: HeaderNames.create per request showed in the profile.
    private static final HeaderName X_API_KEY = HeaderNames.create("x-api-key");
    private static final HeaderName REQUEST_TIMEOUT = HeaderNames.create("x-portkey-request-timeout");
    private static final HeaderName CACHE_FORCE_REFRESH = HeaderNames.create("x-portkey-cache-force-refresh");
    private static final HeaderName STRICT_OPEN_AI_COMPLIANCE =
            HeaderNames.create("x-portkey-strict-open-ai-compliance");
    private static final HeaderName TRACE_ID = HeaderNames.create("x-portkey-trace-id");

    private static void put(EnumMap<ProviderOption, String> options, ProviderOption option, Optional<String> value) {
        value.filter(v -> !v.isBlank()).ifPresent(v -> {
            if (option.sentUpstreamAsText()) {
                headerSafe(v, option.header());
            }
            options.put(option, v);
        });
    }

    /** A 400 naming the header when its value cannot be sent on upstream (the value is never quoted). */
    static String headerSafe(String value, String header) {
        String problem = HeaderValues.problem(value);
        if (problem != null) {
            throw GatewayException.invalidRequest(
                    header + " cannot be sent on to the provider: it " + problem + ".", header);
        }
        return value;
    }
}
