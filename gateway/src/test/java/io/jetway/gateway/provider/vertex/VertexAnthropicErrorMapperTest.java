package io.jetway.gateway.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.provider.ProviderCall;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Errors of Claude calls on Vertex AI, through {@link VertexProvider#mapError}: Anthropic-shaped
 * bodies from the model's serving and Google-shaped ones from Vertex's front end each keep their
 * status, message and type.
 */
class VertexAnthropicErrorMapperTest {

    private static final Function<String, String> NO_HEADERS = n -> null;

    private final VertexProvider provider = new VertexProvider(account -> "unused");

    private static ProviderCall call(String model) {
        ChatRequest request = VertexFixtures.request(
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        return VertexFixtures.call(request, "t", null, Map.of(ProviderOption.VERTEX_PROJECT_ID, "p"));
    }

    @Test
    void aBodyOfNeitherShapeKeepsTheStatusAndNamesVertex() {
        GatewayException e = provider.mapError(
                call("claude-sonnet-4-5@20250929"),
                502,
                "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8),
                NO_HEADERS);
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.getMessage()).contains("vertex-ai").contains("Bad Gateway");
        assertThat(provider.mapError(call("claude-sonnet-4-5@20250929"), 500, new byte[0], NO_HEADERS)
                        .getMessage())
                .contains("vertex-ai");
    }

    @Test
    void recognisesAnthropicBodiesByTheirErrorType() {
        assertThat(VertexAnthropicErrorMapper.isAnthropicError(VertexFixtures.errorBody("error-claude-overloaded")))
                .isTrue();
        assertThat(VertexAnthropicErrorMapper.isAnthropicError(
                        "{\"error\":{\"type\":\"rate_limit_error\",\"message\":\"m\"}}"
                                .getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(VertexAnthropicErrorMapper.isAnthropicError(VertexFixtures.errorBody("error-claude-quota")))
                .isFalse();
        assertThat(VertexAnthropicErrorMapper.isAnthropicError(VertexFixtures.errorBody("error-claude-not-found")))
                .isFalse();
    }

    @Test
    void geminiCallsKeepGooglesErrorMappingEvenForAnthropicLookingBodies() {
        GatewayException e = provider.mapError(
                call("gemini-2.5-flash"), 429, VertexFixtures.errorBody("error-claude-quota"), NO_HEADERS);
        assertThat(e.code()).isEqualTo("RESOURCE_EXHAUSTED");
        GatewayException anthropicShaped = provider.mapError(
                call("gemini-2.5-flash"), 529, VertexFixtures.errorBody("error-claude-overloaded"), NO_HEADERS);
        assertThat(anthropicShaped.status())
                .as("the Gemini path keeps the status as it is")
                .isEqualTo(529);
    }
}
