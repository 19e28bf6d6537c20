package io.jetway.gateway.admin;

import io.jetway.gateway.core.GatewayException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * {@code Authorization: Bearer <JETWAY_ADMIN_TOKEN>} for the admin API. Tokens are compared as
 * SHA-256 digests with {@link MessageDigest#isEqual} (constant time, and the token's length does
 * not leak either). Without a configured token the admin API is off: 403 saying how to turn it on.
 */
public final class AdminAuth {

    private final byte[] tokenDigest;

    /** @param token null or blank: the admin API is disabled */
    public AdminAuth(String token) {
        this.tokenDigest = token == null || token.isBlank() ? null : digest(token.strip());
    }

    public boolean enabled() {
        return tokenDigest != null;
    }

    /**
     * @param authorization the request's {@code Authorization} header, or null
     * @throws GatewayException 403 when disabled, 401 when the token is missing or wrong
     */
    public void check(String authorization) {
        if (tokenDigest == null) {
            throw new GatewayException(403, "permission_error", "The admin API is disabled. To enable it, start the "
                    + "gateway with JETWAY_ADMIN_TOKEN=<a long random secret> and send "
                    + "'Authorization: Bearer <that token>' with every admin call.", null, "admin_api_disabled");
        }
        String given = authorization == null ? null : authorization.strip();
        if (given == null || given.length() < 7 || !given.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("The admin API needs 'Authorization: Bearer <JETWAY_ADMIN_TOKEN>'.", "missing_admin_token");
        }
        if (!MessageDigest.isEqual(tokenDigest, digest(given.substring(7).strip()))) {
            throw unauthorized("The admin token is not valid.", "invalid_admin_token");
        }
    }

    private static GatewayException unauthorized(String message, String code) {
        return new GatewayException(401, GatewayException.AUTHENTICATION, message, "authorization", code,
                Map.of("www-authenticate", "Bearer realm=\"jetway-admin\""));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "AdminAuth[" + (enabled() ? "enabled" : "disabled") + "]";
    }
}
