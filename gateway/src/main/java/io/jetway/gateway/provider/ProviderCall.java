package io.jetway.gateway.provider;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.Target;
import java.time.Instant;

/**
 * What a provider gets to work from: the caller's request, the resolved target, the request's
 * trace id (a stable seed for ids a provider must generate, e.g. tool call ids) and the time the
 * request arrived (for {@code created}; from the injected clock, so mappers stay pure).
 */
public record ProviderCall(ChatRequest request, Target target, String traceId, Instant receivedAt) {

    /** {@code created} for answers: the request time in Unix seconds. */
    public long created() {
        return receivedAt.getEpochSecond();
    }
}
