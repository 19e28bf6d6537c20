package io.jetway.gateway.provider.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRegistry;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Providers;
import io.jetway.gateway.requests.RequestParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules that hold for every provider, checked on every provider: how {@code override_params}
 * apply, how data URLs are read, what is named in {@code x-jetway-dropped-params}. Each case was a
 * difference between providers before the shared core.
 */
class EveryProviderSharesTheCoreRulesTest {

    private static final RequestParser PARSER = new RequestParser(Json.MAPPER);
    private static final ProviderRegistry PROVIDERS = Providers.defaults();
    private static final String PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    /** Every provider, with a model it serves (Vertex and Bedrock once per model family). */
    static Stream<Arguments> providers() {
        return Stream.of(
                Arguments.of("openai", "gpt-4o"),
                Arguments.of("azure-openai", "gpt-4o"),
                Arguments.of("groq", "llama-3.3-70b-versatile"),
                Arguments.of("anthropic", "claude-sonnet-4-5"),
                Arguments.of("google", "gemini-2.5-flash"),
                Arguments.of("vertex-ai", "gemini-2.5-flash"),
                Arguments.of("vertex-ai", "claude-sonnet-4-5@20250929"),
                Arguments.of("cohere", "command-a-03-2025"),
                Arguments.of("bedrock", "anthropic.claude-sonnet-4-5-20250929-v1:0"),
                Arguments.of("bedrock", "amazon.nova-pro-v1:0"));
    }

    private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providers")
    void anOverrideAskingForAStreamDoesNotMakeANonStreamingCallStream(String provider, String model)
            throws IOException {
        ProviderRequest r = prepare(provider, "{\"model\":\"" + model + "\"," + HI + "}", "{\"stream\":true}");

        assertThat(r.uri().toString().toLowerCase()).doesNotContain("stream");
        assertThat(body(r).path("stream").asBoolean(false)).isFalse();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providers")
    void anOverrideAskingForNoStreamDoesNotStopAStreamingCall(String provider, String model) {
        ProviderRequest r =
                prepare(provider, "{\"model\":\"" + model + "\",\"stream\":true," + HI + "}", "{\"stream\":false}");

        boolean streams = r.uri().toString().toLowerCase().contains("stream")
                || new String(r.body(), StandardCharsets.UTF_8).contains("\"stream\":true");
        assertThat(streams).isTrue();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providers")
    void aBadOverrideIsA400NamingOverrideParams(String provider, String model) {
        assertThatThrownBy(() ->
                        prepare(provider, "{\"model\":\"" + model + "\"," + HI + "}", "{\"temperature\":\"hot\"}"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("override_params");
                    assertThat(e.getMessage()).contains("override_params");
                });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providers")
    void anOverriddenModelIsTheModelCalled(String provider, String model) {
        ProviderRequest r =
                prepare(provider, "{\"model\":\"caller-model\"," + HI + "}", "{\"model\":\"" + model + "\"}");

        String call = r.uri() + " " + new String(r.body(), StandardCharsets.UTF_8);
        assertThat(call).doesNotContain("caller-model");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providers")
    void anUpperCaseDataUrlIsReadLikeALowerCaseOne(String provider, String model) {
        String lower = image(model, "data:image/png;base64," + PNG);
        String upper = image(model, "DATA:image/png;base64," + PNG);

        ProviderRequest expected = prepare(provider, lower, null);
        ProviderRequest actual = prepare(provider, upper, null);

        assertThat(new String(actual.body(), StandardCharsets.UTF_8).replace("DATA:", "data:"))
                .isEqualTo(new String(expected.body(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providers")
    void storeFalseIsNeverNamedAsDroppedWhetherSentOrOverridden(String provider, String model) {
        ProviderRequest sent = prepare(provider, "{\"model\":\"" + model + "\",\"store\":false," + HI + "}", null);
        ProviderRequest overridden = prepare(provider, "{\"model\":\"" + model + "\"," + HI + "}", "{\"store\":false}");

        assertThat(sent.droppedParams()).doesNotContain("store");
        assertThat(overridden.droppedParams()).doesNotContain("store");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "anthropic, claude-sonnet-4-5",
        "vertex-ai, claude-sonnet-4-5@20250929",
        "bedrock, anthropic.claude-sonnet-4-5-20250929-v1:0",
        "bedrock, amazon.nova-pro-v1:0"
    })
    void aToolCallIdOutsideTheProvidersAlphabetIsRestrictedAlikeInTheCallAndItsResult(String provider, String model) {
        ProviderRequest r = prepare(
                provider,
                "{\"model\":\"" + model + "\",\"messages\":["
                        + "{\"role\":\"user\",\"content\":\"Weather?\"},"
                        + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call:1/x\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
                        + "{\"role\":\"tool\",\"tool_call_id\":\"call:1/x\",\"content\":\"sunny\"}],"
                        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]}",
                null);

        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(body).doesNotContain("call:1/x");
        assertThat(body.split("call_1_x", -1)).hasSize(3);
    }

    private static String image(String model, String url) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"What is this?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url + "\"}}]}]}";
    }

    private static JsonNode body(ProviderRequest r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    static ProviderRequest prepare(String provider, String json, String overrides) {
        ChatRequest request = PARSER.parse("application/json", json.getBytes(StandardCharsets.UTF_8));
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        options.put(ProviderOption.AWS_ACCESS_KEY_ID, "AKIDEXAMPLE");
        options.put(ProviderOption.AWS_SECRET_ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        options.put(ProviderOption.VERTEX_PROJECT_ID, "p");
        options.put(ProviderOption.AZURE_RESOURCE_NAME, "res");
        options.put(ProviderOption.AZURE_DEPLOYMENT_ID, "dep");
        options.put(ProviderOption.AZURE_API_VERSION, "2024-10-21");
        ObjectNode override;
        try {
            override = overrides == null ? null : (ObjectNode) Json.MAPPER.readTree(overrides);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        Target target = new Target(provider, "key", null, override, options, null, Map.of(), true);
        return PROVIDERS
                .get(provider, "x-portkey-provider")
                .translate(new ProviderCall(request, target, "trace-1", Instant.parse("2026-01-01T00:00:00Z")))
                .request();
    }
}
