package io.jetway.gateway.console;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.api.model.ConsoleLoginRequest;
import io.jetway.api.model.ConsoleLogout;
import io.jetway.api.model.ConsoleSession;
import io.jetway.gateway.admin.AdminAuth;
import io.jetway.gateway.core.GatewayException;

/**
 * The console's session resource: login with the admin token (a session cookie and its CSRF token),
 * the live session's CSRF token for a reloaded page, and logout.
 */
final class SessionResource {

    private final AdminAuth auth;
    private final ConsoleSessions sessions;
    private final boolean logBodies;
    private final Runnable afterLogin;

    /** @param afterLogin runs after each login (in the background: it must not delay the answer) */
    SessionResource(AdminAuth auth, ConsoleSessions sessions, boolean logBodies, Runnable afterLogin) {
        this.auth = auth;
        this.sessions = sessions;
        this.logBodies = logBodies;
        this.afterLogin = afterLogin;
    }

    /** {@code POST /v1/admin/console/session}: the login (the body read by then is at most a few KiB). */
    void login(ServerRequest request, ServerResponse response, ConsoleLoginRequest body) {
        if (!auth.matches(body.getToken())) {
            throw new GatewayException(
                    401,
                    GatewayException.AUTHENTICATION,
                    "The admin token is not valid.",
                    "token",
                    "invalid_admin_token");
        }
        ConsoleSessions.Session s = sessions.create();
        response.header(HeaderNames.SET_COOKIE, ConsoleSessions.setCookie(s, tls(request)));
        ConsoleAnswers.send(response, session(s));
        afterLogin.run();
    }

    /** {@code GET /v1/admin/console/session}: the live session's CSRF token. */
    void get(ServerRequest request, ServerResponse response) {
        ConsoleAnswers.send(response, session(current(request)));
    }

    /** {@code DELETE /v1/admin/console/session}: the logout. */
    void logout(ServerRequest request, ServerResponse response) {
        sessions.find(request.headers().first(HeaderNames.COOKIE).orElse(null)).ifPresent(sessions::end);
        response.header(HeaderNames.SET_COOKIE, ConsoleSessions.clearCookie(tls(request)));
        ConsoleAnswers.send(
                response,
                new ConsoleLogout()
                        ._object(ConsoleLogout.ObjectEnum.CONSOLE_LOGOUT)
                        .loggedOut(true));
    }

    private ConsoleSessions.Session current(ServerRequest request) {
        return sessions.find(request.headers().first(HeaderNames.COOKIE).orElse(null))
                .orElseThrow(() -> new GatewayException(
                        401,
                        GatewayException.AUTHENTICATION,
                        "No console session: log in at /console.",
                        null,
                        "console_session_expired"));
    }

    private ConsoleSession session(ConsoleSessions.Session s) {
        return new ConsoleSession()
                ._object(ConsoleSession.ObjectEnum.CONSOLE_SESSION)
                .csrfToken(s.csrfToken())
                .expiresAt(s.expiresAt().toEpochMilli())
                .logBodies(logBodies);
    }

    /**
     * Whether the browser came over TLS. The gateway itself speaks plain HTTP, so TLS is a proxy's in
     * front of it, which says so in {@code X-Forwarded-Proto}; a client that sends it itself only gets
     * a stricter cookie.
     */
    private static boolean tls(ServerRequest request) {
        return request.headers()
                .first(HeaderNames.X_FORWARDED_PROTO)
                .map(p -> p.strip().equalsIgnoreCase("https"))
                .orElse(false);
    }
}
