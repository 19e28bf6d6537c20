package io.jetway.gateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.ErrorBodies;
import io.jetway.gateway.core.GatewayException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Anthropic's documented error bodies (https://docs.claude.com/en/api/errors) in OpenAI's shape. */
class AnthropicErrorMapperTest {

    private static GatewayException map(int status, String fixture, Map<String, String> headers) {
        return new AnthropicProvider()
                .mapError(
                        Fixtures.call(AnthropicResponseMapperTest.PLAIN, true),
                        status,
                        Fixtures.bytes("error/" + fixture + ".anthropic.json"),
                        headers::get);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "400, invalid-request, 400, invalid_request_error, messages: text content blocks must be non-empty",
        "401, authentication, 401, authentication_error, invalid x-api-key",
        "404, not-found, 404, not_found_error, The requested resource could not be found.",
        "529, overloaded, 503, overloaded_error, Overloaded"
    })
    void keepsAnthropicsStatusTypeAndMessageWith529As503(
            int status, String fixture, int clientStatus, String type, String message) {
        GatewayException e = map(status, fixture, Map.of());
        assertThat(e.status()).isEqualTo(clientStatus);
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(Fixtures.json(ErrorBodies.json(e))
                        .path("error")
                        .path("message")
                        .asText())
                .isEqualTo(message);
    }

    @Test
    void aRateLimitKeeps429AndTheRetryAfterHeaders() {
        GatewayException e =
                map(429, "rate-limit", Map.of("retry-after", "17", "anthropic-ratelimit-requests-limit", "50"));
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.type()).isEqualTo("rate_limit_error");
        assertThat(e.headers()).containsExactly(Map.entry("retry-after", "17"));
    }

    @Test
    void aBodyThatIsNotAnAnthropicErrorKeepsTheStatusAndShowsTheBody() {
        GatewayException e = AnthropicErrorMapper.map(502, "<html>Bad gateway</html>".getBytes(), n -> null);
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.type()).isEqualTo("api_error");
        assertThat(e.getMessage()).contains("HTTP 502").contains("<html>Bad gateway</html>");
        GatewayException empty = AnthropicErrorMapper.map(529, new byte[0], n -> null);
        assertThat(empty.status()).isEqualTo(503);
        assertThat(empty.type()).isEqualTo("overloaded_error");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "overloaded_error, 503",
        "rate_limit_error, 429",
        "api_error, 502",
        "invalid_request_error, 400",
        "authentication_error, 401",
        "permission_error, 403",
        "not_found_error, 404",
        "request_too_large, 413",
        "timeout_error, 504",
        "billing_error, 402",
        "something_new, 502"
    })
    void aStreamErrorEventTakesTheStatusOfItsType(String type, int status) {
        GatewayException e = AnthropicErrorMapper.fromStreamEvent(
                "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"m\"}}");
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.getMessage()).isEqualTo("m");
    }
}
