package io.jetway.gateway.admin;

import io.jetway.gateway.core.GatewayException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Authorization: Bearer <JETWAY_ADMIN_TOKEN>} for the admin API. Tokens are compared as
 * SHA-256 digests with {@link MessageDigest#isEqual} (constant time, and the token's length does
 * not leak either). Without a configured token the admin API is off: 403 saying how to turn it on.
 *
 * <p>The web console's session is the one alternative ({@link #check(String, String, String, String)}):
 * a request without {@code Authorization} may name a live console session in its cookie; a change
 * (any method but GET, HEAD, OPTIONS) must then also carry that session's CSRF token in
 * {@value #CSRF_HEADER}. A request that sends {@code Authorization} is judged by it alone, as before.
 */
public final class AdminAuth {

    /** The header that carries a console session's CSRF token. */
    public static final String CSRF_HEADER = "x-jetway-csrf";

    /** The console's sessions, as the admin API sees them. */
    public interface Sessions {
        /** The CSRF token of the live session the {@code Cookie} header names, if any. */
        Optional<String> csrfToken(String cookieHeader);
    }

    private final byte[] tokenDigest;
    private final Sessions sessions;

    /** @param token null or blank: the admin API is disabled */
    public AdminAuth(String token) {
        this(token, null);
    }

    /**
     * @param token    null or blank: the admin API (and the console) is disabled
     * @param sessions the console's sessions; null: only the bearer token is accepted
     */
    public AdminAuth(String token, Sessions sessions) {
        this.tokenDigest = token == null || token.isBlank() ? null : digest(token.strip());
        this.sessions = sessions;
    }

    /** Whether {@code token} is the admin token (constant time); false when the admin API is off. */
    public boolean matches(String token) {
        return tokenDigest != null && token != null && MessageDigest.isEqual(tokenDigest, digest(token.strip()));
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
            throw new GatewayException(
                    403,
                    "permission_error",
                    "The admin API is disabled. To enable it, start the "
                            + "gateway with JETWAY_ADMIN_TOKEN=<a long random secret> and send "
                            + "'Authorization: Bearer <that token>' with every admin call.",
                    null,
                    "admin_api_disabled");
        }
        String given = authorization == null ? null : authorization.strip();
        if (given == null || given.length() < 7 || !given.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized(
                    "The admin API needs 'Authorization: Bearer <JETWAY_ADMIN_TOKEN>'.", "missing_admin_token");
        }
        if (!MessageDigest.isEqual(tokenDigest, digest(given.substring(7).strip()))) {
            throw unauthorized("The admin token is not valid.", "invalid_admin_token");
        }
    }

    /**
     * The bearer token, or else a console session with (for a change) its CSRF token.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param cookie        the {@code Cookie} header, or null
     * @param csrf          the {@value #CSRF_HEADER} header, or null
     * @throws GatewayException 403 when disabled or a change lacks the session's CSRF token, 401 when
     *                          neither a valid token nor a live session came
     */
    public void check(String method, String authorization, String cookie, String csrf) {
        if (authorization != null || sessions == null || tokenDigest == null || cookie == null) {
            check(authorization);
            return;
        }
        Optional<String> expected = sessions.csrfToken(cookie);
        if (expected.isEmpty()) {
            throw unauthorized(
                    "The console session has ended: log in again, or send "
                            + "'Authorization: Bearer <JETWAY_ADMIN_TOKEN>'.",
                    "console_session_expired");
        }
        boolean safe = "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
        if (!safe
                && (csrf == null
                        || !MessageDigest.isEqual(
                                expected.get().getBytes(StandardCharsets.UTF_8),
                                csrf.strip().getBytes(StandardCharsets.UTF_8)))) {
            throw new GatewayException(
                    403,
                    "permission_error",
                    "A change through the console session needs the " + "session's CSRF token in the " + CSRF_HEADER
                            + " header.",
                    CSRF_HEADER,
                    "csrf_token_invalid");
        }
    }

    private static GatewayException unauthorized(String message, String code) {
        return new GatewayException(
                401,
                GatewayException.AUTHENTICATION,
                message,
                "authorization",
                code,
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
