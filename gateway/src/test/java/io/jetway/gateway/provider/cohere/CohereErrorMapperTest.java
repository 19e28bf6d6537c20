package io.jetway.gateway.provider.cohere;

import static io.jetway.gateway.provider.cohere.CohereFixtures.bytes;
import static io.jetway.gateway.provider.cohere.CohereFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cohere error answers ({@code {"message": …}}) → OpenAI errors with Cohere's status and message. */
class CohereErrorMapperTest {

    @ParameterizedTest
    @CsvSource({
        "400, invalid_request_error",
        "401, authentication_error",
        "404, not_found_error",
        "429, rate_limit_error",
        "498, authentication_error",
        "500, upstream_error"
    })
    void keepsCoheresStatusAndMessage(int status, String type) {
        byte[] body = bytes("errors/" + status + ".json");
        assertThat(CohereSpec.validateError(status, body).getMessages())
                .as("fixture has Cohere's documented error shape")
                .isEmpty();

        GatewayException e = CohereErrorMapper.map(status, body, name -> null);

        assertThat(e.status()).isEqualTo(status);
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.getMessage())
                .isEqualTo(json("errors/" + status + ".json").path("message").asText());
    }

    @Test
    void keepsRetryAfterOnRateLimits() {
        GatewayException e =
                CohereErrorMapper.map(429, bytes("errors/429.json"), name -> name.equals("retry-after") ? "7" : null);

        assertThat(e.status()).isEqualTo(429);
        assertThat(e.headers()).isEqualTo(Map.of("retry-after", "7"));
    }

    @Test
    void describesBodiesWithoutAMessage() {
        GatewayException html =
                CohereErrorMapper.map(502, "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8), name -> null);
        GatewayException empty = CohereErrorMapper.map(503, new byte[0], name -> null);

        assertThat(html.status()).isEqualTo(502);
        assertThat(html.getMessage()).isEqualTo("The provider cohere answered HTTP 502: <html>Bad Gateway</html>");
        assertThat(empty.getMessage()).isEqualTo("The provider cohere answered HTTP 503 with an empty body.");
    }

    @Test
    void readsTheOpenAiErrorShapeOfProxiesInFrontOfCohere() {
        GatewayException e = CohereErrorMapper.map(
                400, "{\"error\":{\"message\":\"bad\"}}".getBytes(StandardCharsets.UTF_8), name -> null);

        assertThat(e.getMessage()).isEqualTo("bad");
    }
}
