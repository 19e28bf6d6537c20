package io.jetway.contract.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import io.jetway.gateway.testing.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's security over plain HTTP: off without an admin token, login with the token only,
 * the session cookie's flags, CSRF on every change, the CSP of every page, and no secret in any
 * page or answer.
 */
class ConsoleSecurityTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "sk-proj-CONSOLE-SECRET-0123456789wxyz";
    static final List<String> PAGES = List.of(
            "/console",
            "/console/",
            "/console/index.html",
            "/console/app.js",
            "/console/api.js",
            "/console/dom.js",
            "/console/traffic.js",
            "/console/usage.js",
            "/console/keys.js",
            "/console/charts.js",
            "/console/console.css",
            "/console/vendor/uPlot.iife.min.js",
            "/console/vendor/uPlot.min.css");
    static final MutableClock CLOCK = new MutableClock(GatewayHarness.NOW);
    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start(
                Map.of("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN, "JETWAY_LOG_BODIES", "true"), CLOCK);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static JsonNode json(HttpResponse<String> res) {
        try {
            return JSON.readTree(res.body());
        } catch (Exception e) {
            throw new AssertionError(res.body(), e);
        }
    }

    /** A session: its cookie header and CSRF token. */
    record Session(String cookie, String csrf, HttpResponse<String> login) {}

    static Session login() {
        HttpResponse<String> res = gw.raw(
                        "POST", "/v1/admin/console/session", "{\"token\":\"" + GatewayHarness.ADMIN_TOKEN + "\"}")
                .header("content-type", "application/json")
                .send();
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        OpenApiContract.get().assertValidResponse("POST", "/v1/admin/console/session", 200, res.body());
        String setCookie = res.headers().firstValue("set-cookie").orElseThrow();
        return new Session(
                setCookie.substring(0, setCookie.indexOf(';')),
                json(res).get("csrf_token").asText(),
                res);
    }

    @Test
    void withoutAnAdminTokenTheConsoleAndItsApiAreNotFound() {
        try (GatewayHarness off = GatewayHarness.start()) {
            for (String path : List.of(
                    "/console/", "/console/app.js", "/v1/admin/console/session", "/v1/admin/console/requests")) {
                HttpResponse<String> res = off.raw("GET", path, null).send();
                assertThat(res.statusCode()).as(path).isEqualTo(404);
                assertThat(json(res).at("/error/code").asText()).isEqualTo("console_disabled");
            }
            HttpResponse<String> login = off.raw("POST", "/v1/admin/console/session", "{\"token\":\"x\"}")
                    .header("content-type", "application/json")
                    .send();
            assertThat(login.statusCode()).isEqualTo(404);
            assertThat(login.headers().firstValue("set-cookie")).isEmpty();
        }
    }

    @Test
    void aWrongTokenAtLoginIsA401JsonErrorWithoutACookie() {
        HttpResponse<String> res = gw.raw("POST", "/v1/admin/console/session", "{\"token\":\"not-the-token\"}")
                .header("content-type", "application/json")
                .send();

        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(json(res).at("/error/code").asText()).isEqualTo("invalid_admin_token");
        assertThat(json(res).at("/error/type").asText()).isEqualTo("authentication_error");
        assertThat(res.headers().firstValue("set-cookie")).isEmpty();
        OpenApiContract.get().assertValidResponse("POST", "/v1/admin/console/session", 401, res.body());
    }

    @Test
    void aMalformedOrOversizedLoginIsABadRequestNamingWhatToFix() {
        HttpResponse<String> unknownField = gw.raw("POST", "/v1/admin/console/session", "{\"tokn\":\"x\"}")
                .header("content-type", "application/json")
                .send();
        HttpResponse<String> huge = gw.raw(
                        "POST", "/v1/admin/console/session", "{\"token\":\"" + "a".repeat(10_000) + "\"}")
                .header("content-type", "application/json")
                .send();

        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(json(unknownField).at("/error/param").asText()).isIn("tokn", "token");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(json(huge).at("/error/message").asText()).contains("4096 bytes");
        assertThat(unknownField.headers().firstValue("set-cookie")).isEmpty();
        OpenApiContract.get().assertValidResponse("POST", "/v1/admin/console/session", 400, unknownField.body());
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrictAndSecureBehindTls() {
        String plain = login().login().headers().firstValue("set-cookie").orElseThrow();
        HttpResponse<String> tls = gw.raw(
                        "POST", "/v1/admin/console/session", "{\"token\":\"" + GatewayHarness.ADMIN_TOKEN + "\"}")
                .header("content-type", "application/json")
                .header("x-forwarded-proto", "https")
                .send();
        String secure = tls.headers().firstValue("set-cookie").orElseThrow();

        assertThat(plain)
                .startsWith("jetway_console=")
                .contains("; HttpOnly")
                .contains("; SameSite=Strict")
                .contains("; Path=/")
                .doesNotContain("Secure");
        assertThat(plain.substring("jetway_console=".length(), plain.indexOf(';')))
                .hasSizeGreaterThanOrEqualTo(43);
        assertThat(secure).contains("; HttpOnly").contains("; SameSite=Strict").contains("; Secure");
    }

    @Test
    void theSessionReadsTheAdminApiButAChangeNeedsTheSessionsCsrfToken() {
        Session s = login();

        HttpResponse<String> read = gw.raw("GET", "/v1/admin/virtual-keys", null)
                .header("cookie", s.cookie())
                .send();
        HttpResponse<String> noCsrf = gw.raw("POST", "/v1/admin/api-keys", "{\"name\":\"a\"}")
                .header("content-type", "application/json")
                .header("cookie", s.cookie())
                .send();
        HttpResponse<String> wrongCsrf = gw.raw("DELETE", "/v1/admin/console/session", null)
                .header("cookie", s.cookie())
                .header("x-jetway-csrf", "forged")
                .send();
        HttpResponse<String> withCsrf = gw.raw("POST", "/v1/admin/api-keys", "{\"name\":\"a\"}")
                .header("content-type", "application/json")
                .header("cookie", s.cookie())
                .header("x-jetway-csrf", s.csrf())
                .send();

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(json(noCsrf).at("/error/code").asText()).isEqualTo("csrf_token_invalid");
        assertThat(wrongCsrf.statusCode()).isEqualTo(403);
        assertThat(withCsrf.statusCode()).as(withCsrf.body()).isEqualTo(201);
        OpenApiContract.get().assertValidResponse("POST", "/v1/admin/api-keys", 403, noCsrf.body());
    }

    @Test
    void aBearerTokenIsJudgedAloneEvenBesideALiveSession() {
        Session s = login();

        HttpResponse<String> res = gw.raw("GET", "/v1/admin/virtual-keys", null)
                .header("cookie", s.cookie())
                .header("authorization", "Bearer not-the-token")
                .send();
        HttpResponse<String> noSession = gw.raw("GET", "/v1/admin/virtual-keys", null)
                .header("cookie", "jetway_console=made-up")
                .send();

        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(json(res).at("/error/code").asText()).isEqualTo("invalid_admin_token");
        assertThat(noSession.statusCode()).isEqualTo(401);
    }

    @Test
    void aSessionEndsAtLogoutAndEightHoursAfterLogin() {
        Session out = login();
        Session expiring = login();

        HttpResponse<String> logout = gw.raw("DELETE", "/v1/admin/console/session", null)
                .header("cookie", out.cookie())
                .header("x-jetway-csrf", out.csrf())
                .send();
        HttpResponse<String> afterLogout = gw.raw("GET", "/v1/admin/console/session", null)
                .header("cookie", out.cookie())
                .send();
        HttpResponse<String> before = gw.raw("GET", "/v1/admin/console/session", null)
                .header("cookie", expiring.cookie())
                .send();
        CLOCK.advance(Duration.ofHours(8));
        HttpResponse<String> after = gw.raw("GET", "/v1/admin/virtual-keys", null)
                .header("cookie", expiring.cookie())
                .send();
        CLOCK.set(GatewayHarness.NOW);

        assertThat(logout.statusCode()).isEqualTo(200);
        assertThat(logout.headers().firstValue("set-cookie"))
                .hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(afterLogout.statusCode()).isEqualTo(401);
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(json(before).get("csrf_token").asText()).isEqualTo(expiring.csrf());
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(json(after).at("/error/code").asText()).isEqualTo("console_session_expired");
    }

    @Test
    void everyConsolePageCarriesAPolicyThatAllowsNoInlineScriptOrStyle() {
        for (String page : PAGES) {
            HttpResponse<String> res = gw.raw("GET", page, null).send();
            assertThat(res.statusCode()).as(page).isEqualTo(200);
            String csp = res.headers().firstValue("content-security-policy").orElseThrow();
            assertThat(csp)
                    .contains("script-src 'self'")
                    .contains("style-src 'self'")
                    .contains("default-src 'none'")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval");
            assertThat(res.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        }
        String html = gw.raw("GET", "/console/", null).send().body();
        Matcher scripts =
                Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).contains("src=");
            assertThat(scripts.group(2)).isBlank();
        }
        assertThat(count).isEqualTo(2);
        assertThat(html).doesNotContain("style=").doesNotContain("<style").doesNotContain(" onclick=");
        for (String js : List.of(
                "/console/app.js",
                "/console/api.js",
                "/console/dom.js",
                "/console/traffic.js",
                "/console/usage.js",
                "/console/keys.js",
                "/console/charts.js")) {
            assertThat(gw.raw("GET", js, null).send().body())
                    .as(js)
                    .doesNotContain("eval(")
                    .doesNotContain("innerHTML")
                    .doesNotContain("new Function");
        }
    }

    @Test
    void noSecretReachesAnyPageOrAnswerOfTheConsole() {
        Session s = login();
        HttpResponse<String> vk = gw.raw("POST", "/v1/admin/virtual-keys", """
                {"id":"console-secret","provider":"openai","api_key":"%s","custom_host":"%s"}""".formatted(SECRET, gw.upstreamV1()))
                .header("content-type", "application/json")
                .header("cookie", s.cookie())
                .header("x-jetway-csrf", s.csrf())
                .send();
        assertThat(vk.statusCode()).as(vk.body()).isEqualTo(201);
        gw.upstream().enqueue(FakeResponse.chatCompletion("hi").withUsage(5, 2));
        HttpResponse<String> chat = gw.chat(
                        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .without("authorization")
                .without("x-portkey-provider")
                .without("x-portkey-custom-host")
                .header("x-portkey-virtual-key", "console-secret")
                .send();
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);

        JsonNode page = json(gw.raw("GET", "/v1/admin/console/requests?limit=5", null)
                .header("cookie", s.cookie())
                .send());
        String id = page.at("/data/0/id").asText();
        for (String path : List.of(
                "/v1/admin/console/session",
                "/v1/admin/console/requests",
                "/v1/admin/console/requests/" + id,
                "/v1/admin/console/series?from=0&to=" + (GatewayHarness.NOW.toEpochMilli() + 1),
                "/v1/admin/console/budgets",
                "/v1/admin/virtual-keys",
                "/v1/admin/virtual-keys/console-secret",
                "/v1/admin/api-keys",
                "/v1/admin/configs",
                "/v1/admin/limits")) {
            HttpResponse<String> res =
                    gw.raw("GET", path, null).header("cookie", s.cookie()).send();
            assertThat(res.statusCode()).as(path + " " + res.body()).isEqualTo(200);
            assertThat(res.body())
                    .as(path)
                    .doesNotContain(SECRET)
                    .doesNotContain(GatewayHarness.ADMIN_TOKEN)
                    .doesNotContain(s.cookie().substring("jetway_console=".length()));
            OpenApiContract.get().assertValidResponse("GET", path.replaceAll("\\?.*", ""), 200, res.body());
        }
        for (String p : PAGES) {
            assertThat(gw.raw("GET", p, null)
                            .header("cookie", s.cookie())
                            .send()
                            .body())
                    .as(p)
                    .doesNotContain(SECRET)
                    .doesNotContain(GatewayHarness.ADMIN_TOKEN);
        }
    }
}
