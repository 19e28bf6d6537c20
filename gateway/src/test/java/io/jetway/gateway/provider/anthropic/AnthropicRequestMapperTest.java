package io.jetway.gateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.conformance.ConformanceCases;
import io.jetway.gateway.provider.core.EffectiveRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden tests: each {@code request/<case>.openai.json} maps to exactly
 * {@code request/<case>.anthropic.json}, and every body the mapper produces is valid against
 * Anthropic's published {@code CreateMessageParams} schema.
 */
class AnthropicRequestMapperTest {

    private static AnthropicRequestMapper.Mapped map(String json) {
        return AnthropicRequestMapper.map(
                EffectiveRequest.of(Fixtures.request(json), null), AnthropicRequestMapper.Options.ANTHROPIC_API);
    }

    @Test
    void theSchemaValidatorRejectsWhatAnthropicWouldReject() {
        // Guards the validator itself: a derived spec that accepted anything would make the test above vacuous.
        assertThat(AnthropicSpec.messagesRequestProblems(
                        "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":2}"
                                .getBytes()))
                .isNotEmpty();
        assertThat(AnthropicSpec.messagesRequestProblems(
                        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes()))
                .isNotEmpty();
        assertThat(AnthropicSpec.messagesRequestProblems(("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":"
                                + "\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":"
                                + "\"image/bmp\",\"data\":\"AAAA\"}}]}]}")
                        .getBytes()))
                .isNotEmpty();
        assertThat(AnthropicSpec.messagesRequestProblems(("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":"
                                + "\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"x\"}]}]}")
                        .getBytes()))
                .isNotEmpty();
        assertThat(AnthropicSpec.messagesRequestProblems(
                        "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                                .getBytes()))
                .isEmpty();
    }

    @Test
    void reportsTheParametersAnthropicLacksAsDropped() {
        AnthropicRequestMapper.Mapped mapped = AnthropicRequestMapper.map(
                EffectiveRequest.of(
                        Fixtures.request(ConformanceCases.text("anthropic", "dropped", "request.json")), null),
                AnthropicRequestMapper.Options.ANTHROPIC_API);
        assertThat(mapped.dropped()).containsExactly("messages[].name", "tool_choice", "service_tier");
        assertThat(new AnthropicProvider()
                        .translate(Fixtures.call(
                                Fixtures.request(ConformanceCases.text("anthropic", "dropped", "request.json")), true))
                        .request()
                        .droppedParams())
                .containsExactly(
                        "frequency_penalty",
                        "logit_bias",
                        "logprobs",
                        "top_logprobs",
                        "n",
                        "presence_penalty",
                        "seed",
                        "reasoning_effort",
                        "metadata",
                        "messages[].name",
                        "tool_choice",
                        "service_tier");
    }

    @Test
    void reportsNothingDroppedForAPlainRequest() {
        assertThat(map("{\"model\":\"claude-haiku-4-5\",\"n\":1,\"logprobs\":false,\"store\":false,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                        .dropped())
                .isEmpty();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "claude-opus-4-6, 128000", "claude-opus-4-7, 128000", "claude-sonnet-4-6, 64000",
        "claude-sonnet-4-5-20250929, 64000", "claude-haiku-4-5, 64000", "claude-opus-4-5-20251101, 64000",
        "claude-opus-4-1-20250805, 32000", "claude-opus-4-20250514, 32000", "claude-opus-4-0, 32000",
        "claude-sonnet-4-20250514, 64000", "claude-3-7-sonnet-latest, 64000", "claude-3-5-haiku-20241022, 8192",
        "claude-3-5-sonnet-20241022, 8192", "claude-3-haiku-20240307, 4096", "claude-mythos-preview, 4096",
        "some-future-model, 4096"
    })
    void defaultsMaxTokensToTheModelFamilysOutputCeiling(String model, int expected) {
        JsonNode body = Fixtures.json(
                map("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":" + "\"Hi\"}]}")
                        .body());
        assertThat(body.path("max_tokens").asInt()).isEqualTo(expected);
    }

    @Test
    void prefersMaxCompletionTokensOverMaxTokens() {
        JsonNode body = Fixtures.json(map("{\"model\":\"claude-haiku-4-5\",\"max_tokens\":10,"
                        + "\"max_completion_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .body());
        assertThat(body.path("max_tokens").asInt()).isEqualTo(20);
    }

    @ParameterizedTest(name = "tool_choice {0} → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"auto\"|{\"type\":\"auto\"}",
                "\"none\"|{\"type\":\"none\"}",
                "\"required\"|{\"type\":\"any\"}",
                "{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}|{\"type\":\"tool\",\"name\":\"get_time\"}"
            })
    void mapsToolChoice(String openAi, String anthropic) {
        AnthropicRequestMapper.Mapped mapped = map("{\"model\":\"claude-haiku-4-5\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}],"
                + "\"tool_choice\":" + openAi + "}");
        assertThat(Fixtures.json(mapped.body()).get("tool_choice")).isEqualTo(Fixtures.parse(anthropic));
        assertThat(AnthropicSpec.messagesRequestProblems(mapped.body())).isEmpty();
    }

    @Test
    void parallelToolCallsFalseDisablesParallelToolUseEvenWithoutAToolChoice() {
        JsonNode body = Fixtures.json(map("{\"model\":\"claude-haiku-4-5\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}],"
                        + "\"parallel_tool_calls\":false}")
                .body());
        assertThat(body.get("tool_choice"))
                .isEqualTo(Fixtures.parse("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
    }

    @Test
    void aJsonResponseFormatNextToCallerToolsLetsTheModelChooseAnyTool() {
        AnthropicRequestMapper.Mapped mapped = map("{\"model\":\"claude-haiku-4-5\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"json_response\"}}],"
                + "\"response_format\":{\"type\":\"json_object\"}}");
        JsonNode body = Fixtures.json(mapped.body());
        assertThat(mapped.jsonOutput().toolName()).isEqualTo("json_response_2");
        assertThat(body.path("tools").findValuesAsText("name")).containsExactly("json_response", "json_response_2");
        assertThat(body.get("tool_choice")).isEqualTo(Fixtures.parse("{\"type\":\"any\"}"));
    }

    @Test
    void aStrictToolIsSentStrictOnlyToModelsWithStructuredOutputs() {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"strict\":true,"
                + "\"parameters\":{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}}}]";
        AnthropicRequestMapper.Mapped modern = map("{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]," + tools + "}");
        assertThat(Fixtures.json(modern.body())
                        .path("tools")
                        .get(0)
                        .path("strict")
                        .asBoolean())
                .isTrue();
        assertThat(AnthropicSpec.messagesRequestProblems(modern.body())).isEmpty();
        AnthropicRequestMapper.Mapped old = map("{\"model\":\"claude-3-7-sonnet-latest\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"Hi\"}]," + tools + "}");
        assertThat(Fixtures.json(old.body()).path("tools").get(0).has("strict")).isFalse();
        assertThat(old.dropped()).containsExactly("tools[].function.strict");
    }

    @Test
    void aJsonSchemaWithThinkingOnAModelWithStructuredOutputsGoesNative() {
        AnthropicRequestMapper.Mapped mapped = map("{\"model\":\"claude-opus-4-6\",\"max_tokens\":4096,"
                + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048},\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}],\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\","
                + "\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"],"
                + "\"additionalProperties\":false}}}}");
        assertThat(mapped.jsonOutput().kind()).isEqualTo(AnthropicRequestMapper.JsonOutput.Kind.NATIVE);
        assertThat(Fixtures.json(mapped.body()).has("tools")).isFalse();
        assertThat(AnthropicSpec.messagesRequestProblems(mapped.body())).isEmpty();
    }

    @Test
    void aJsonResponseFormatWithThinkingOnAnOlderModelIsABadRequestNotASilentDrop() {
        assertThatThrownBy(() -> map("{\"model\":\"claude-3-7-sonnet-latest\",\"max_tokens\":4096,"
                        + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048},\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Hi\"}],\"response_format\":{\"type\":\"json_object\"}}"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("response_format");
                });
    }

