package io.jetway.gateway.provider.google;

import static io.jetway.gateway.provider.google.GeminiFixtures.json;
import static io.jetway.gateway.provider.google.GeminiFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.conformance.ConformanceCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiRequestMapperTest {

    private final GeminiRequestMapper mapper = new GeminiRequestMapper();

    private GeminiRequestMapper.Mapped map(String openAiJson, boolean strict) {
        return mapper.map(request(openAiJson).body(), strict);
    }

    @Test
    void reportsTheFieldsGeminiLacksAsDropped() {
        assertThat(new GoogleProvider()
                        .translate(GeminiFixtures.call(
                                ConformanceCases.text("google", "conversation", "request.json"), true))
                        .request()
                        .droppedParams())
                .containsExactly("parallel_tool_calls", "user");
    }

    @Test
    void dropsNothingForARequestGeminiFullySupports() {
        assertThat(new GoogleProvider()
                        .translate(GeminiFixtures.call(ConformanceCases.text("google", "tools", "request.json"), true))
                        .request()
                        .droppedParams())
                .isEmpty();
    }

    @Test
    void prefersMaxCompletionTokensOverMaxTokens() {
        JsonNode body = json(map(ConformanceCases.text("google", "multimodal", "request.json"), true)
                .body());
        assertThat(body.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(1000);
    }

    @Test
    void asksForThoughtSummariesOnlyWhenTheyCanBeShown() {
        String req = """
                {"model":"gemini-2.5-pro","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"medium"}""";
        assertThat(json(map(req, true).body()).at("/generationConfig/thinkingConfig"))
                .isEqualTo(json("{\"thinkingBudget\":8192}"));
        assertThat(json(map(req, false).body()).at("/generationConfig/thinkingConfig"))
                .isEqualTo(json("{\"includeThoughts\":true,\"thinkingBudget\":8192}"));
    }

    @ParameterizedTest(name = "reasoning_effort {0} -> thinkingBudget {1}")
    @CsvSource({"none, 0", "minimal, 1024", "low, 1024", "medium, 8192", "high, 24576"})
    void mapsReasoningEffortToGooglesThinkingBudgets(String effort, int budget) {
        String req = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"reasoning_effort\":\"" + effort + "\"}";
        assertThat(json(map(req, false).body())
                        .at("/generationConfig/thinkingConfig/thinkingBudget")
                        .asInt())
                .isEqualTo(budget);
    }

    @Test
    void turnsThinkingOffWithAZeroBudgetAndLetsGeminiDecideWithoutABudget() {
        String off = """
                {"model":"m","messages":[{"role":"user","content":"hi"}],"thinking":{"type":"disabled"}}""";
        String dynamic = """
                {"model":"m","messages":[{"role":"user","content":"hi"}],"thinking":{"type":"enabled"}}""";
        assertThat(json(map(off, false).body()).at("/generationConfig/thinkingConfig"))
                .isEqualTo(json("{\"thinkingBudget\":0}"));
        assertThat(json(map(dynamic, true).body()).at("/generationConfig/thinkingConfig"))
                .isEqualTo(json("{\"thinkingBudget\":-1}"));
    }

    @Test
    void refusesAnUnknownReasoningEffort() {
        String req = """
                {"model":"m","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"extreme"}""";
        assertThatThrownBy(() -> map(req, true)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo("reasoning_effort");
        });
    }

    @Test
    void mapsToolChoiceModes() {
        for (String[] c : new String[][] {{"\"auto\"", "AUTO"}, {"\"none\"", "NONE"}, {"\"required\"", "ANY"}}) {
            String req = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                    + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":" + c[0] + "}";
            assertThat(json(map(req, true).body()).at("/toolConfig/functionCallingConfig"))
                    .isEqualTo(json("{\"mode\":\"" + c[1] + "\"}"));
        }
    }

    @Test
    void refusesAToolResultForACallThatIsNotInTheConversation() {
        String req = """
                {"model":"m","messages":[{"role":"user","content":"hi"},
                 {"role":"tool","tool_call_id":"call_unknown","content":"42"}]}""";
        assertThatThrownBy(() -> map(req, true)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo("messages[1].tool_call_id");
            assertThat(e.getMessage()).contains("call_unknown");
        });
    }

    @Test
    void refusesToolCallArgumentsThatAreNotAJsonObject() {
        String req = """
                {"model":"m","messages":[{"role":"user","content":"hi"},
                 {"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"[1,2]"}}]}]}""";
        assertThatThrownBy(() -> map(req, true))
                .isInstanceOfSatisfying(
                        GatewayException.class,
                        e -> assertThat(e.param()).isEqualTo("messages[1].tool_calls[0].function.arguments"));
    }

    @Test
    void refusesImageUrlsThatAreNeitherDataUrlsNorWebOrStorageUrls() {
        String req = """
                {"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x/y.png"}}]}]}""";
        assertThatThrownBy(() -> map(req, true))
                .isInstanceOfSatisfying(
                        GatewayException.class,
                        e -> assertThat(e.param()).isEqualTo("messages[0].content[0].image_url.url"));
    }

    @Test
    void refusesDeprecatedFunctionsWithAPointerToTools() {
        String req = """
                {"model":"m","messages":[{"role":"user","content":"hi"}],"functions":[{"name":"f"}]}""";
        assertThatThrownBy(() -> map(req, true)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.param()).isEqualTo("functions");
            assertThat(e.getMessage()).contains("tools");
        });
    }

    @Test
    void refusesAConversationOfSystemMessagesOnly() {
        String req = """
                {"model":"m","messages":[{"role":"system","content":"Be nice."}]}""";
        assertThatThrownBy(() -> map(req, true))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.param()).isEqualTo("messages"));
    }

    @Test
    void leavesOutEmptyTurnsAndMergesTheTurnsAroundThem() {
        String req = """
                {"model":"m","messages":[{"role":"user","content":"a"},{"role":"assistant","content":""},
                 {"role":"user","content":"b"}]}""";
        assertThat(json(map(req, true).body()).get("contents"))
                .isEqualTo(json("[{\"role\":\"user\",\"parts\":[{\"text\":\"a\"},{\"text\":\"b\"}]}]"));
    }

    @Test
    void appliesOverrideParamsBeforeTranslating() {
        ObjectNode overrides =
                Json.MAPPER.createObjectNode().put("temperature", 0.1).put("max_tokens", 5);
        var req = io.jetway.gateway.provider.core.EffectiveRequest.of(
                        request(
                                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":1}"),
                        overrides)
                .body();
        JsonNode body = json(mapper.map(req, true).body());
        assertThat(body.at("/generationConfig/temperature").asDouble()).isEqualTo(0.1);
        assertThat(body.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(5);
    }

    @Test
    void wrapsNonObjectToolResultsInOutputAndSendsObjectResultsAsTheyAre() {
        String req = """
                {"model":"m","messages":[{"role":"user","content":"hi"},
                 {"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}},
                                                   {"id":"b","type":"function","function":{"name":"g","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"a","content":"[1, 2]"},
                 {"role":"tool","tool_call_id":"b","content":"{\\"ok\\": true}"}]}""";
        JsonNode parts = json(map(req, true).body()).at("/contents/2/parts");
        assertThat(parts.get(0))
                .isEqualTo(json("{\"functionResponse\":{\"name\":\"f\",\"response\":{\"output\":\"[1, 2]\"}}}"));
        assertThat(parts.get(1)).isEqualTo(json("{\"functionResponse\":{\"name\":\"g\",\"response\":{\"ok\":true}}}"));
    }
}
