package io.jetway.gateway.provider.vertex;

import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.SseChunkSource;
import io.jetway.gateway.provider.UpstreamHeaders;
import io.jetway.gateway.provider.google.GeminiErrorMapper;
import io.jetway.gateway.provider.google.GeminiRequestMapper;
import io.jetway.gateway.provider.google.GeminiResponseMapper;
import io.jetway.gateway.provider.google.GeminiStreamMapper;
import io.jetway.gateway.provider.google.GoogleProvider;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code vertex-ai} for Gemini models. Base URL {@code https://{region}-aiplatform.googleapis.com/v1}
 * ({@code https://aiplatform.googleapis.com/v1} for the {@code global} location; a custom host
 * replaces exactly that), then
 * {@code /projects/{project}/locations/{region}/publishers/google/models/{model}:generateContent}
 * (or {@code :streamGenerateContent?alt=sse}). Body, answers, streams and errors are the Gemini
 * API's, so the {@code google} mappers are reused.
 *
 * <p>Settings: {@code x-portkey-vertex-project-id} (else the service account's {@code project_id}),
 * {@code x-portkey-vertex-region} (default {@value #DEFAULT_REGION}). Credentials:
 * {@code x-portkey-vertex-service-account-json}, exchanged for an access token by the injected
 * {@link VertexTokenSource} (this is the only I/O while preparing, done last, once everything
 * else is validated), else the {@code Authorization} bearer token, sent as it is.
 *
 * <p>Anthropic models on Vertex ({@code claude-*}) use a different API ({@code rawPredict}) and
 * are refused with a 400 until that mapping exists; so are other publishers' models.
 */
public final class VertexProvider implements Provider {

    public static final String ID = "vertex-ai";
    /** Vertex SDKs' default location. */
    public static final String DEFAULT_REGION = "us-central1";

    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");
    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    /** Project ids, including domain-scoped ones ({@code example.com:my-project}). */
    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:_-]*");
    /** Model Garden publishers whose models other than Gemini's are named {@code publisher.model}. */
    private static final Set<String> OTHER_PUBLISHERS = Set.of("meta", "mistralai", "endpoints", "ai21", "qwen",
            "deepseek-ai", "openai");

    private final VertexTokenSource tokens;
    private final GeminiRequestMapper requestMapper = new GeminiRequestMapper();
    private final GeminiResponseMapper responseMapper = new GeminiResponseMapper(ID);

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

    @Override
    public ProviderRequest prepare(ProviderCall call) {
        Target target = call.target();
        CreateChatCompletionRequest req = GeminiRequestMapper.effectiveRequest(call.request(), target.overrideParams());
        String model = geminiModel(req.getModel());

        String region = target.option(ProviderOption.VERTEX_REGION);
        region = region == null ? DEFAULT_REGION : region.strip().toLowerCase(Locale.ROOT);
        if (!REGION.matcher(region).matches()) {
            throw GatewayException.invalidRequest("The Vertex region '" + region + "' is not valid (e.g. us-central1 "
                    + "or global).", ProviderOption.VERTEX_REGION.header());
        }
        String json = target.option(ProviderOption.VERTEX_SERVICE_ACCOUNT_JSON);
        ServiceAccount account = json == null ? null : ServiceAccount.parse(json);
        String project = target.option(ProviderOption.VERTEX_PROJECT_ID);
        if (project == null && account != null) {
            project = account.projectId();
        }
        if (project == null) {
            throw GatewayException.invalidRequest("vertex-ai needs the Google Cloud project: set the "
                    + "x-portkey-vertex-project-id header (or vertex_project_id in the config).",
                    ProviderOption.VERTEX_PROJECT_ID.header());
        }
        project = project.strip();
        if (!PROJECT.matcher(project).matches()) {
            throw GatewayException.invalidRequest("The Vertex project id '" + project + "' is not valid.",
                    ProviderOption.VERTEX_PROJECT_ID.header());
        }
        if (account == null && target.apiKey() == null && target.customHost() == null) {
            throw new GatewayException(401, GatewayException.AUTHENTICATION, "vertex-ai needs credentials: send "
                    + "Authorization: Bearer <access token>, or a service account key in "
                    + "x-portkey-vertex-service-account-json.", "Authorization", "missing_api_key");
        }

        String base = target.customHost() != null ? target.customHost().toString() : baseUrl(region);
        URI uri = URI.create(base + "/projects/" + project + "/locations/" + region + "/publishers/google/models/"
                + model + GoogleProvider.method(call.request().stream()));
        GeminiRequestMapper.Mapped body = requestMapper.map(req, target.strictOpenAiCompliance());

        Map<String, String> headers = UpstreamHeaders.start(call);
        if (account != null) {
            headers.put("authorization", "Bearer " + tokens.accessToken(account));
        } else if (target.apiKey() != null) {
            headers.put("authorization", "Bearer " + target.apiKey());
        }
        return new ProviderRequest(uri, headers, body.body(), body.dropped());
    }

    /** {@code https://{region}-aiplatform.googleapis.com/v1}, or the global endpoint. */
    public static String baseUrl(String region) {
        return "global".equals(region) ? "https://aiplatform.googleapis.com/v1"
                : "https://" + region + "-aiplatform.googleapis.com/v1";
    }

    /**
     * The Gemini model id for the URL: {@code gemini-2.5-pro}, also written {@code google.gemini-2.5-pro}
     * (Portkey's publisher-prefixed form). Claude and other publishers' models are refused.
     */
    static String geminiModel(String model) {
        if (model == null || model.isBlank()) {
            throw GatewayException.invalidRequest("model is required.", "model");
        }
        String m = model.strip();
        if (m.startsWith("publishers/google/models/")) {
            m = m.substring("publishers/google/models/".length());
        } else if (m.startsWith("google.")) {
            m = m.substring("google.".length());
        }
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.startsWith("claude") || lower.startsWith("anthropic.") || lower.startsWith("publishers/anthropic/")) {
            throw GatewayException.invalidRequest("Anthropic models on Vertex are not supported yet: '" + model
                    + "' needs Vertex's rawPredict API. Use a Gemini model, or the anthropic provider.", "model",
                    "unsupported_model");
        }
        int dot = lower.indexOf('.');
        if (lower.startsWith("publishers/") || dot > 0 && OTHER_PUBLISHERS.contains(lower.substring(0, dot))) {
            throw GatewayException.invalidRequest("Only Gemini (publisher google) models are supported on vertex-ai "
                    + "so far, not '" + model + "'.", "model", "unsupported_model");
        }
        if (!MODEL.matcher(m).matches() || m.contains("..")) {
            throw GatewayException.invalidRequest("The model '" + model + "' is not a valid Vertex model id (e.g. "
                    + "gemini-2.5-flash).", "model");
        }
        return m;
    }

    @Override
    public byte[] mapResponse(ProviderCall call, byte[] upstreamBody) {
        return responseMapper.map(call, upstreamBody);
    }

    @Override
    public ChunkSource openStream(ProviderCall call, UpstreamRequest request, UpstreamResponse response) {
        return SseChunkSource.of(request, response, new GeminiStreamMapper(ID, call, GoogleProvider.includeUsage(call)));
    }

    @Override
    public GatewayException mapError(ProviderCall call, int status, byte[] body, Function<String, String> headers) {
        return GeminiErrorMapper.map(ID, status, body, headers);
    }
}
