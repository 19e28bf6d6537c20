package io.jetway.gateway.pipeline;

import io.jetway.gateway.core.GatewayException;

/**
 * Marks a failure the gateway itself gave a target before calling it, attached to the exchange by
 * the step that refused (a config target's virtual key over its limits,
 * {@code limits.TargetLimitsInterceptor}): routing does not retry it on the same target, since
 * the same key would be refused again within the same window, but a fallback treats it like any
 * other failure of that status (a 429) and moves on to its next target.
 *
 * @param refusal the exception thrown for the refusal (matched by identity)
 */
public record TargetRefusal(GatewayException refusal) {}
