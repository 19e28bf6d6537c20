package io.jetway.contract;

import static io.jetway.contract.OpenAiPassthroughTest.SIMPLE;
import static io.jetway.contract.OpenAiPassthroughTest.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.contract.fake.RawUpstream;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Answers a provider may send that are no chat completion: a 2xx whose body is not JSON (on the
 * OpenAI-format path, which passes answers through), and statuses that carry no answer (1xx, 204,
 * 3xx). Each is a 502 {@code upstream_error} saying what came back, is never cached, and never
 * makes the gateway follow a redirect.
 */
class UnusableUpstreamAnswersTest {

    static final String CACHE = "{\"cache\":{\"mode\":\"simple\",\"max_age\":3600}}";
    static final String COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
            + "\"finish_reason\":\"stop\"}]}";

    static final String STREAM = "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static HttpResponse<String> assertBadGateway(HttpResponse<String> res) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(502);
        assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
        OpenApiContract.get().assertValid("ErrorResponse", res.body());
        assertThat(field(res.body(), "/error/type")).isEqualTo("upstream_error");
        return res;
    }

    static Stream<Arguments> successesThatAreNotJson() {
        String html = "<html><body>Service temporarily unavailable</body></html>";
        return Stream.of(
                Arguments.of(
                        "an HTML page",
                        "not valid JSON",
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + html.length() + "\r\n\r\n"
                                + html),
                Arguments.of(
                        "an empty body",
                        "not valid JSON",
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + "Content-Length: 0\r\n\r\n"),
                Arguments.of(
                        "a truncated body",
                        "not valid JSON",
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + "Connection: close\r\n\r\n"
                                + COMPLETION.substring(0, 60)),
                Arguments.of(
                        "a Content-Length shorter than the body",
                        "not valid JSON",
                        "HTTP/1.1 200 OK\r\n" + "Content-Type: application/json\r\nContent-Length: 60\r\n\r\n"
                                + COMPLETION),
                // The connection closed before the declared length: Http1UpstreamClient reports the early end.
                Arguments.of(
                        "a body shorter than its Content-Length",
                        "before its answer was complete",
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                + (COMPLETION.length() + 40) + "\r\n\r\n" + COMPLETION),
                Arguments.of(
                        "JSON followed by more",
                        "not valid JSON",
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + "Content-Length: "
                                + (COMPLETION.length() + 6) + "\r\n\r\n" + COMPLETION + "<html>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("successesThatAreNotJson")
    void aSuccessWhoseBodyIsNotJsonIsABadGatewayAndIsNeverCached(String what, String says, String raw) {
        try (RawUpstream upstream = RawUpstream.answering(raw)) {
            HttpResponse<String> first = gw.chat(SIMPLE)
                    .header("x-portkey-custom-host", upstream.v1())
                    .header("x-portkey-config", CACHE)
                    .send();
            HttpResponse<String> second = gw.chat(SIMPLE)
                    .header("x-portkey-custom-host", upstream.v1())
                    .header("x-portkey-config", CACHE)
                    .send();

            assertBadGateway(first);
            assertThat(field(first.body(), "/error/message")).contains(says);
            assertBadGateway(second);
            assertThat(upstream.requestCount())
                    .as("the second request was not served from the cache")
                    .isEqualTo(2);
            assertThat(second.headers().firstValue("x-portkey-cache-status")).hasValue("MISS");
        }
    }

    @Test
    void aWellFormedAnswerStillPassesThroughByteForByte() {
        try (RawUpstream upstream = RawUpstream.answering("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (COMPLETION.length() + 2) + "\r\n\r\n" + COMPLETION + "\r\n")) {
            HttpResponse<String> res = gw.chat(SIMPLE)
                    .header("x-portkey-custom-host", upstream.v1())
                    .send();

            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            assertThat(res.body()).isEqualTo(COMPLETION + "\r\n");
        }
    }

    static Stream<Arguments> statusesThatCarryNoAnswer() {
        return Stream.of(
                Arguments.of(
                        101,
                        "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n" + COMPLETION),
                Arguments.of(204, "HTTP/1.1 204 No Content\r\n\r\n"),
                Arguments.of(304, "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n"),
                Arguments.of(
                        307,
                        "HTTP/1.1 307 Temporary Redirect\r\nLocation: /v2/chat/completions\r\n"
                                + "Content-Length: 0\r\n\r\n"));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @MethodSource("statusesThatCarryNoAnswer")
    void aStatusThatCarriesNoAnswerIsABadGatewayNamingIt(int status, String raw) {
        try (RawUpstream upstream = RawUpstream.answering(raw)) {
            HttpResponse<String> res = gw.chat(SIMPLE)
                    .header("x-portkey-custom-host", upstream.v1())
                    .header("x-portkey-config", CACHE)
                    .send();
            HttpResponse<String> stream = gw.chat(STREAM)
                    .header("x-portkey-custom-host", upstream.v1())
                    .send();

            assertBadGateway(res);
            assertThat(field(res.body(), "/error/message")).contains("HTTP " + status);
            assertThat(field(res.body(), "/error/code")).isEqualTo("unexpected_upstream_status");
            assertBadGateway(stream);
            assertThat(field(stream.body(), "/error/message")).contains("HTTP " + status);
        }
    }

    @Test
    void aRedirectIsABadGatewayAndIsNeverFollowed() {
        try (RawUpstream elsewhere = RawUpstream.answering("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + COMPLETION.length() + "\r\n\r\n" + COMPLETION);
                RawUpstream redirecting = RawUpstream.answering("HTTP/1.1 302 Found\r\nLocation: " + elsewhere.v1()
                        + "/chat/completions\r\nContent-Length: 0\r\n\r\n")) {
            HttpResponse<String> res = gw.chat(SIMPLE)
                    .header("x-portkey-custom-host", redirecting.v1())
                    .send();

            assertBadGateway(res);
            assertThat(field(res.body(), "/error/message"))
                    .contains("HTTP 302")
                    .contains("redirect")
                    .doesNotContain(elsewhere.baseUrl());
            assertThat(res.headers().firstValue("location")).isEmpty();
            assertThat(elsewhere.requestCount()).isZero();
        }
    }
}
