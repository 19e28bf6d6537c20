package io.jetway.gateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden tests on Anthropic's documented streams ({@code stream/<case>.anthropic.sse}, decoded by
 * the gateway's SSE decoder), and the stream accumulated the way SDKs do it equals the non-stream
 * answer to the same message ({@code stream/<case>.message.json}).
 */
class AnthropicStreamMapperTest {

    static final ChatRequest PLAIN = Fixtures.request("{\"model\":\"claude-opus-4-6\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    static final ChatRequest WITH_USAGE = Fixtures.request("{\"model\":\"claude-opus-4-6\",\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    static final ChatRequest JSON_SCHEMA = Fixtures.request("{\"model\":\"claude-sonnet-4-5\",\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Extract\"}],"
            + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"contact_info\",\"schema\":"
            + "{\"type\":\"object\"}}}}");

    private static List<String> stream(String name, ChatRequest request, boolean strict) {
        return Fixtures.runStream(
                Fixtures.streamMapper(Fixtures.call(request, strict)),
                Fixtures.events("stream/" + name + ".anthropic.sse"));
    }

    private static List<JsonNode> golden(String path) {
        return Fixtures.text(path)
                .lines()
                .filter(l -> !l.isBlank())
                .map(l -> Fixtures.parse(l))
                .toList();
    }

    @Test
    void mapsTheDocumentedTextStreamChunkForChunkWithTheUsageChunkLast() {
        List<String> chunks = stream("text", WITH_USAGE, true);
        assertThat(chunks.stream().map(c -> Fixtures.parse(c)).toList()).isEqualTo(golden("stream/text.openai.jsonl"));
    }

    @Test
    void mapsTheDocumentedToolUseStreamWithIdAndNameFirstAndArgumentFragmentsAfter() {
        List<String> chunks = stream("tool-use", PLAIN, true);
        assertThat(chunks.stream().map(c -> Fixtures.parse(c)).toList())
                .isEqualTo(golden("stream/tool-use.openai.jsonl"));
    }

    /** name, request, whether the content is a JSON answer. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "text, usage, false",
        "tool-use, plain, false",
        "thinking, usage, false",
        "two-tools, usage, false",
        "json-tool, json, true"
    })
    void theAccumulatedStreamEqualsTheNonStreamAnswerToTheSameMessage(
            String name, String requestKind, boolean jsonContent) {
        ChatRequest request = switch (requestKind) {
            case "usage" -> WITH_USAGE;
            case "json" -> JSON_SCHEMA;
            default -> PLAIN;
        };
        ObjectNode streamed = ChunkAccumulator.accumulate(stream(name, request, true));
        JsonNode whole = Fixtures.json(new AnthropicProvider()
                .translate(Fixtures.call(request, true))
                .answer(Fixtures.bytes("stream/" + name + ".message.json")));
        ObjectNode expected = ChunkAccumulator.comparable(whole, jsonContent);
        if (request == PLAIN) {
            expected.remove("usage");
        }
        assertThat(ChunkAccumulator.comparable(streamed, jsonContent)).isEqualTo(expected);
    }

    @Test
    void withoutStrictComplianceThinkingStreamsAsReasoningWithItsSignatureAndNeverAsContent() {
        List<String> chunks = stream("thinking", PLAIN, false);
        ChunkAccumulator acc = new ChunkAccumulator();
        chunks.forEach(acc::add);
        ObjectNode completion = acc.completion();
        JsonNode message = Fixtures.json("stream/thinking.message.json");
        JsonNode thinking = message.path("content").get(0);
        assertThat(completion.at("/choices/0/message/reasoning_content").asText())
                .isEqualTo(thinking.path("thinking").asText());
        assertThat(completion.at("/choices/0/message/content").asText())
                .isEqualTo("The greatest common divisor of 1071 and 462 is **21**.");
        assertThat(acc.contentBlocks().get(0).path("thinking").asText())
                .isEqualTo(thinking.path("thinking").asText());
        assertThat(acc.contentBlocks().get(0).path("signature").asText())
                .isEqualTo(thinking.path("signature").asText());
    }

    @Test
    void withStrictComplianceNoChunkCarriesThinking() {
        for (String chunk : stream("thinking", PLAIN, true)) {
            assertThat(chunk).doesNotContain("reasoning_content", "content_blocks", "signature", "Euclidean");
        }
    }

    @Test
    void anErrorEventMidStreamBecomesAnErrorNotAFinish() {
        AnthropicStreamMapper mapper = Fixtures.streamMapper(Fixtures.call(PLAIN, true));
        List<String> out = new ArrayList<>();
        List<SseEvent> events = Fixtures.events("stream/error-mid-stream.anthropic.sse");
        assertThatThrownBy(() -> {
                    for (SseEvent e : events) {
                        mapper.onEvent(e, out);
                    }
                })
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.type()).isEqualTo("overloaded_error");
                    assertThat(e.getMessage()).isEqualTo("Overloaded");
                });
        assertThat(out).hasSize(2).noneMatch(c -> c.contains("\"finish_reason\":\""));
    }

    @Test
    void aStreamEndingWithoutMessageStopIsTruncated() {
        assertThatThrownBy(() -> stream("truncated", PLAIN, true)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("stream_truncated");
        });
    }

    @Test
    void unknownEventsArePassedOverAndContentBeforeMessageStartIsRejected() {
        AnthropicStreamMapper mapper = Fixtures.streamMapper(Fixtures.call(PLAIN, true));
        List<String> out = new ArrayList<>();
        assertThat(mapper.onEvent(new SseEvent("brand_new_event", "{\"type\":\"brand_new_event\"}", null, null), out))
                .isFalse();
        assertThat(out).isEmpty();
        assertThatThrownBy(() -> mapper.onEvent(
                        new SseEvent(
                                "content_block_start",
                                "{\"type\":\"content_block_start\","
                                        + "\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                                null,
                                null),
                        out))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.status()).isEqualTo(502));
    }

    @Test
    void aToolCallWithNoInputStillAccumulatesToValidJsonArguments() {
        ObjectNode completion = ChunkAccumulator.accumulate(stream("two-tools", PLAIN, true));
        assertThat(completion
                        .at("/choices/0/message/tool_calls/0/function/arguments")
                        .asText())
                .isEqualTo("{}");
        assertThat(completion
                        .at("/choices/0/message/tool_calls/1/function/arguments")
                        .asText())
                .isEqualTo("{\"location\": \"Paris\"}");
        assertThat(completion.at("/choices/0/message/tool_calls/1/id").asText()).isEqualTo("toolu_02");
    }
}
