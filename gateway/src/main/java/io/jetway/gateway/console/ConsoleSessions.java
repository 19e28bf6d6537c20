package io.jetway.gateway.console;

import io.jetway.gateway.admin.AdminAuth;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sessions, in this node's memory (a restart logs everyone out; a second node does not
 * know them: put the console behind sticky sessions or log in on each). A session has a random id
 * (the cookie's value, 256 bits) and a random CSRF token (synchronizer token, sent back in
 * {@value AdminAuth#CSRF_HEADER}); it ends {@link #TTL} after login or at logout. Time comes from the
 * injected clock.
 */
public final class ConsoleSessions implements AdminAuth.Sessions {

    /** The cookie that names a session. */
    public static final String COOKIE = "jetway_console";
    /** How long a session lives after login. */
    public static final Duration TTL = Duration.ofHours(8);
    /** At most this many live sessions; a login beyond it ends the oldest. */
    static final int MAX_SESSIONS = 1000;

    /** A live session. */
    public record Session(String id, String csrfToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "Session[expiresAt=" + expiresAt + "]"; // never the id or the token
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final SecureRandom random;

    public ConsoleSessions(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** A new session (the caller has checked the admin token). */
    public Session create() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
        while (sessions.size() >= MAX_SESSIONS) {
            Iterator<Session> oldest = sessions.values().stream()
                    .sorted(java.util.Comparator.comparing(Session::expiresAt))
                    .iterator();
            sessions.remove(oldest.next().id());
        }
        Session s = new Session(randomToken(), randomToken(), now.plus(TTL));
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session the {@code Cookie} header names. */
    public Optional<Session> find(String cookieHeader) {
        String id = cookieValue(cookieHeader);
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (!s.expiresAt().isAfter(clock.instant())) {
            sessions.remove(id, s);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    @Override
    public Optional<String> csrfToken(String cookieHeader) {
        return find(cookieHeader).map(Session::csrfToken);
    }

    /** Ends the session (logout). */
    public void end(Session s) {
        sessions.remove(s.id(), s);
    }

    /**
     * The session cookie's value in a {@code Cookie} header ({@code a=1; jetway_console=…}), or null.
     * Cookie syntax (RFC 6265 §4.2.1) is a list of {@code name=value} pairs split by {@code ;}.
     */
    static String cookieValue(String cookieHeader) {
        if (cookieHeader == null) {
            return null;
        }
        for (String pair : cookieHeader.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().equals(COOKIE)) {
                String v = pair.substring(eq + 1).strip();
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }

    /** The {@code Set-Cookie} value for a session; {@code Secure} when the browser came over TLS. */
    static String setCookie(Session s, boolean tls) {
        return COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + TTL.toSeconds()
                + (tls ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} value that clears the cookie (logout). */
    static String clearCookie(boolean tls) {
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (tls ? "; Secure" : "");
    }

    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public String toString() {
        return "ConsoleSessions[" + sessions.size() + " live]";
    }
}
