package io.jetway.gateway.provider;

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
 */
public record ProviderCall(ChatRequest request, Target target, String traceId, Instant receivedAt,
                           EffectiveRequest effective) {

    /**
     * @throws io.jetway.gateway.core.GatewayException 400 naming {@code override_params} when the
     *                                                 target's overrides make the request invalid
     */
    public ProviderCall(ChatRequest request, Target target, String traceId, Instant receivedAt) {
        this(request, target, traceId, receivedAt, EffectiveRequest.of(request, target.overrideParams()));
    }

    /** {@code created} for answers: the request time in Unix seconds. */
    public long created() {
        return receivedAt.getEpochSecond();
    }
}
