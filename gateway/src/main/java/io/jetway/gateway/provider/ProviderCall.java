package io.jetway.gateway.provider;

import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.core.EffectiveRequest;
import java.time.Instant;

/**
 * What a provider gets to work from: the caller's request, the resolved target, the request's
 * trace id (a stable seed for ids a provider must generate, e.g. tool call ids) and the time the
 * request arrived (for {@code created}; from the injected clock, so mappers stay pure).
 *
 * @param effective the request to translate: the caller's with the target's {@code override_params}
 *                  applied, once for every provider ({@link EffectiveRequest})
 * @param facts     where the translation records what the answer turned out to be (id, model,
 *                  finish reasons, usage): one recorder per upstream call ({@link #forOneCall})
 */
public record ProviderCall(
        ChatRequest request,
        Target target,
        String traceId,
        Instant receivedAt,
        EffectiveRequest effective,
        CallFacts.Recorder facts) {

    /**
     * @throws io.jetway.gateway.core.GatewayException 400 naming {@code override_params} when the
     *                                                 target's overrides make the request invalid
     */
    public ProviderCall(ChatRequest request, Target target, String traceId, Instant receivedAt) {
        this(
                request,
                target,
                traceId,
                receivedAt,
                EffectiveRequest.of(request, target.overrideParams()),
                new CallFacts.Recorder());
    }

    /** This call with a fresh facts recorder, for one upstream call of it (OpenAI's {@code n} makes several). */
    public ProviderCall forOneCall() {
        return new ProviderCall(request, target, traceId, receivedAt, effective, new CallFacts.Recorder());
    }

    /** {@code created} for answers: the request time in Unix seconds. */
    public long created() {
        return receivedAt.getEpochSecond();
    }
}