    @Test
    void claudeOnVertexSendsTheVersionInTheBodyAndNoModel() {
        AnthropicRequestMapper.Mapped mapped = AnthropicRequestMapper.map(
                EffectiveRequest.of(
                        Fixtures.request(
                                "{\"model\":\"claude-sonnet-4-5@20250929\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                        null),
                AnthropicRequestMapper.Options.VERTEX_AI);
        JsonNode body = Fixtures.json(mapped.body());
        assertThat(body.path("anthropic_version").asText()).isEqualTo("vertex-2023-10-16");
        assertThat(body.has("model")).isFalse();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64000);
    }

    @Test
    void overrideParamsApplyInOpenAiTermsBeforeTranslation() {
        ObjectNode overrides = Json.MAPPER.createObjectNode();
        overrides.put("model", "claude-haiku-4-5");
        overrides.put("max_tokens", 77);
        overrides.put("temperature", 0.2);
        AnthropicRequestMapper.Mapped mapped = AnthropicRequestMapper.map(
                EffectiveRequest.of(
                        Fixtures.request(
                                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                        overrides),
                AnthropicRequestMapper.Options.ANTHROPIC_API);
        JsonNode body = Fixtures.json(mapped.body());
        assertThat(body.path("model").asText()).isEqualTo("claude-haiku-4-5");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(77);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void portkeyContentBlocksOnAnAssistantMessageAreSentBackWithTheirSignatures() {
        AnthropicRequestMapper.Mapped mapped = map("{\"model\":\"claude-sonnet-4-5\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"Hello!\",\"content_blocks\":[{\"type\":\"thinking\","
                + "\"thinking\":\"Greet back.\",\"signature\":\"sig-1\"},{\"type\":\"text\",\"text\":\"Hello!\"}]},"
                + "{\"role\":\"user\",\"content\":\"How are you?\"}]}");
        JsonNode assistant = Fixtures.json(mapped.body()).path("messages").get(1);
        assertThat(assistant.path("content"))
                .isEqualTo(Fixtures.parse("[{\"type\":\"thinking\",\"thinking\":"
                        + "\"Greet back.\",\"signature\":\"sig-1\"},{\"type\":\"text\",\"text\":\"Hello!\"}]"));
        assertThat(AnthropicSpec.messagesRequestProblems(mapped.body())).isEmpty();
    }

    @Test
    void audioInputIsRejectedBecauseAnthropicCannotHearIt() {
        assertThatThrownBy(() -> map("{\"model\":\"claude-haiku-4-5\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + "[{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAAA\",\"format\":\"wav\"}}]}]}"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("messages[0].content[0].type");
                });
    }

    @Test
    void invalidToolCallArgumentsAreABadRequestNamingTheField() {
        assertThatThrownBy(() -> map("{\"model\":\"claude-haiku-4-5\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"Hi\"},{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"f\",\"arguments\":\"{not json\"}}]}]}"))
                .isInstanceOfSatisfying(
                        GatewayException.class,
                        e -> assertThat(e.param()).isEqualTo("messages[1].tool_calls[0].function.arguments"));
    }

    @Test
    void aThinkingPartWithoutItsSignatureIsABadRequest() {
        assertThatThrownBy(
                        () -> map(
                                "{\"model\":\"claude-haiku-4-5\",\"messages\":[{\"role\":\"user\",\"content\":"
                                        + "\"Hi\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"hm\"}]}]}"))
                .isInstanceOfSatisfying(
                        GatewayException.class,
                        e -> assertThat(e.param()).isEqualTo("messages[1].content[0].signature"));
    }

    @Test
    void anUnsupportedSchemeOrADataUrlWithoutMediaTypeIsABadRequest() {
        for (String url : List.of("gs://bucket/cat.png", "data:;base64,AAAA", "data:image/png;base64,")) {
            assertThatThrownBy(() -> map("{\"model\":\"claude-haiku-4-5\",\"messages\":[{\"role\":\"user\","
                            + "\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url + "\"}}]}]}"))
                    .as(url)
                    .isInstanceOfSatisfying(
                            GatewayException.class,
                            e -> assertThat(e.param()).isEqualTo("messages[0].content[0].image_url.url"));
        }
    }

    @Test
    void theDeprecatedFunctionsApiIsRejectedWithAPointerToTools() {
        assertThatThrownBy(() -> map("{\"model\":\"claude-haiku-4-5\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"Hi\"}],\"functions\":[{\"name\":\"f\"}]}"))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.param()).isEqualTo("functions"));
    }

    @Test
    void aModelIsRequired() {
        assertThatThrownBy(() -> map("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.param()).isEqualTo("model"));
    }
}
