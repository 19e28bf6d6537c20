package io.jetway.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConsoleSessionsTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:00:00Z"));
    final ConsoleSessions sessions = new ConsoleSessions(clock, new SecureRandom());

    @Test
    void aSessionIsFoundByItsCookieAmongOthersUntilItsTimeIsUp() {
        ConsoleSessions.Session s = sessions.create();

        assertThat(sessions.find("theme=dark; jetway_console=" + s.id() + "; x=1"))
                .contains(s);
        assertThat(sessions.csrfToken("jetway_console=" + s.id())).contains(s.csrfToken());
        clock.advance(ConsoleSessions.TTL.minusSeconds(1));
        assertThat(sessions.find("jetway_console=" + s.id())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(sessions.find("jetway_console=" + s.id())).isEmpty();
    }

    @Test
    void idsAndTokensAreRandomAndNeverPrinted() {
        ConsoleSessions.Session a = sessions.create();
        ConsoleSessions.Session b = sessions.create();

        assertThat(a.id()).isNotEqualTo(b.id()).hasSize(43);
        assertThat(a.csrfToken()).isNotEqualTo(a.id()).isNotEqualTo(b.csrfToken());
        assertThat(a.toString()).doesNotContain(a.id()).doesNotContain(a.csrfToken());
    }

    @Test
    void anEndedOrUnknownSessionIsNotFound() {
        ConsoleSessions.Session s = sessions.create();
        sessions.end(s);

        assertThat(sessions.find("jetway_console=" + s.id())).isEmpty();
        assertThat(sessions.find("jetway_console=")).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
    }

    @Test
    void theCookieIsHttpOnlyAndSameSiteStrictAndSecureOnlyOverTls() {
        ConsoleSessions.Session s = sessions.create();

        assertThat(ConsoleSessions.setCookie(s, false))
                .isEqualTo("jetway_console=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800");
        assertThat(ConsoleSessions.setCookie(s, true)).endsWith("; Secure");
    }
}
