package io.jetway.gateway.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Cohere error answers beyond the documented ones, which run as conformance cases
 * ({@code conformance/cohere/error-*}: Cohere's status, message and retry-after kept).
 */
class CohereErrorMapperTest {

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
