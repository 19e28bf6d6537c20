package io.jetway.gateway.provider.google;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Google's error bodies beyond the documented ones, which run as conformance cases
 * ({@code conformance/google/error-*}, {@code conformance/vertex-ai/error-gemini-*}).
 */
class GeminiErrorMapperTest {

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
