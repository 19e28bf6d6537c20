package io.jetway.gateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Anthropic's error bodies (https://docs.claude.com/en/api/errors) in OpenAI's shape; the documented
 * ones run as conformance cases ({@code conformance/anthropic/error-*}).
 */
class AnthropicErrorMapperTest {

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
