package io.jetway.gateway.provider.cohere;

import static io.jetway.gateway.provider.cohere.CohereFixtures.request;
import static io.jetway.gateway.provider.cohere.CohereFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.conformance.ConformanceCases;
import io.jetway.gateway.provider.core.EffectiveRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OpenAI requests → Cohere /v2/chat bodies: each golden case compares with the expected body and
 * validates the produced body against Cohere's published request schema.
 */
class CohereRequestMapperTest {

    private static CohereRequestMapper.Mapped map(ChatRequest request) {
        CohereRequestMapper.Mapped mapped = CohereRequestMapper.map(EffectiveRequest.of(request, null));
        CohereSpec.assertValidRequest(mapped.body());
        return mapped;
    }

    /**
     * Cohere's v2 request is OpenAI-shaped for these cases, so each documented Cohere request, sent as
     * an OpenAI request, comes out exactly as documented (conformance cases {@code request-*}) and
     * nothing of it is named as dropped.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "default",
                "default-stream",
                "tools",
                "tools-stream",
                "images",
                "images-stream",
                "documents",
                "documents-stream"
            })
    void dropsNothingOfADocumentedRequest(String name) {
        CohereRequestMapper.Mapped mapped =
                map(request(ConformanceCases.text("cohere", "request-" + name, "request.json")));

        assertThat(mapped.dropped()).isEmpty();
    }

    @Test
    void mapsSamplingParametersToCohereNames() {
        JsonNode body = tree(map(request(ConformanceCases.text("cohere", "sampling", "request.json")))
                .body());

        assertThat(body.path("p").asDouble()).isEqualTo(0.75);
        assertThat(body.path("k").asInt()).isEqualTo(40);
        assertThat(body.path("max_tokens").asInt())
                .as("max_completion_tokens wins over max_tokens")
                .isEqualTo(256);
        assertThat(body.path("stop_sequences").get(0).asText()).isEqualTo("\n\n");
        assertThat(body.has("top_p")
                        || body.has("top_k")
                        || body.has("stop")
                        || body.has("n")
                        || body.has("stream_options"))
                .isFalse();
    }

    @Test
    void usesMaxTokensWhenMaxCompletionTokensIsAbsent() {
        JsonNode body = tree(map(request("{\"model\":\"command-r\",\"max_tokens\":7,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .body());

        assertThat(body.path("max_tokens").asInt()).isEqualTo(7);
    }

    @Test
    void forcesANamedToolAsRequiredWithOnlyThatToolOffered() {
        JsonNode body = tree(map(request(ConformanceCases.text("cohere", "named-tool-choice", "request.json")))
                .body());

        assertThat(body.path("tool_choice").asText()).isEqualTo("REQUIRED");
        assertThat(body.path("tools")).hasSize(1);
        assertThat(body.path("tools").get(0).path("function").path("name").asText())
                .isEqualTo("query_daily_sales_report");
    }

    @Test
    void sendsNoToolChoiceForAutoBecauseItIsCoheresDefault() {
        JsonNode body = tree(map(request("{\"model\":\"command-r\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":"
                        + "\"object\"}}}],\"tool_choice\":\"auto\"}"))
                .body());

        assertThat(body.has("tool_choice")).isFalse();
        assertThat(body.path("tools")).hasSize(1);
    }

    @Test
    void dropsAndReportsFieldsCohereLacks() {
        CohereRequestMapper.Mapped mapped = map(request(ConformanceCases.text("cohere", "dropped", "request.json")));

        assertThat(tree(mapped.body()))
                .isEqualTo(tree(ConformanceCases.text("cohere", "dropped", "request.upstream.json")));
        assertThat(mapped.dropped()).containsExactly("messages[].name");
        assertThat(new CohereProvider()
                        .translate(CohereFixtures.call(
                                request(ConformanceCases.text("cohere", "dropped", "request.json")),
                                CohereFixtures.target(true)))
                        .request()
                        .droppedParams())
                .containsExactly(
                        "logit_bias",
                        "logprobs",
                        "top_logprobs",
                        "reasoning_effort",
                        "parallel_tool_calls",
                        "user",
                        "metadata",
                        "messages[].name");
    }

    @Test
    void dropsRedactedThinkingWhichCohereCannotRead() {
        CohereRequestMapper.Mapped mapped = map(request(ConformanceCases.text("cohere", "thinking", "request.json")));

        assertThat(mapped.dropped()).containsExactly("messages[].content[redacted_thinking]");
    }

    @Test
    void forwardsCohereOnlyFieldsTheCallerAdded() {
        JsonNode body = tree(map(request("{\"model\":\"command-r\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"hi\"}],\"safety_mode\":\"STRICT\",\"priority\":3,\"citation_options\":{\"mode\":\"FAST\"},"
                        + "\"unknown_field\":1}"))
                .body());

        assertThat(body.path("safety_mode").asText()).isEqualTo("STRICT");
        assertThat(body.path("priority").asInt()).isEqualTo(3);
        assertThat(body.path("citation_options").path("mode").asText()).isEqualTo("FAST");
        assertThat(body.has("unknown_field")).isFalse();
    }

    @Test
    void appliesOverrideParamsBeforeTranslating() {
        ObjectNode overrides =
                Json.MAPPER.createObjectNode().put("model", "command-a-03-2025").put("top_p", 0.5);
        ChatRequest request = request("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"top_p\":0.9}");

        CohereRequestMapper.Mapped mapped = CohereRequestMapper.map(EffectiveRequest.of(request, overrides));

        CohereSpec.assertValidRequest(mapped.body());
        JsonNode body = tree(mapped.body());
        assertThat(body.path("model").asText()).isEqualTo("command-a-03-2025");
        assertThat(body.path("p").asDouble()).isEqualTo(0.5);
    }

    @Test
    void rejectsARequestWithoutModel() {
        assertThatThrownBy(() -> CohereRequestMapper.map(EffectiveRequest.of(
                        request("{\"messages\":[{\"role\":\"user\",\"content\":" + "\"hi\"}]}"), null)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("model");
                });
    }

    @Test
    void leavesNOutOfTheCallForThePipelineToMakeOneCallPerChoice() throws Exception {
        CohereRequestMapper.Mapped mapped = CohereRequestMapper.map(EffectiveRequest.of(
                request("{\"model\":\"command-r\",\"n\":2," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                null));

        // Named as dropped by the shared DroppedParams (n is not in its ParamTable), then not named once the
        // pipeline makes one call per choice: EveryRequestFieldIsUsedOrNamedTest, ChoicesEndToEndTest.
        assertThat(tree(mapped.body()).has("n")).isFalse();
        assertThat(CohereParams.TABLE.handled()).doesNotContain("n");
    }

    @Test
    void rejectsTheLegacyFunctionsInterface() {
        assertRejected(
                "{\"model\":\"command-r\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"functions\":[{\"name\":\"f\"}]}",
                "functions",
                "use `tools`");
        assertRejected(
                "{\"model\":\"command-r\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                        + "{\"role\":\"function\",\"name\":\"f\",\"content\":\"1\"}]}",
                "messages[1]",
                "use `tools`");
    }

    @Test
    void rejectsInputCohereCannotRead() {
        assertRejected(
                "{\"model\":\"command-r\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                        + "\"input_audio\",\"input_audio\":{\"data\":\"AAAA\",\"format\":\"wav\"}}]}]}",
                "messages[0].content[0]",
                "`input_audio`");
        assertRejected(
                "{\"model\":\"command-r\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                        + "\"text\":\"read\"},{\"type\":\"file\",\"file\":{\"file_id\":\"f1\"}}]}]}",
                "messages[0].content[1]",
                "`file`");
        assertRejected(
                "{\"model\":\"command-r\",\"messages\":[{\"role\":\"system\",\"content\":[{\"type\":"
                        + "\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]}]}",
                "messages[0].content[0]",
                "system message");
    }

    @Test
    void rejectsANamedToolChoiceForAToolThatIsNotOffered() {
        assertRejected(
                "{\"model\":\"command-r\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":"
                        + "[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":{\"type\":\"function\","
                        + "\"function\":{\"name\":\"g\"}}}",
                "tool_choice",
                "'g'");
    }

    private static void assertRejected(String json, String param, String messagePart) {
        assertThatThrownBy(() -> CohereRequestMapper.map(EffectiveRequest.of(request(json), null)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo(GatewayException.INVALID_REQUEST);
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }
}
