package io.jetway.contract;

import static io.jetway.contract.OpenAiPassthroughTest.SIMPLE;
import static io.jetway.contract.OpenAiPassthroughTest.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every bad request is an OpenAI-style 4xx saying what to fix; upstream failures keep their meaning. */
class ErrorHandlingTest {

    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start(Map.of("JETWAY_UPSTREAM_TIMEOUT_MS", "600"));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @BeforeEach
    void reset() {
        gw.upstream().reset();
    }

    private static HttpResponse<String> assertError(HttpResponse<String> res, int status, String param) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(res.headers().firstValue("x-portkey-trace-id")).isPresent();
        OpenApiContract.get().assertValid("ErrorResponse", res.body());
        assertThat(field(res.body(), "/error/message"))
                .isNotBlank()
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        if (param != null) {
            assertThat(field(res.body(), "/error/param")).isEqualTo(param);
        }
        return res;
    }

    @Test
    void malformedJsonIsABadRequestThatSaysWhere() {
        HttpResponse<String> res = assertError(gw.chat("{\"messages\": [").send(), 400, null);
        assertThat(field(res.body(), "/error/message"))
                .contains("not valid JSON")
                .contains("line 1");
    }

    @Test
    void aBodyThatIsNotAnObjectIsABadRequest() {
        assertError(gw.chat("[1,2]").send(), 400, null);
    }

    @Test
    void aWrongContentTypeIsABadRequest() {
        HttpResponse<String> res =
                assertError(gw.chat(SIMPLE).header("content-type", "text/plain").send(), 400, null);
        assertThat(field(res.body(), "/error/message")).contains("application/json");
    }

    @Test
    void anEmptyBodyIsABadRequest() {
        assertError(gw.chat("").send(), 400, null);
    }

    @Test
    void missingMessagesIsABadRequestNamingMessages() {
        assertError(gw.chat("{\"model\":\"gpt-4o\"}").send(), 400, "messages");
    }

    @Test
    void emptyMessagesIsABadRequestNamingMessages() {
        assertError(gw.chat("{\"model\":\"gpt-4o\",\"messages\":[]}").send(), 400, "messages");
    }

    @Test
    void anUnknownRoleIsABadRequestNamingTheRoleAndTheChoices() {
        HttpResponse<String> res = assertError(
                gw.chat("{\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}")
                        .send(),
                400,
                "messages[0].role");
        assertThat(field(res.body(), "/error/message")).contains("robot").contains("assistant");
    }

    @Test
    void aFieldOfTheWrongTypeIsABadRequestNamingIt() {
        HttpResponse<String> res = assertError(
                gw.chat("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":\"10\"}")
                        .send(),
                400,
                "max_tokens");
        assertThat(field(res.body(), "/error/message"))
                .isEqualTo("max_tokens must be an integer, not the string \"10\".");
    }

    @Test
    void anOutOfRangeValueIsABadRequestNamingTheJsonField() {
        HttpResponse<String> res = assertError(
                gw.chat("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"top_p\":1.5}")
                        .send(),
                400,
                "top_p");
        assertThat(field(res.body(), "/error/message")).contains("top_p").contains("1.5");
    }

    @Test
    void aMissingFieldInsideAMessageIsNamedByItsPath() {
        assertError(
                gw.chat("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"tool\",\"content\":\"y\"}]}")
                        .send(),
                400,
                "messages[1].tool_call_id");
    }

    @Test
    void anImageInASystemMessageIsABadRequest() {
        assertError(
                gw.chat(
                                "{\"messages\":[{\"role\":\"system\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]}]}")
                        .send(),
                400,
                "messages[0].content[0].type");
    }

    @Test
    void noProviderAndNoConfigIsABadRequestExplainingBoth() {
        HttpResponse<String> res =
                assertError(gw.chat(SIMPLE).without("x-portkey-provider").send(), 400, "x-portkey-provider");
        assertThat(field(res.body(), "/error/message"))
                .contains("x-portkey-provider")
                .contains("x-portkey-config");
    }

    @Test
    void anUnknownProviderIsABadRequestListingTheSupportedOnes() {
        HttpResponse<String> res = assertError(
                gw.chat(SIMPLE).header("x-portkey-provider", "openia").send(), 400, "x-portkey-provider");
        assertThat(field(res.body(), "/error/message"))
                .contains("openia")
                .contains("openai")
                .contains("groq");
    }

    @Test
    void aConfigThatIsNotJsonIsABadRequest() {
        assertError(
                gw.chat(SIMPLE)
                        .without("x-portkey-provider")
                        .header("x-portkey-config", "{\"provider\":")
                        .send(),
                400,
                "x-portkey-config");
    }

    @Test
    void aConfigWithMistakesListsEveryOneWithItsPath() {
        HttpResponse<String> res = assertError(
                gw.chat(SIMPLE)
                        .without("x-portkey-provider")
                        .header(
                                "x-portkey-config",
                                "{\"provider\":\"openai\",\"apikey\":\"x\",\"request_timeout\":\"soon\"}")
                        .send(),
                400,
                "x-portkey-config");
        assertThat(field(res.body(), "/error/message"))
                .contains("config.apikey")
                .contains("config.request_timeout");
    }

    @Test
    void aNonNumericRequestTimeoutHeaderIsABadRequest() {
        assertError(
                gw.chat(SIMPLE).header("x-portkey-request-timeout", "soon").send(), 400, "x-portkey-request-timeout");
    }

    @Test
    void anInvalidCustomHostIsABadRequest() {
        assertError(
                gw.chat(SIMPLE)
                        .header("x-portkey-custom-host", "ftp://example.com")
                        .send(),
                400,
                "x-portkey-custom-host");
    }

    @Test
    void theProvidersErrorKeepsItsStatusMessageAndRetryAfter() {
        gw.upstream()
                .enqueue(FakeResponse.error(429, "Rate limit reached for gpt-4o", "requests", "rate_limit_exceeded")
                        .header("retry-after", "7"));

        HttpResponse<String> res = assertError(gw.chat(SIMPLE).send(), 429, null);

        assertThat(field(res.body(), "/error/message")).isEqualTo("Rate limit reached for gpt-4o");
        assertThat(field(res.body(), "/error/type")).isEqualTo("requests");
        assertThat(field(res.body(), "/error/code")).isEqualTo("rate_limit_exceeded");
        assertThat(res.headers().firstValue("retry-after")).hasValue("7");
        assertThat(res.headers().firstValue("x-portkey-provider")).hasValue("openai");
    }

    @Test
    void aProviderErrorThatIsNotJsonIsNormalised() {
        gw.upstream()
                .enqueue(FakeResponse.json(503, "<html>Service Unavailable</html>")
                        .header("content-type", "text/html"));

        HttpResponse<String> res = assertError(gw.chat(SIMPLE).send(), 503, null);

        assertThat(field(res.body(), "/error/message")).contains("503").contains("Service Unavailable");
    }

    @Test
    void anUnreachableProviderIsABadGatewayAndTheNextRequestIsServed() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        HttpResponse<String> res = assertError(
                gw.chat(SIMPLE)
                        .header("x-portkey-custom-host", "http://127.0.0.1:" + closedPort + "/v1")
                        .send(),
                502,
                null);
        assertThat(field(res.body(), "/error/message")).contains("127.0.0.1:" + closedPort);

        assertThat(gw.chat(SIMPLE).send().statusCode()).isEqualTo(200);
    }

    @Test
    void aProviderSlowerThanTheGatewayLimitIsAGatewayTimeout() {
        gw.upstream().enqueue(FakeResponse.chatCompletion("late").delayBeforeHeadersMillis(2000));

        HttpResponse<String> res = assertError(gw.chat(SIMPLE).send(), 504, null);

        assertThat(field(res.body(), "/error/code")).isEqualTo("upstream_timeout");
    }

    @Test
    void aProviderSlowerThanTheCallersRequestTimeoutIsARequestTimeout() {
        gw.upstream().enqueue(FakeResponse.chatCompletion("late").delayBeforeHeadersMillis(2000));

        HttpResponse<String> res = assertError(
                gw.chat(SIMPLE).header("x-portkey-request-timeout", "200").send(), 408, null);

        assertThat(field(res.body(), "/error/type")).isEqualTo("timeout_error");
    }

    @Test
    void aStreamIdleLongerThanTheRequestTimeoutEndsWithATimeoutErrorEvent() {
        gw.upstream().enqueue(FakeResponse.chatStream("a", "b").delayBeforeEachEventMillis(1500));

        String body = gw.chat("{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .header("x-portkey-request-timeout", "300")
                .send()
                .body();

        assertThat(body).doesNotContain("[DONE]").contains("\"timeout_error\"");
    }

    @Test
    void otherMethodsAndPathsGetJsonErrors() {
        assertError(gw.raw("GET", "/v1/chat/completions", null).send(), 405, null);
        assertError(gw.raw("GET", "/v2/models/nope", null).send(), 404, null);
        // The rest of /v1 is OpenAI's API, passed through: without a provider, a 400 saying how to choose one.
        assertError(gw.raw("GET", "/v1/models/nope", null).send(), 400, "x-portkey-provider");
    }

    @Test
    void aCustomHostOnALoopbackAddressIsRefusedUnlessTrusted() {
        try (GatewayHarness untrusted = GatewayHarness.start(Map.of("TRUSTED_CUSTOM_HOSTS", ""))) {
            HttpResponse<String> res = assertError(untrusted.chat(SIMPLE).send(), 400, "x-portkey-custom-host");
            assertThat(field(res.body(), "/error/code")).isEqualTo("custom_host_refused");
            assertThat(field(res.body(), "/error/message")).contains("TRUSTED_CUSTOM_HOSTS");
            assertThat(untrusted.upstream().requestCount()).isZero();
        }
    }

    @Test
    void aCustomHostWrittenAsANumberResolversReadDifferentlyIsRefusedEvenThoughItsAddressIsTrusted() {
        // 127.0.0.1 is trusted here; 2130706433 and 127.1 are 127.0.0.1 to most resolvers, but not
        // to all (or, for 0177.0.0.1, not to the same address): refused, saying how to write it.
        int port = gw.upstream().port();
        for (String host : new String[] {"http://2130706433:" + port + "/v1", "http://127.1:" + port + "/v1"}) {
            HttpResponse<String> res = assertError(
                    gw.chat(SIMPLE).header("x-portkey-custom-host", host).send(), 400, "x-portkey-custom-host");
            assertThat(field(res.body(), "/error/code")).isEqualTo("custom_host_refused");
            assertThat(field(res.body(), "/error/message")).contains("four decimal numbers");
        }
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void gatewayApiKeysWhenConfiguredAreRequired() {
        try (GatewayHarness locked = GatewayHarness.start(Map.of("JETWAY_API_KEYS", "jk-1,jk-2"))) {
            assertError(locked.chat(SIMPLE).send(), 401, "x-portkey-api-key");
            assertError(locked.chat(SIMPLE).header("x-portkey-api-key", "jk-3").send(), 401, "x-portkey-api-key");
            assertThat(locked.chat(SIMPLE)
                            .header("x-portkey-api-key", "jk-2")
                            .send()
                            .statusCode())
                    .isEqualTo(200);
        }
    }
}
