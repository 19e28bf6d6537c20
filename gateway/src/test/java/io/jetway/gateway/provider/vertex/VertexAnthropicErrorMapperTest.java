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

    private GatewayException map(int status, String fixture, Function<String, String> headers) {
        return provider.mapError(
                call("claude-sonnet-4-5@20250929"), status, VertexFixtures.bytes("error/" + fixture), headers);
    }

    @Test
    void keepsAnAnthropicInvalidRequestErrorsTypeAndMessage() {
        GatewayException e = map(400, "claude-unexpected-beta.anthropic.json", NO_HEADERS);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.type()).isEqualTo("invalid_request_error");
        assertThat(e.getMessage())
                .startsWith("Unexpected value(s) `web-search-2025-03-05` for the `anthropic-beta` header.");
    }

    @Test
    void anAnthropicOverloadedErrorBecomesARetryable503() {
        GatewayException e = map(529, "claude-overloaded.anthropic.json", NO_HEADERS);
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.type()).isEqualTo("overloaded_error");
        assertThat(e.getMessage()).isEqualTo("Overloaded");
    }

    @Test
    void aGoogleQuotaErrorKeepsItsStatusMessageAndRetryAfter() {
        GatewayException e = map(429, "claude-quota.google.json", n -> "retry-after".equals(n) ? "30" : null);
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.type()).isEqualTo("rate_limit_error");
        assertThat(e.code()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(e.getMessage())
                .startsWith("Quota exceeded for aiplatform.googleapis.com/"
                        + "online_prediction_input_tokens_per_minute_per_base_model");
        assertThat(e.headers()).containsEntry("retry-after", "30");
    }

    @Test
    void aGoogleErrorWrappedInAnArrayIsReadToo() {
        GatewayException e = map(404, "claude-not-found.google.json", NO_HEADERS);
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.type()).isEqualTo(GatewayException.NOT_FOUND);
        assertThat(e.code()).isEqualTo("NOT_FOUND");
        assertThat(e.getMessage())
                .startsWith("Publisher Model `projects/my-project/locations/us-east5/publishers/"
                        + "anthropic/models/claude-sonnet-4-5@20250929` not found.");
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
        assertThat(VertexAnthropicErrorMapper.isAnthropicError(
                        VertexFixtures.bytes("error/claude-overloaded.anthropic.json")))
                .isTrue();
        assertThat(VertexAnthropicErrorMapper.isAnthropicError(
                        "{\"error\":{\"type\":\"rate_limit_error\",\"message\":\"m\"}}"
                                .getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(VertexAnthropicErrorMapper.isAnthropicError(VertexFixtures.bytes("error/claude-quota.google.json")))
                .isFalse();
        assertThat(VertexAnthropicErrorMapper.isAnthropicError(
                        VertexFixtures.bytes("error/claude-not-found.google.json")))
                .isFalse();
    }

    @Test
    void geminiCallsKeepGooglesErrorMappingEvenForAnthropicLookingBodies() {
        GatewayException e = provider.mapError(
                call("gemini-2.5-flash"), 429, VertexFixtures.bytes("error/claude-quota.google.json"), NO_HEADERS);
        assertThat(e.code()).isEqualTo("RESOURCE_EXHAUSTED");
        GatewayException anthropicShaped = provider.mapError(
                call("gemini-2.5-flash"),
                529,
                VertexFixtures.bytes("error/claude-overloaded.anthropic.json"),
                NO_HEADERS);
        assertThat(anthropicShaped.status())
                .as("the Gemini path keeps the status as it is")
                .isEqualTo(529);
    }
}
