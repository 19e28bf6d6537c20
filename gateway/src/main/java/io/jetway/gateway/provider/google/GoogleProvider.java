package io.jetway.gateway.provider.google;

import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Translation;
import io.jetway.gateway.provider.UpstreamHeaders;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code google}: the Gemini API. Base URL {@code https://generativelanguage.googleapis.com} (a
 * custom host replaces exactly that), then {@code /v1beta/models/{model}:generateContent}, or
 * {@code :streamGenerateContent?alt=sse} for streams; the key goes in {@code x-goog-api-key}
 * (https://ai.google.dev/api/generate-content).
 *
 * <p>Base and path are split as Portkey splits them (Portkey-AI/gateway
 * {@code src/providers/google/api.ts}: {@code getBaseURL} is the bare host, {@code getEndpoint} starts
 * with {@code /v1beta}), so a Portkey config's custom host reaches the same URL. Portkey differs in
 * two ways that do not move the path: it puts the key in the query ({@code ?key=}), and streams
 * without {@code alt=sse} (Gemini's JSON array stream).
 */
public final class GoogleProvider implements Provider {

    public static final String ID = "google";
    public static final String BASE_URL = "https://generativelanguage.googleapis.com";
    /** The API version, the first path segment after the base URL. */
    static final String VERSION_PATH = "/v1beta/";

    /** Model ids ({@code gemini-2.5-flash}), optionally as resource names ({@code models/…}, {@code tunedModels/…}). */
    private static final Pattern MODEL = Pattern.compile("(models/|tunedModels/)?[A-Za-z0-9][A-Za-z0-9._@-]*");

    private final GeminiRequestMapper requestMapper = new GeminiRequestMapper();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Translation translate(ProviderCall call) {
        Target target = call.target();
        CreateChatCompletionRequest req = call.effective().body();
        String base = target.customHost() != null ? target.customHost().toString() : BASE_URL;
        URI uri = URI.create(base + VERSION_PATH + resourceName(req.getModel()) + method(call.request().stream()));

        Map<String, String> headers = UpstreamHeaders.start(call);
        if (target.apiKey() != null) {
            headers.put("x-goog-api-key", target.apiKey());
        } else if (target.customHost() == null) {
            throw new GatewayException(
                    401,
                    GatewayException.AUTHENTICATION,
                    "google needs a Gemini API key: send " + "Authorization: Bearer <key> (or api_key in the config).",
                    "Authorization",
                    "missing_api_key");
        }
        GeminiRequestMapper.Mapped body = requestMapper.map(req, target.strictOpenAiCompliance());
        return Translation.of(
                new ProviderRequest(
                        uri, headers, body.body(), GeminiParams.TABLE.dropped(call.effective(), body.dropped())),
                new GeminiReader(ID, AnswerPlan.of(call)));
    }

    /** {@code :generateContent}, or the SSE stream method. */
    public static String method(boolean stream) {
        return stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
    }

    /** {@code models/{model}} (or the tuned model's resource name), validated for use in a path. */
    static String resourceName(String model) {
        if (model == null || !MODEL.matcher(model).matches() || model.contains("..")) {
            throw GatewayException.invalidRequest(
                    "The model '" + model + "' is not a valid Gemini model id (e.g. " + "gemini-2.5-flash).", "model");
        }
        return model.startsWith("models/") || model.startsWith("tunedModels/") ? model : "models/" + model;
    }

    @Override
    public java.util.Set<io.jetway.gateway.core.Endpoint> endpoints() {
        return java.util.Set.of(
                io.jetway.gateway.core.Endpoint.CHAT,
                io.jetway.gateway.core.Endpoint.EMBEDDINGS,
                io.jetway.gateway.core.Endpoint.MODELS);
    }

    /** {@code GET {base}/v1beta/models?pageSize=1000} (https://ai.google.dev/api/models#method:-models.list). */
    @Override
    public ProviderRequest prepareModels(ProviderCall call) {
        Target target = call.target();
        String base = target.customHost() != null ? target.customHost().toString() : BASE_URL;
        Map<String, String> headers = new java.util.LinkedHashMap<>(target.forwardHeaders());
        headers.put("accept", "application/json");
        if (target.apiKey() != null) {
            headers.put("x-goog-api-key", target.apiKey());
        }
        return new ProviderRequest(
                URI.create(base + VERSION_PATH + "models?pageSize=1000"), headers, null, java.util.List.of());
    }

    /** Gemini's {@code models[].name} less {@code models/}, as OpenAI's list. */
    @Override
    public byte[] mapModels(ProviderCall call, byte[] upstreamBody) {
        return io.jetway.gateway.provider.common.ModelLists.map(ID, upstreamBody, "models", "name", "models/", null);
    }

    /** {@code :batchEmbedContents} ({@link GeminiEmbeddings}), with the key as for chat. */
    @Override
    public ProviderRequest prepareEmbeddings(ProviderCall call) {
        Target target = call.target();
        var request = io.jetway.gateway.provider.common.Embeddings.read(call, ID);
        String resource = resourceName(request.model());
        String base = target.customHost() != null ? target.customHost().toString() : BASE_URL;
        Map<String, String> headers = UpstreamHeaders.start(call);
        if (target.apiKey() != null) {
            headers.put("x-goog-api-key", target.apiKey());
        } else if (target.customHost() == null) {
            throw new GatewayException(
                    401,
                    GatewayException.AUTHENTICATION,
                    "google needs a Gemini API key: send " + "Authorization: Bearer <key> (or api_key in the config).",
                    "Authorization",
                    "missing_api_key");
        }
        return new ProviderRequest(
                URI.create(base + VERSION_PATH + resource + GeminiEmbeddings.METHOD),
                headers,
                GeminiEmbeddings.body(request, resource),
                java.util.List.of());
    }

    @Override
    public byte[] mapEmbeddings(ProviderCall call, byte[] upstreamBody) {
        return GeminiEmbeddings.map(call, ID, upstreamBody);
    }

    @Override
    public GatewayException mapError(ProviderCall call, int status, byte[] body, Function<String, String> headers) {
        return GeminiErrorMapper.map(ID, status, body, headers);
    }
}
