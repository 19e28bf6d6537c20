package io.jetway.gateway.provider.google;

import static io.jetway.gateway.provider.google.GeminiFixtures.bytes;
import static io.jetway.gateway.provider.google.GeminiFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiErrorMapperTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "invalid-api-key.json | 400 | invalid_request_error | INVALID_ARGUMENT | API key not valid. Please pass a valid API key.",
                "model-not-found.json | 404 | not_found_error | NOT_FOUND | models/gemini-9-ultra is not found for API version v1beta",
                "quota-exhausted.json | 429 | rate_limit_error | RESOURCE_EXHAUSTED | You exceeded your current quota",
                "overloaded.json | 503 | upstream_error | UNAVAILABLE | The model is overloaded. Please try again later.",
                "vertex-permission-denied.json | 403 | permission_error | PERMISSION_DENIED | Permission 'aiplatform.endpoints.predict' denied",
                "vertex-unauthenticated.json | 401 | authentication_error | UNAUTHENTICATED | Request had invalid authentication credentials."
            })
    void keepsGooglesStatusAndMessageAndTypesTheErrorByItsStatus(
            String fixture, int status, String type, String googleStatus, String messageStart) {
        GatewayException e = GeminiErrorMapper.map("google", status, bytes("error/" + fixture), name -> null);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.code()).isEqualTo(googleStatus);
        assertThat(e.getMessage()).startsWith(messageStart);
        assertThat(e.getMessage())
                .isEqualTo(json(bytes("error/" + fixture)).findPath("message").asText());
    }

    @Test
    void passesRetryAfterOn() {
        GatewayException e = GeminiErrorMapper.map(
                "google", 429, bytes("error/quota-exhausted.json"), name -> name.equals("retry-after") ? "39" : null);
        assertThat(e.headers()).isEqualTo(Map.of("retry-after", "39"));
    }

    @Test
    void describesABodyThatIsNotGooglesErrorShape() {
        byte[] html = "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
        GatewayException e = GeminiErrorMapper.map("vertex-ai", 502, html, name -> null);
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.type()).isEqualTo(GatewayException.UPSTREAM);
        assertThat(e.getMessage())
                .isEqualTo("The provider vertex-ai answered HTTP 502: <html><body>502 Bad Gateway</body></html>");
    }

    @Test
    void describesAnEmptyBody() {
        GatewayException e = GeminiErrorMapper.map("google", 404, new byte[0], name -> null);
        assertThat(e.type()).isEqualTo(GatewayException.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("The provider google answered HTTP 404 with an empty body.");
    }
}
