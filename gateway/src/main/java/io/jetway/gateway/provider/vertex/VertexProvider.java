package io.jetway.gateway.provider.vertex;

import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Translation;
import io.jetway.gateway.provider.UpstreamHeaders;
import io.jetway.gateway.provider.anthropic.AnthropicParams;
import io.jetway.gateway.provider.anthropic.AnthropicReader;
import io.jetway.gateway.provider.anthropic.AnthropicRequestMapper;
import io.jetway.gateway.provider.google.GeminiErrorMapper;
import io.jetway.gateway.provider.google.GeminiParams;
import io.jetway.gateway.provider.google.GeminiReader;
import io.jetway.gateway.provider.google.GeminiRequestMapper;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code vertex-ai}: Gemini and Claude models on Vertex AI. Base URL
 * {@code https://{region}-aiplatform.googleapis.com} ({@code https://aiplatform.googleapis.com} for
 * the {@code global} location; a custom host replaces exactly that), then
 * {@code /v1/projects/{project}/locations/{region}/publishers/{publisher}/models/{model}:{method}}.
 * Base and path are split as Portkey splits them (Portkey-AI/gateway
 * {@code src/providers/google-vertex-ai/api.ts}: {@code getBaseURL} is the bare host,
 * {@code getEndpoint} starts with {@code /v1/projects/…}), so a Portkey config's custom host reaches
 * the same URL.
 * The model decides the publisher ({@link VertexModel}):
 * <ul>
 *   <li>Gemini ({@code google}): {@code :generateContent} (or
 *       {@code :streamGenerateContent?alt=sse}); body, answers, streams and errors are the Gemini
 *       API's, so the {@code google} mappers are reused.</li>
 *   <li>Claude ({@code claude-*}, {@code anthropic.…}): {@code :rawPredict} (or
 *       {@code :streamRawPredict}); body, answers and streams are Anthropic's Messages API's, so
 *       the {@code anthropic} mappers are reused, with the model in the URL and
 *       {@code anthropic_version} in the body ({@link VertexAnthropicRequestMapper}); errors
 *       come in Anthropic's or Google's shape ({@link VertexAnthropicErrorMapper}). No
 *       {@code anthropic-version} header is sent
 *       (https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude).</li>
 * </ul>
 * Other publishers' models are refused with a 400.
 *
 * <p>Settings: {@code x-portkey-vertex-project-id} (else the service account's {@code project_id}),
 * {@code x-portkey-vertex-region} (default {@value #DEFAULT_REGION}). Credentials, the same for
 * every publisher: {@code x-portkey-vertex-service-account-json}, exchanged for an access token
 * by the injected {@link VertexTokenSource} (this is the only I/O while preparing, done last,
 * once everything else is validated), else the {@code Authorization} bearer token, sent as it is.
 */
public final class VertexProvider implements Provider {

    public static final String ID = "vertex-ai";
    /** Vertex SDKs' default location. */
    public static final String DEFAULT_REGION = "us-central1";

    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    /** Project ids, including domain-scoped ones ({@code example.com:my-project}). */
    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:_-]*");

    /** A publisher's request body, the fields it could not take, and how its answer is read. */
    private record MappedBody(byte[] bytes, List<String> dropped, Translation.Reader reader) {}

    private final VertexTokenSource tokens;
    private final GeminiRequestMapper requestMapper = new GeminiRequestMapper();

    public VertexProvider(VertexTokenSource tokens) {
        this.tokens = tokens;
    }

    /** The production provider: service-account tokens fetched from endpoints {@code hosts} allows. */
    public static VertexProvider create(io.jetway.gateway.upstream.CustomHostPolicy hosts, java.time.Clock clock) {
        return new VertexProvider(ServiceAccountTokenSource.create(hosts, clock));
    }

    @Override
    public String id() {
        return ID;
    }

    /** Gemini takes {@code n} (as {@code candidateCount}); Claude answers one choice per call. */
    @Override
    public boolean supportsN(ProviderCall call) {
        return publisher(call) == VertexModel.Publisher.GOOGLE;
    }

    @Override
    public Translation translate(ProviderCall call) {
        Target target = call.target();
        CreateChatCompletionRequest req = call.effective().body();
        VertexModel model = VertexModel.parse(req.getModel());

        Location at = locate(target);
        URI uri = URI.create(at.prefix() + model.path(call.request().stream()));
        MappedBody body = switch (model.publisher()) {
            case GOOGLE -> {
                GeminiRequestMapper.Mapped mapped = requestMapper.map(req, target.strictOpenAiCompliance());
                yield new MappedBody(
                        mapped.body(),
                        GeminiParams.TABLE.dropped(call.effective(), mapped.dropped()),
                        new GeminiReader(ID, AnswerPlan.of(call)));
            }
            case ANTHROPIC -> {
                AnthropicRequestMapper.Mapped mapped = VertexAnthropicRequestMapper.map(call);
                yield new MappedBody(
                        mapped.body(),
                        AnthropicParams.TABLE.dropped(call.effective(), mapped.dropped()),
                        new VertexAnthropicReader(new AnthropicReader(AnswerPlan.of(call), mapped.jsonOutput())));
            }
        };

        return Translation.of(
                new ProviderRequest(
                        uri, authorized(UpstreamHeaders.start(call), target, at), body.bytes(), body.dropped()),
                body.reader());
    }

    /**
     * Embeddings on Google's text embedding models: {@code …/publishers/google/models/{model}:predict}
     * ({@link VertexEmbeddings}), with the location and credentials of chat.
     */
    @Override
    public ProviderRequest prepareEmbeddings(ProviderCall call) {
        Target target = call.target();
        io.jetway.gateway.provider.common.Embeddings.Request request =
                io.jetway.gateway.provider.common.Embeddings.read(call, ID);
        VertexModel model = VertexModel.parse(request.model());
        if (model.publisher() != VertexModel.Publisher.GOOGLE) {
            throw GatewayException.invalidRequest(
                    "vertex-ai embeds with Google's embedding models (e.g. "
                            + "text-embedding-005, gemini-embedding-001), not '" + request.model() + "'.",
                    "model");
        }
        Location at = locate(target);
        URI uri = URI.create(at.prefix() + "/publishers/google/models/" + model.id() + VertexEmbeddings.METHOD);
        return new ProviderRequest(
                uri,
                authorized(UpstreamHeaders.start(call), target, at),
                VertexEmbeddings.body(request),
                java.util.List.of());
    }

    @Override
    public byte[] mapEmbeddings(ProviderCall call, byte[] upstreamBody) {
        return VertexEmbeddings.map(call, upstreamBody);
    }

    @Override
    public java.util.Set<io.jetway.gateway.core.Endpoint> endpoints() {
        return java.util.Set.of(io.jetway.gateway.core.Endpoint.CHAT, io.jetway.gateway.core.Endpoint.EMBEDDINGS);
    }

    /** Where a call goes: {@code {base}/v1/projects/{project}/locations/{region}}, and the service account, if any. */
    private record Location(String prefix, ServiceAccount account) {}

    /** The project, region and credentials of {@code target}, checked (400s and 401s naming what to send). */
    private static Location locate(Target target) {
        String region = target.option(ProviderOption.VERTEX_REGION);
        region = region == null ? DEFAULT_REGION : region.strip().toLowerCase(Locale.ROOT);
        if (!REGION.matcher(region).matches()) {
            throw GatewayException.invalidRequest(
                    "The Vertex region '" + region + "' is not valid (e.g. us-central1 " + "or global).",
                    ProviderOption.VERTEX_REGION.header());
        }
        String json = target.option(ProviderOption.VERTEX_SERVICE_ACCOUNT_JSON);
        ServiceAccount account = json == null ? null : ServiceAccount.parse(json);
        String project = target.option(ProviderOption.VERTEX_PROJECT_ID);
        if (project == null && account != null) {
            project = account.projectId();
        }
        if (project == null) {
            throw GatewayException.invalidRequest(
                    "vertex-ai needs the Google Cloud project: set the "
                            + "x-portkey-vertex-project-id header (or vertex_project_id in the config).",
                    ProviderOption.VERTEX_PROJECT_ID.header());
        }
        project = project.strip();
        if (!PROJECT.matcher(project).matches()) {
            throw GatewayException.invalidRequest(
                    "The Vertex project id '" + project + "' is not valid.", ProviderOption.VERTEX_PROJECT_ID.header());
        }
        if (account == null && target.apiKey() == null && target.customHost() == null) {
            throw new GatewayException(
                    401,
                    GatewayException.AUTHENTICATION,
                    "vertex-ai needs credentials: send "
                            + "Authorization: Bearer <access token>, or a service account key in "
                            + "x-portkey-vertex-service-account-json.",
                    "Authorization",
                    "missing_api_key");
        }

        String base = target.customHost() != null ? target.customHost().toString() : baseUrl(region);
        return new Location(base + "/v1/projects/" + project + "/locations/" + region, account);
    }

    private Map<String, String> authorized(Map<String, String> headers, Target target, Location at) {
        if (at.account() != null) {
            headers.put("authorization", "Bearer " + tokens.accessToken(at.account()));
        } else if (target.apiKey() != null) {
            headers.put("authorization", "Bearer " + target.apiKey());
        }
        return headers;
    }

    /** {@code https://{region}-aiplatform.googleapis.com}, or the global endpoint. */
    public static String baseUrl(String region) {
        return "global".equals(region)
                ? "https://aiplatform.googleapis.com"
                : "https://" + region + "-aiplatform.googleapis.com";
    }

    /** Claude models take Anthropic's Messages natively, through rawPredict. */
    @Override
    public boolean messagesNative(ProviderCall call) {
        return publisher(call) == VertexModel.Publisher.ANTHROPIC;
    }

    /**
     * The caller's Messages body to Claude's {@code :rawPredict} (or {@code :streamRawPredict}), with
     * the changes Vertex documents (https://docs.claude.com/en/api/claude-on-vertex-ai): no
     * {@code model} (it is in the URL), {@code anthropic_version: vertex-2023-10-16} in the body, the
     * beta flags as {@code anthropic_beta} in the body ({@link VertexAnthropicRequestMapper} says why);
     * the answer and the stream relayed (Google's errors inside the stream caught as for chat).
     */
    @Override
    public Translation translateMessages(ProviderCall call) {
        Target target = call.target();
        VertexModel model = VertexModel.parse(call.effective().model());
        Location at = locate(target);
        URI uri = URI.create(at.prefix() + model.path(call.request().stream()));
        com.fasterxml.jackson.databind.node.ObjectNode body = call.effective().mutableTree();
        body.remove("model");
        if (call.request().stream()) {
            body.put("stream", true);
        } else {
            body.remove("stream");
        }
        String version = target.option(ProviderOption.ANTHROPIC_VERSION);
        body.put(
                "anthropic_version",
                version != null && version.strip().startsWith("vertex-")
                        ? version.strip()
                        : VertexAnthropicRequestMapper.VERSION);
        List<String> betas = VertexAnthropicRequestMapper.betas(target.option(ProviderOption.ANTHROPIC_BETA));
        if (!betas.isEmpty() && !body.has("anthropic_beta")) {
            com.fasterxml.jackson.databind.node.ArrayNode array = body.putArray("anthropic_beta");
            betas.forEach(array::add);
        }
        return Translation.of(
                new ProviderRequest(
                        uri,
                        authorized(UpstreamHeaders.start(call), target, at),
                        io.jetway.gateway.provider.common.Embeddings.bytes(body),
                        List.of()),
                io.jetway.gateway.provider.anthropic.MessagesRelay.reader(
                        VertexAnthropicErrorMapper::map,
                        (request, response, facts) -> io.jetway.gateway.provider.SseChunkSource.of(
                                request,
                                response,
                                new VertexAnthropicStreamMapper(
                                        new io.jetway.gateway.provider.anthropic.MessagesRelay(facts, ID)))));
    }

    @Override
    public GatewayException mapError(ProviderCall call, int status, byte[] body, Function<String, String> headers) {
        return switch (publisher(call)) {
            case GOOGLE -> GeminiErrorMapper.map(ID, status, body, headers);
            case ANTHROPIC -> VertexAnthropicErrorMapper.map(status, body, headers);
        };
    }

    /** The publisher of the call's model, override_params' model taking precedence as in {@link #translate}. */
    static VertexModel.Publisher publisher(ProviderCall call) {
        return VertexModel.publisherOf(call.effective().model());
    }
}
