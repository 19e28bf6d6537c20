package io.jetway.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.requests.RequestParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * OpenAI's custom tools have no counterpart at the providers that translate the request: a custom
 * tool, a tool_choice naming one, or a custom tool call in the history is a 400 that says so;
 * {@code allowed_tools} is carried out by offering only the allowed function tools.
 */
class CustomToolsOnTranslatingProvidersTest {

    private static final RequestParser PARSER = new RequestParser(Json.MAPPER);
    private static final ProviderRegistry PROVIDERS = Providers.defaults();
    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}},"
            + "{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}]";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "anthropic, claude-sonnet-4-5",
        "google, gemini-2.5-flash",
        "cohere, command-a-03-2025",
        "bedrock, anthropic.claude-sonnet-4-5-20250929-v1:0",
        "vertex-ai, claude-sonnet-4-5@20250929"
    })
    void aCustomToolIsRefusedWithAMessageSayingWhatToSendInstead(String provider, String model) {
        assertThatThrownBy(
                        () -> prepare(
                                provider,
                                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
                                        + "\"content\":\"Hi\"}],\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"run_sql\"}}]}"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("tools[0].type");
                    assertThat(e.getMessage())
                            .contains("run_sql")
                            .contains("custom tool")
                            .contains("function");
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "anthropic, claude-sonnet-4-5",
        "google, gemini-2.5-flash",
        "cohere, command-a-03-2025",
        "bedrock, anthropic.claude-sonnet-4-5-20250929-v1:0"
    })
    void aCustomToolCallInTheHistoryIsRefused(String provider, String model) {
        assertThatThrownBy(() -> prepare(
                        provider,
                        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
                                + "\"content\":\"Hi\"},{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"custom\","
                                + "\"custom\":{\"name\":\"run_sql\",\"input\":\"SELECT 1\"}}]},{\"role\":\"tool\",\"tool_call_id\":"
                                + "\"c1\",\"content\":\"1\"}]}"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("messages[1].tool_calls[0].type");
                });
    }

    @Test
    void aToolChoiceNamingACustomToolIsRefused() {
        assertThatThrownBy(() -> prepare(
                        "anthropic",
                        "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":"
                                + "\"user\",\"content\":\"Hi\"}]," + TOOLS
                                + ",\"tool_choice\":{\"type\":\"custom\",\"custom\":"
                                + "{\"name\":\"run_sql\"}}}"))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.param()).isEqualTo("tool_choice"));
    }

    @Test
    void allowedToolsOffersAnthropicOnlyTheAllowedToolsWithItsMode() {
        JsonNode body = body(
                prepare(
                        "anthropic",
                        "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\","
                                + "\"content\":\"Hi\"}]," + TOOLS
                                + ",\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":"
                                + "{\"mode\":\"required\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}]}}}"));

        assertThat(body.path("tools")).hasSize(1);
        assertThat(body.at("/tools/0/name").asText()).isEqualTo("get_time");
        assertThat(body.at("/tool_choice/type").asText()).isEqualTo("any");
    }

    @Test
    void allowedToolsOffersGeminiOnlyTheAllowedFunctions() {
        JsonNode body = body(
                prepare(
                        "google",
                        "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\","
                                + "\"content\":\"Hi\"}]," + TOOLS
                                + ",\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":"
                                + "{\"mode\":\"auto\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]}}}"));

        assertThat(body.at("/tools/0/functionDeclarations")).hasSize(1);
        assertThat(body.at("/tools/0/functionDeclarations/0/name").asText()).isEqualTo("get_weather");
        assertThat(body.at("/toolConfig/functionCallingConfig/mode").asText()).isEqualTo("AUTO");
    }

    private static JsonNode body(ProviderRequest r) {
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProviderRequest prepare(String provider, String json) {
        ChatRequest request = PARSER.parse("application/json", json.getBytes(StandardCharsets.UTF_8));
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        options.put(ProviderOption.AWS_ACCESS_KEY_ID, "AKIDEXAMPLE");
        options.put(ProviderOption.AWS_SECRET_ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        options.put(ProviderOption.VERTEX_PROJECT_ID, "p");
        Target target = new Target(provider, "key", null, null, options, null, Map.of(), true);
        return PROVIDERS
                .get(provider, "x-portkey-provider")
                .translate(new ProviderCall(request, target, "trace-1", Instant.parse("2026-01-01T00:00:00Z")))
                .request();
    }
}
