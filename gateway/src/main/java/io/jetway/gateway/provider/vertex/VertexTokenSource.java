package io.jetway.gateway.provider.vertex;

/**
 * Access tokens for service accounts, injected into {@link VertexProvider}. This is the one place
 * where preparing a Vertex call does I/O (an exchange at the account's token endpoint, about once
 * an hour per account), so tests can replace it.
 */
@FunctionalInterface
public interface VertexTokenSource {

    /**
     * An OAuth 2 access token with the {@code cloud-platform} scope, valid for at least a few
     * more minutes.
     *
     * @throws io.jetway.gateway.core.GatewayException 400 for an unusable key, 401 when Google
     *         refuses it, 502/504 when the token endpoint cannot be reached in time
     */
    String accessToken(ServiceAccount account);
}
