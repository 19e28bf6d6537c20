package io.jetway.gateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.common.FinishReasons;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Anthropic answers beyond the golden ones, which run as conformance cases
 * ({@code conformance/anthropic/answer-*}, {@code AnthropicConformanceTest}).
 */
class AnthropicResponseMapperTest {

    static final ChatRequest PLAIN = Fixtures.request(
            "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":" + "\"user\",\"content\":\"Hi\"}]}");

    private final AnthropicProvider provider = new AnthropicProvider();

    /** The answer made of the upstream answer of the conformance case {@code answer-<name>}. */
    private byte[] map(String name, ChatRequest request, boolean strict) {
        return provider.translate(Fixtures.call(request, strict))
                .answer(Fixtures.caseBytes("answer-" + name, "answer.upstream.json"));
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
