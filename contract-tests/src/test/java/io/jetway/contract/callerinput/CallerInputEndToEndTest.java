package io.jetway.contract.callerinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a caller puts in configs and headers is checked as the caller's input, through the running
 * gateway: a regex of conditional routing cannot stall it, a timeout cannot overflow, and a value
 * that would become an upstream header but cannot be one is the caller's 400, never the
 * provider's 502.
 */
class CallerInputEndToEndTest {

    /** Non-ASCII escaped as \\uXXXX: the config header itself stays ASCII, its decoded values do not. */
    static final ObjectMapper JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    static final String SIMPLE = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @BeforeEach
    void reset() {
        gw.upstream().reset();
        gw.upstream().setDefaultResponse(FakeResponse.chatCompletion("ok"));
    }

    static String message(HttpResponse<String> res) throws Exception {
        return JSON.readTree(res.body()).path("error").path("message").asText();
    }

    static HttpResponse<String> assertBadRequest(HttpResponse<String> res, String param) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        OpenApiContract.get().assertValid("ErrorResponse", res.body());
        JsonNode error = JSON.readTree(res.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo(param);
        return res;
    }

    // ------------------------------------------------------------- $regex (ReDoS)

    /** Two targets on the fake; the condition's regex picks {@code hit}, else {@code miss}. */
    static String regexConfig(String pattern) throws Exception {
        String target = "\"provider\":\"openai\",\"api_key\":\"sk-k\",\"custom_host\":\"" + gw.upstreamV1() + "\"";
        return "{\"strategy\":{\"mode\":\"conditional\",\"conditions\":[{\"query\":{\"metadata.u\":{\"$regex\":"
                + JSON.writeValueAsString(pattern) + "}},\"then\":\"hit\"}],\"default\":\"miss\"},"
                + "\"targets\":[{\"name\":\"hit\"," + target + "},{\"name\":\"miss\"," + target + "}]}";
    }

    static String routedTo(String pattern, String metadataValue) throws Exception {
        HttpResponse<String> res = gw.chat(SIMPLE)
                .without("x-portkey-provider")
                .without("x-portkey-custom-host")
                .header("x-portkey-config", regexConfig(pattern))
                .header("x-portkey-metadata", JSON.writeValueAsString(Map.of("u", metadataValue)))
                .send();
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        String index =
                res.headers().firstValue("x-portkey-last-used-option-index").orElseThrow();
        return index.equals("config.targets[0]") ? "hit" : index.equals("config.targets[1]") ? "miss" : index;
    }

