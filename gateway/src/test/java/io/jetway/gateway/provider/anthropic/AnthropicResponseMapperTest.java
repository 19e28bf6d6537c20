package io.jetway.gateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.common.FinishReasons;
import io.jetway.gateway.provider.conformance.ConformanceCases;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden tests: {@code response/<case>.anthropic.json} (Anthropic's documented messages) → {@code <case>.openai.json}. */
class AnthropicResponseMapperTest {

    static final ChatRequest PLAIN = Fixtures.request(
            "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":" + "\"user\",\"content\":\"Hi\"}]}");

    private final AnthropicProvider provider = new AnthropicProvider();

    private byte[] map(String name, ChatRequest request, boolean strict) {
        return provider.translate(Fixtures.call(request, strict))
                .answer(Fixtures.bytes("response/" + name + ".anthropic.json"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text", "tool-use", "tool-only", "thinking", "cache-usage", "max-tokens", "refusal"})
    void mapsEachDocumentedMessageToTheGoldenCompletion(String name) {
        assertThat(Fixtures.json(map(name, PLAIN, true))).isEqualTo(Fixtures.json("response/" + name + ".openai.json"));
    }

    @Test
    void withoutStrictComplianceThinkingIsReasoningContentAndContentBlocksWithSignatures() {
        assertThat(Fixtures.json(map("thinking", PLAIN, false)))
                .isEqualTo(Fixtures.json("response/thinking.non-strict.openai.json"));
    }

    @Test
    void theJsonToolOfAResponseFormatIsTheContentNotAToolCall() {
        ChatRequest request = Fixtures.request(ConformanceCases.text("anthropic", "json-schema-tool", "request.json"));
        assertThat(Fixtures.json(map("json-tool", request, true)))
                .isEqualTo(Fixtures.json("response/json-tool.openai.json"));
    }

    @Test
    void withoutAResponseFormatTheSameToolUseIsAToolCall() {
        String json = new String(map("json-tool", PLAIN, true), StandardCharsets.UTF_8);
        assertThat(Fixtures.parse(json)
                        .path("choices")
                        .get(0)
                        .path("finish_reason")
                        .asText())
                .isEqualTo("tool_calls");
        assertThat(Fixtures.parse(json)
                        .path("choices")
                        .get(0)
                        .path("message")
                        .path("tool_calls")
                        .get(0)
                        .path("function")
                        .path("name")
                        .asText())
                .isEqualTo("contact_info");
    }

    @ParameterizedTest(name = "{0} → {2}")
    @CsvSource({
        "end_turn, false, STOP",
        "stop_sequence, false, STOP",
        "pause_turn, false, STOP",
        "max_tokens, false, LENGTH",
        "model_context_window_exceeded, false, LENGTH",
        "tool_use, true, TOOL_CALLS",
        "tool_use, false, STOP",
        "refusal, false, CONTENT_FILTER",
        "some_new_reason, false, STOP",
        "some_new_reason, true, TOOL_CALLS"
    })
    void mapsStopReasons(String stopReason, boolean toolCalls, FinishReasons.Reason expected) {
        assertThat(AnthropicResponseMapper.finishReason(stopReason, toolCalls)).isEqualTo(expected);
    }

    @Test
    void anAnswerThatIsNotAMessageIsABadGateway() {
        assertThatThrownBy(() -> provider.translate(Fixtures.call(PLAIN, true)).answer("<html>oops</html>".getBytes()))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.code()).isEqualTo("invalid_provider_response");
                });
        assertThatThrownBy(() -> provider.translate(Fixtures.call(PLAIN, true)).answer("{\"id\":\"x\"}".getBytes()))
                .isInstanceOf(GatewayException.class);
    }
}
