package io.jetway.gateway.provider.google;

import static io.jetway.gateway.provider.google.GeminiFixtures.call;
import static io.jetway.gateway.provider.google.GeminiFixtures.caseBytes;
import static io.jetway.gateway.provider.google.GeminiFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.AnswerPlan;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Gemini answers beyond the golden ones, which run as conformance cases ({@code conformance/google/},
 * {@code GoogleConformanceTest}): documented answers, candidates, logprobs, a blocked prompt.
 */
class GeminiResponseMapperTest {

    static final String REQUEST = """
            {"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}]}""";

    private final GeminiResponseMapper mapper = new GeminiResponseMapper("google");

    /** The answer made of the upstream answer of the conformance case {@code conformance/google/<name>/}. */
    private JsonNode map(String name, boolean strict) {
        return json(mapper.map(
                AnswerPlan.of(call(REQUEST, strict)),
                caseBytes(name, "answer.upstream.json"),
                new CallFacts.Recorder()));
    }

    @Test
    void neverLetsThoughtsIntoContent() {
        for (boolean strict : new boolean[] {true, false}) {
            JsonNode message = map("documented-thinking-tools", strict).at("/choices/0/message");
            assertThat(message.get("content").asText()).doesNotContain("Checking the weather");
            assertThat(message.has("reasoning_content")).isEqualTo(!strict);
            assertThat(message.toString().contains("Checking the weather")).isEqualTo(!strict);
        }
    }

    @Test
    void fallsBackOnTheRequestedModelWithoutModelVersion() {
        String body = """
                {"candidates":[{"content":{"parts":[{"text":"ok"}],"role":"model"},"finishReason":"STOP"}]}""";
        JsonNode out = json(mapper.map(
                AnswerPlan.of(call(REQUEST, true)), body.getBytes(StandardCharsets.UTF_8), new CallFacts.Recorder()));
        assertThat(out.get("model").asText()).isEqualTo("gemini-2.5-flash");
        assertThat(out.has("usage")).isFalse();
    }

    @Test
    void reportsAnErrorObjectInASuccessfulAnswerAsAnError() {
        String body = """
                {"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL"}}""";
        assertThatThrownBy(() -> mapper.map(
                        AnswerPlan.of(call(REQUEST, true)),
                        body.getBytes(StandardCharsets.UTF_8),
                        new CallFacts.Recorder()))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.getMessage()).isEqualTo("Internal error encountered.");
                });
    }

    @Test
    void reportsABodyThatIsNotJsonAsABadGateway() {
        assertThatThrownBy(() -> mapper.map(
                        AnswerPlan.of(call(REQUEST, true)),
                        "<html>".getBytes(StandardCharsets.UTF_8),
                        new CallFacts.Recorder()))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.status()).isEqualTo(502));
    }

    @Test
    void givesEachToolCallADistinctIdCarryingItsThoughtSignature() {
        JsonNode calls = map("documented-thinking-tools", true).at("/choices/0/message/tool_calls");
        String first = calls.get(0).get("id").asText();
        String second = calls.get(1).get("id").asText();
        assertThat(first).isNotEqualTo(second).startsWith("call_");
        assertThat(GeminiToolCallIds.signatureOf(first)).isEqualTo("CiQBVKhc7vB+sigA");
        assertThat(GeminiToolCallIds.signatureOf(second)).isNull();
    }
}
