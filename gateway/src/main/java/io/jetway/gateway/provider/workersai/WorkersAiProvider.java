package io.jetway.gateway.provider.workersai;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.ProviderOption;
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
 * {@code workers-ai}: Cloudflare Workers AI's run API at {@code {base}/{model}}, base
 * {@code https://api.cloudflare.com/client/v4/accounts/{account id}/ai/run} (a custom host replaces
 * the base, account id included, as Portkey's {@code getBaseURL} does in Portkey-AI/gateway
 * {@code src/providers/workers-ai/api.ts}), key as {@code Authorization: Bearer}.
 * https://developers.cloudflare.com/workers-ai/get-started/rest-api/
 */
public final class WorkersAiProvider implements Provider {

    public static final String ID = "workers-ai";
    static final String API = "https://api.cloudflare.com/client/v4";

    /** Cloudflare account ids are 32 hex digits; anything outside letters and digits could leave the URL's segment. */
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9]{1,64}");

    /**
     * Workers AI model names ({@code @cf/meta/llama-3.3-70b-instruct-fp8-fast}, {@code @hf/…}):
     * {@code /}-separated segments of letters, digits, {@code @ . _ -}, none starting with a dot,
     * so the name stays the last part of the path.
     */
    private static final Pattern MODEL =
            Pattern.compile("@?[A-Za-z0-9][A-Za-z0-9@._-]*(/[A-Za-z0-9][A-Za-z0-9@._-]*)*");

    @Override
    public String id() {
        return ID;
    }

    /** One choice per call (no {@code n}): the pipeline makes one call per choice. */
    @Override
    public boolean supportsN(ProviderCall call) {
        return false;
    }

    @Override
    public Translation translate(ProviderCall call) {
        Target target = call.target();
        URI uri = URI.create(base(target) + "/" + model(call.effective().model()));
        Map<String, String> headers = UpstreamHeaders.start(call);
        if (target.apiKey() != null) {
            headers.put("authorization", "Bearer " + target.apiKey());
        }
        WorkersAiRequestMapper.Mapped body = WorkersAiRequestMapper.map(call.effective());
        return Translation.of(
                new ProviderRequest(
                        uri, headers, body.body(), WorkersAiParams.TABLE.dropped(call.effective(), body.dropped())),
                new WorkersAiReader(AnswerPlan.of(call), body.maxTokens()));
    }

    @Override
    public GatewayException mapError(ProviderCall call, int status, byte[] body, Function<String, String> headers) {
        return WorkersAiErrorMapper.map(status, body, headers);
    }

    /**
     * The base the model is appended to: the custom host when there is one, else Cloudflare's API
     * under the account.
     *
     * @throws GatewayException 400 naming {@code x-portkey-workers-ai-account-id} when it is missing or not an id
     */
    static String base(Target target) {
        if (target.customHost() != null) {
            String s = target.customHost().toString();
            return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        }
        String header = ProviderOption.WORKERS_AI_ACCOUNT_ID.header();
        String account = target.option(ProviderOption.WORKERS_AI_ACCOUNT_ID);
        if (account == null || account.isBlank()) {
            throw GatewayException.invalidRequest(
                    "workers-ai needs the Cloudflare account id: send it in " + header
                            + " (or set workers_ai_account_id in the config or virtual key).",
                    header);
        }
        if (!ACCOUNT_ID.matcher(account).matches()) {
            throw GatewayException.invalidRequest(
                    header + " must be a Cloudflare account id (letters and digits only).", header);
        }
        return API + "/accounts/" + account + "/ai/run";
    }

    /** @throws GatewayException 400 naming {@code model} when it is missing or could leave its path segment */
    static String model(String model) {
        if (model == null || model.isBlank()) {
            throw GatewayException.invalidRequest(
                    "workers-ai needs a model: set `model` (e.g. @cf/meta/llama-3.3-70b-instruct-fp8-fast) in the"
                            + " request (or in the config's override_params).",
                    "model");
        }
        if (!MODEL.matcher(model).matches()) {
            throw GatewayException.invalidRequest(
                    "model must be a Workers AI model name such as @cf/meta/llama-3.3-70b-instruct-fp8-fast"
                            + " (letters, digits, @ . _ - in /-separated parts).",
                    "model");
        }
        return model;
    }
}
