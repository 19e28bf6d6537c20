package io.jetway.gateway.provider;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.Target;

/** What a provider gets to work from: the caller's request and the resolved target. */
public record ProviderCall(ChatRequest request, Target target, String traceId) {
}
