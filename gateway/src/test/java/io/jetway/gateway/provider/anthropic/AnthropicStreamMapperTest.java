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

/**
 * Anthropic streams beyond the golden ones, which run as conformance cases
 * ({@code conformance/anthropic/stream-*}: chunk for chunk, accumulated against the same message
 * whole, cut short and broken mid-stream); these use the same documented streams, decoded by the
 * gateway's SSE decoder.
 */
class AnthropicStreamMapperTest {

    static final ChatRequest PLAIN = Fixtures.request("{\"model\":\"claude-opus-4-6\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    static final ChatRequest WITH_USAGE = Fixtures.request("{\"model\":\"claude-opus-4-6\",\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    private static List<String> stream(String name, ChatRequest request, boolean strict) {
        return Fixtures.runStream(
                Fixtures.streamMapper(Fixtures.call(request, strict)),
                Fixtures.events(Fixtures.caseBytes("stream-" + name, "stream.upstream")));
    }

    @Test
    void withoutStrictComplianceThinkingStreamsAsReasoningWithItsSignatureAndNeverAsContent() {
        List<String> chunks = stream("thinking", PLAIN, false);
        ChunkAccumulator acc = new ChunkAccumulator();
        chunks.forEach(acc::add);
        ObjectNode completion = acc.completion();
        JsonNode message = Fixtures.json(Fixtures.caseBytes("stream-thinking", "answer.upstream.json"));
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