    /**
     * The pattern backtracks exponentially on a backtracking engine (8 s for 28 pairs, far
     * longer for more). Here it runs in linear time: the answers are right and arrive. The timeout
     * is only a guard so that a regression fails instead of hanging the build; nothing is timed.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCatastrophicRegexRoutesCorrectlyWithoutStallingTheGateway() throws Exception {
        String pattern = "(.*?,){11}P";
        assertThat(routedTo(pattern, "x,".repeat(28))).isEqualTo("miss");
        assertThat(routedTo(pattern, "x,".repeat(1_000))).isEqualTo("miss");
        assertThat(routedTo(pattern, "x,".repeat(11) + "P")).isEqualTo("hit");
        assertThat(routedTo(pattern, "x,".repeat(500) + "P")).isEqualTo("hit");
    }

    @Test
    void aValueLongerThanTheRegexInputLimitNeverMatches() throws Exception {
        assertThat(routedTo("P", "x".repeat(1_024) + "P")).isEqualTo("miss");
        assertThat(routedTo("P", "x".repeat(1_023) + "P")).isEqualTo("hit");
    }

    @Test
    void aRegexThatNeedsBacktrackingIsABadRequestNamingItsPath() throws Exception {
        for (String unsupported : new String[] {"(a)\\1", "foo(?=bar)", "(?<!x)y", "a++"}) {
            HttpResponse<String> res = assertBadRequest(
                    gw.chat(SIMPLE)
                            .without("x-portkey-provider")
                            .without("x-portkey-custom-host")
                            .header("x-portkey-config", regexConfig(unsupported))
                            .header("x-portkey-metadata", "{\"u\":\"a\"}")
                            .send(),
                    "x-portkey-config");
            assertThat(message(res)).as(unsupported).contains("config.strategy.conditions[0].query.metadata.u.$regex");
        }
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void anOverlongRegexIsABadRequestNamingItsPath() throws Exception {
        HttpResponse<String> res = assertBadRequest(
                gw.chat(SIMPLE)
                        .without("x-portkey-provider")
                        .without("x-portkey-custom-host")
                        .header("x-portkey-config", regexConfig("a".repeat(1_001)))
                        .send(),
                "x-portkey-config");
        assertThat(message(res))
                .contains("config.strategy.conditions[0].query.metadata.u.$regex")
                .contains("1000");
    }

    /** Nested counted repetitions expand to a program of a billion instructions: refused before it is built. */
    @Test
    void aRegexThatExpandsBeyondItsBoundIsABadRequestAndTheGatewayKeepsServing() throws Exception {
        for (String huge : new String[] {"(((.{1000}){1000}){1000})", "((a{100}){100}){100}", "(.{100}){100}"}) {
            HttpResponse<String> res = assertBadRequest(
                    gw.chat(SIMPLE)
                            .without("x-portkey-provider")
                            .without("x-portkey-custom-host")
                            .header("x-portkey-config", regexConfig(huge))
                            .send(),
                    "x-portkey-config");
            assertThat(message(res))
                    .as(huge)
                    .contains("config.strategy.conditions[0].query.metadata.u.$regex")
                    .contains("2000 instructions");
        }
        assertThat(gw.chat(SIMPLE).send().statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ timeouts

    @Test
    void aRequestTimeoutHeaderTooLargeForADurationIsABadRequest() throws Exception {
        for (String value : new String[] {"9223372036855", "9223372036854775807", "3600001"}) {
            HttpResponse<String> res = assertBadRequest(
                    gw.chat(SIMPLE).header("x-portkey-request-timeout", value).send(), "x-portkey-request-timeout");
            assertThat(message(res))
                    .as(value)
                    .contains("x-portkey-request-timeout")
                    .contains("3600000");
        }
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void theLargestRequestTimeoutIsAccepted() {
        HttpResponse<String> res =
                gw.chat(SIMPLE).header("x-portkey-request-timeout", "3600000").send();
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    }

    @Test
    void aConfigRequestTimeoutTooLargeForADurationIsABadRequestNamingItsPath() throws Exception {
        for (String value : new String[] {"1000000000000000000", "9223372036855", "1e18", "3600001"}) {
            String config = "{\"provider\":\"openai\",\"api_key\":\"sk-k\",\"custom_host\":\"" + gw.upstreamV1()
                    + "\",\"request_timeout\":" + value + "}";
            HttpResponse<String> res = assertBadRequest(
                    gw.chat(SIMPLE)
                            .without("x-portkey-provider")
                            .without("x-portkey-custom-host")
                            .header("x-portkey-config", config)
                            .send(),
                    "x-portkey-config");
            assertThat(message(res))
                    .as(value)
                    .contains("config.request_timeout")
                    .contains("3600000");
        }
        assertThat(gw.upstream().requestCount()).isZero();
    }

    // ------------------------------------------------- values that become headers

    static String configWith(String field, String value) throws Exception {
        return "{\"provider\":\"openai\",\"api_key\":\"sk-k\",\"custom_host\":\"" + gw.upstreamV1() + "\","
                + JSON.writeValueAsString(field) + ":" + JSON.writeValueAsString(value) + "}";
    }

    @Test
    void aLineBreakInAConfigsApiKeyOrProjectIsABadRequestNamingTheField() throws Exception {
        for (String field : new String[] {"api_key", "openai_project", "openai_organization"}) {
            for (String value : new String[] {"sk-a\r\nX-Injected: 1", "sk-a\nb", "sk-\u0000a", "sk-\u00e9t\u00e9"}) {
                HttpResponse<String> res = assertBadRequest(
                        gw.chat(SIMPLE)
                                .without("x-portkey-provider")
                                .without("x-portkey-custom-host")
                                .header("x-portkey-config", configWith(field, value))
                                .send(),
                        "x-portkey-config");
                assertThat(message(res))
                        .as(field + " " + value)
                        .contains("config." + field)
                        .doesNotContain("sk-a")
                        .doesNotContain("X-Injected");
            }
        }
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void aLineBreakInANestedTargetsKeyIsNamedByItsPath() throws Exception {
        String config =
                "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[{\"provider\":\"openai\",\"api_key\":\"sk-k\"},"
                        + "{\"provider\":\"openai\",\"api_key\":\"sk-b\\r\\nx: y\"}]}";
        HttpResponse<String> res = assertBadRequest(
                gw.chat(SIMPLE)
                        .without("x-portkey-provider")
                        .without("x-portkey-custom-host")
                        .header("x-portkey-config", config)
                        .send(),
                "x-portkey-config");
        assertThat(message(res)).contains("config.targets[1].api_key");
    }

    @Test
    void aNonAsciiValueOfAForwardedHeaderIsABadRequestNamingTheHeader() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-portkey-provider", "openai");
        headers.put("authorization", "Bearer " + GatewayHarness.PROVIDER_KEY);
        headers.put("x-portkey-custom-host", gw.upstreamV1());
        headers.put("x-portkey-forward-headers", "x-tenant");
        headers.put("x-tenant", "caf\u00e9 \u2713");
        RawHttp.Answer res = RawHttp.post(port(), headers, SIMPLE);

        assertThat(res.status()).as(res.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(res.body()).path("error");
        assertThat(error.path("param").asText()).isEqualTo("x-portkey-forward-headers");
        assertThat(error.path("message").asText()).contains("x-tenant");
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void aNonAsciiValueOfAHeaderForwardedByAConfigIsABadRequestNamingTheHeader() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put(
                "x-portkey-config",
                "{\"provider\":\"openai\",\"api_key\":\"sk-k\",\"custom_host\":\"" + gw.upstreamV1()
                        + "\",\"forward_headers\":[\"x-tenant\"]}");
        headers.put("x-tenant", "\u2713");
        RawHttp.Answer res = RawHttp.post(port(), headers, SIMPLE);

        assertThat(res.status()).as(res.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(res.body()).path("error");
        assertThat(error.path("param").asText()).isEqualTo("x-portkey-config");
        assertThat(error.path("message").asText()).contains("x-tenant");
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void aNonAsciiProviderKeyIsABadRequestNamingAuthorization() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-portkey-provider", "openai");
        headers.put("authorization", "Bearer sk-\u2713\u00e9");
        headers.put("x-portkey-custom-host", gw.upstreamV1());
        RawHttp.Answer res = RawHttp.post(port(), headers, SIMPLE);

        assertThat(res.status()).as(res.body()).isEqualTo(400);
        assertThat(JSON.readTree(res.body()).path("error").path("param").asText())
                .isEqualTo("authorization");
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void aNonAsciiProviderOptionHeaderIsABadRequestNamingTheHeader() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-portkey-provider", "openai");
        headers.put("authorization", "Bearer " + GatewayHarness.PROVIDER_KEY);
        headers.put("x-portkey-custom-host", gw.upstreamV1());
        headers.put("x-portkey-openai-project", "proj-\u2713");
        RawHttp.Answer res = RawHttp.post(port(), headers, SIMPLE);

        assertThat(res.status()).as(res.body()).isEqualTo(400);
        assertThat(JSON.readTree(res.body()).path("error").path("param").asText())
                .isEqualTo("x-portkey-openai-project");
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void aPlainAsciiForwardedHeaderStillReachesTheProvider() {
        HttpResponse<String> res = gw.chat(SIMPLE)
                .header("x-portkey-forward-headers", "x-tenant")
                .header("x-tenant", "acme corp; tier=1")
                .send();
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(gw.upstream().takeRequest().header("x-tenant")).isEqualTo("acme corp; tier=1");
    }

    static int port() {
        return URI.create(gw.url()).getPort();
    }
}
