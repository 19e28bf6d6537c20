package io.jetway.gateway.store;

import io.jetway.gateway.limits.LimitScope;
import io.jetway.gateway.limits.Limits;
import java.time.Instant;

/**
 * The limits set for one subject: a gateway API key's id, a virtual key's id, or an end user's
 * {@code _user} ({@code *}: every user without limits of their own).
 */
public record StoredLimits(LimitScope scope, String subject, Limits limits, Instant createdAt, Instant updatedAt) {}
