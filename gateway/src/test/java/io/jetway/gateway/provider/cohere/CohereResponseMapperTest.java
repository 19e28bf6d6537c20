package io.jetway.gateway.provider.cohere;

import static io.jetway.gateway.provider.cohere.CohereFixtures.call;
import static io.jetway.gateway.provider.cohere.CohereFixtures.caseBytes;
import static io.jetway.gateway.provider.cohere.CohereFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.ProviderCall;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cohere /v2/chat answers → chat.completion, golden against the documented payloads. */
class CohereResponseMapperTest {

    /** The answer made of the conformance case's {@code answer.upstream.json}. */
    private static JsonNode map(String caseName, String model, boolean strict) {
        byte[] upstream = caseBytes(caseName, "answer.upstream.json");
        assertThat(CohereSpec.validateResponse(upstream).getMessages())
                .as("fixture is a valid Cohere answer")
                .isEmpty();
        ProviderCall call = call(model, false, false, strict);
        return tree(CohereResponseMapper.map(AnswerPlan.of(call), upstream, new CallFacts.Recorder()));
    }

    @Test
    void theCallerSeesTheTokensUsedWhileTheCallIsChargedCoheresBilledUnits() {
        CallFacts.Recorder facts = new CallFacts.Recorder();
        JsonNode answer = tree(CohereResponseMapper.map(
                AnswerPlan.of(call("command-a-plus-05-2026", false, false, true)),
                caseBytes("answer-default", "answer.upstream.json"),
                facts));

        // The documented answer: tokens 71 in / 418 out, billed_units 5 in / 418 out.
        assertThat(answer.path("usage").path("prompt_tokens").asLong()).isEqualTo(71);
        assertThat(facts.facts().usage().inputTokens()).isEqualTo(5);
        assertThat(facts.facts().usage().outputTokens()).isEqualTo(418);
    }

    @Test
    void treatsTheToolPlanAsReasoning() {
        JsonNode strict = map("stream-tools", "command-r", true);
        JsonNode open = map("stream-tools", "command-r", false);

        assertThat(strict.toString()).doesNotContain("I will use the query_daily_sales_report tool");
        assertThat(open.at("/choices/0/message/reasoning_content").asText())
                .contains("I will use the query_daily_sales_report tool");
    }

    @ParameterizedTest
    @CsvSource({
        "COMPLETE,false,stop",
        "STOP_SEQUENCE,false,stop",
        "MAX_TOKENS,false,length",
        "TOOL_CALL,true,tool_calls",
        "SOMETHING_NEW,false,stop",
        "SOMETHING_NEW,true,tool_calls"
    })
    void mapsFinishReasons(String cohere, boolean withToolCall, String openAi) {
        JsonNode answer = tree(CohereResponseMapper.map(
                AnswerPlan.of(call("command-r", false, false, true)),
                answer(cohere, withToolCall),
                new CallFacts.Recorder()));

        assertThat(answer.path("choices").get(0).path("finish_reason").asText()).isEqualTo(openAi);
    }

    @Test
    void turnsFinishReasonErrorIntoABadGatewayError() {
        assertThatThrownBy(() -> CohereResponseMapper.map(
                        AnswerPlan.of(call("command-r", false, false, true)),
                        answer("ERROR", false),
                        new CallFacts.Recorder()))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.code()).isEqualTo("provider_generation_error");
                    assertThat(e.getMessage()).contains("finish_reason ERROR");
                });
    }

    @Test
    void turnsFinishReasonTimeoutIntoAGatewayTimeout() {
        assertThatThrownBy(() -> CohereResponseMapper.map(
                        AnswerPlan.of(call("command-r", false, false, true)),
                        answer("TIMEOUT", false),
                        new CallFacts.Recorder()))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(504);
                    assertThat(e.type()).isEqualTo(GatewayException.TIMEOUT);
                });
    }

    @Test
    void derivesMissingToolCallIdsFromTheTraceId() {
        byte[] upstream = ("{\"id\":\"x\",\"finish_reason\":\"TOOL_CALL\",\"message\":{\"role\":\"assistant\","
                        + "\"tool_calls\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}")
                .getBytes(StandardCharsets.UTF_8);

        JsonNode answer = tree(CohereResponseMapper.map(
                AnswerPlan.of(call("command-r", false, false, true)), upstream, new CallFacts.Recorder()));

        assertThat(answer.at("/choices/0/message/tool_calls/0/id").asText())
                .isEqualTo("call_" + CohereFixtures.TRACE_ID + "_0");
    }

    @Test
    void rejectsABodyThatIsNotACohereAnswer() {
        for (String body : new String[] {"<html>oops</html>", "[1]", "{\"id\":\"x\"}"}) {
            assertThatThrownBy(() -> CohereResponseMapper.map(
                            AnswerPlan.of(call("command-r", false, false, true)),
                            body.getBytes(StandardCharsets.UTF_8),
                            new CallFacts.Recorder()))
                    .isInstanceOfSatisfying(GatewayException.class, e -> {
                        assertThat(e.status()).isEqualTo(502);
                        assertThat(e.code()).isEqualTo("invalid_provider_response");
                    });
        }
    }

    /** A minimal documented-shape answer with the given finish reason (validated against Cohere's schema). */
    private static byte[] answer(String finishReason, boolean withToolCall) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("id", "c14c80c3-18eb-4519-9460-6c92edd8cfb4");
        ObjectNode message = root.putObject("message");
        message.put("role", "assistant");
        message.putArray("content").addObject().put("type", "text").put("text", "Hi");
        if (withToolCall) {
            ObjectNode call = message.putArray("tool_calls").addObject();
            call.put("id", "f_1").put("type", "function");
            call.putObject("function").put("name", "f").put("arguments", "{}");
        }
        root.put("finish_reason", finishReason);
        root.putObject("usage").putObject("tokens").put("input_tokens", 3).put("output_tokens", 1);
        byte[] bytes = root.toString().getBytes(StandardCharsets.UTF_8);
        if (!finishReason.equals("SOMETHING_NEW")) {
            assertThat(CohereSpec.validateResponse(bytes).getMessages()).isEmpty();
        }
        return bytes;
    }
}
