package io.jetway.gateway.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.Endpoint;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Providers;
import io.jetway.gateway.provider.Translation;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Anthropic's Messages translated to Chat Completions and back, from documented payloads
 * ({@code src/test/resources/providers/messages/SOURCES.md} cites each page).
 */
class MessagesTranslationGoldenTest {

    @Test
    void theDocumentedToolRoundTripBecomesFunctionToolsAToolMessageAndAReasoningEffort() throws IOException {
        MessagesRequestMapper.Mapped mapped = MessagesRequestMapper.map(tree("tools-request.json"), false);

        assertThat(mapped.chat()).isEqualTo(Json.MAPPER.readTree(fixture("tools-chat-request.json")));
        // The thinking block of the history has no place in chat (left out by design), top_k has none either.
        assertThat(mapped.dropped()).containsExactly("top_k");
    }

    @Test
    void documentedImagesBecomeImageUrlPartsAndAPdfIsNamedAsDropped() throws IOException {
        MessagesRequestMapper.Mapped mapped = MessagesRequestMapper.map(tree("vision-request.json"), true);

        assertThat(mapped.chat()).isEqualTo(Json.MAPPER.readTree(fixture("vision-chat-request.json")));
        assertThat(mapped.dropped()).containsExactly("messages[].content[].document");
    }

    @Test
    void anOpenAiProviderGetsTheChatRequestAndItsDocumentedAnswerComesBackAsAMessage() throws IOException {
        ProviderCall call = call("openai", fixture("tools-request.json"), false);
        Translation openai = TranslatedMessages.translate(Providers.defaults().get("openai", "p"), call);

        ProviderRequest prepared = openai.request();
        byte[] answer = openai.answer(fixture("chat-response.json"));

        assertThat(prepared.uri()).isEqualTo(URI.create("https://api.openai.com/v1/chat/completions"));
        assertThat(prepared.headers()).containsEntry("authorization", "Bearer test-key");
        assertThat(Json.MAPPER.readTree(prepared.body()))
                .isEqualTo(Json.MAPPER.readTree(fixture("tools-chat-request.json")));
        assertThat(prepared.droppedParams()).contains("top_k");
        assertThat(Json.MAPPER.readTree(answer)).isEqualTo(Json.MAPPER.readTree(fixture("message.json")));
        assertThat(openai.facts().facts().usage().inputTokens()).isEqualTo(82);
    }

    @Test
    void theStreamedAnswerIsAnthropicsEventSequenceAndAccumulatesToTheWholeAnswersMessage() throws IOException {
        List<String> events = drain(new MessagesStream(chunks(lines("chat-stream.jsonl")), "msg_fallback", "m"));

        assertThat(events.stream()
                        .map(e -> e.substring("event: ".length(), e.indexOf('\n')))
                        .toList())
                .containsExactly(
                        "message_start",
                        "content_block_start",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_stop",
                        "content_block_start",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_stop",
                        "message_delta",
                        "message_stop");
        assertThat(accumulate(events))
                .isEqualTo(Json.MAPPER.readTree(MessagesAnswerMapper.map(fixture("chat-response.json"))));
        assertThat(accumulate(events)).isEqualTo(Json.MAPPER.readTree(fixture("message.json")));
    }

    @Test
    void reasoningDeltasBecomeAThinkingBlockWithItsSignatureBeforeTheText() throws IOException {
        List<String> events = drain(new MessagesStream(
                chunks(List.of(
                        "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Hmm, \"}}]}",
                        "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content_blocks\":[{\"index\":0,"
                                + "\"delta\":{\"thinking\":\"two.\"}}],\"reasoning_content\":\"two.\"}}]}",
                        "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content_blocks\":[{\"index\":0,"
                                + "\"delta\":{\"signature\":\"sig-1\"}}]}}]}",
                        "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"2\"},"
                                + "\"finish_reason\":\"length\"}]}")),
                "msg_x",
                "m"));

        JsonNode message = accumulate(events);
        assertThat(message.path("content").toString())
                .isEqualTo("[{\"type\":\"thinking\",\"thinking\":\"Hmm, two.\","
                        + "\"signature\":\"sig-1\"},{\"type\":\"text\",\"text\":\"2\"}]");
        assertThat(message.path("stop_reason").asText()).isEqualTo("max_tokens");
    }

    @Test
    void aChatStreamThatFailsMidwayFailsTheEventStreamAfterTheEventsSoFar() {
        GatewayException broken = new GatewayException(502, GatewayException.UPSTREAM, "cut", null, "stream_truncated");
        ArrayDeque<Object> items = new ArrayDeque<>(List.of(
                "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}", broken));
        MessagesStream stream = new MessagesStream(
                new ChunkSource() {
                    @Override
                    public String next() {
                        Object item = items.poll();
                        if (item instanceof GatewayException e) {
                            throw e;
                        }
                        return (String) item;
                    }

                    @Override
                    public void close() {}
                },
                "msg_x",
                "m");

        assertThat(stream.next()).startsWith("event: message_start\n");
        assertThat(stream.next()).startsWith("event: content_block_start\n");
        assertThat(stream.next()).startsWith("event: content_block_delta\n");
        assertThatThrownBy(stream::next).isSameAs(broken);
    }

    @Test
    void anEmptyChatStreamStillOpensAndClosesTheMessage() {
        List<String> events = drain(new MessagesStream(chunks(List.of()), "msg_x", "gpt-4o"));

        assertThat(events).hasSize(3);
        JsonNode message = accumulate(events);
        assertThat(message.path("id").asText()).isEqualTo("msg_x");
        assertThat(message.path("model").asText()).isEqualTo("gpt-4o");
        assertThat(message.path("content")).isEmpty();
        assertThat(message.path("stop_reason").asText()).isEqualTo("end_turn");
    }

    // ------------------------------------------------------------------------------------------

    /** What Anthropic's SDK accumulators do with the events: blocks by index, deltas appended. */
    static JsonNode accumulate(List<String> events) {
        ObjectNode message = null;
        Map<Integer, StringBuilder> json = new java.util.HashMap<>();
        for (String event : events) {
            String type = event.substring("event: ".length(), event.indexOf('\n'));
            JsonNode data = read(event.substring(event.indexOf("\ndata: ") + 7));
            assertThat(data.path("type").asText())
                    .as("the event's name is its type")
                    .isEqualTo(type);
            switch (type) {
                case "message_start" ->
                    message = (ObjectNode) data.get("message").deepCopy();
                case "content_block_start" -> {
                    assertThat(data.path("index").asInt())
                            .isEqualTo(message.path("content").size());
                    ((com.fasterxml.jackson.databind.node.ArrayNode) message.get("content"))
                            .add(data.get("content_block").deepCopy());
                }
                case "content_block_delta" -> {
                    int index = data.path("index").asInt();
                    ObjectNode block = (ObjectNode) message.path("content").get(index);
                    JsonNode delta = data.get("delta");
                    switch (delta.path("type").asText()) {
                        case "text_delta" ->
                            block.put(
                                    "text",
                                    block.path("text").asText()
                                            + delta.path("text").asText());
                        case "thinking_delta" ->
                            block.put(
                                    "thinking",
                                    block.path("thinking").asText()
                                            + delta.path("thinking").asText());
                        case "signature_delta" ->
                            block.put("signature", delta.path("signature").asText());
                        case "input_json_delta" ->
                            json.computeIfAbsent(index, i -> new StringBuilder())
                                    .append(delta.path("partial_json").asText());
                        default -> throw new AssertionError("unknown delta " + delta);
                    }
                }
                case "content_block_stop" -> {
                    int index = data.path("index").asInt();
                    if (json.containsKey(index)) {
                        ((ObjectNode) message.path("content").get(index))
                                .set("input", read(json.get(index).toString()));
                    }
                }
                case "message_delta" -> {
                    message.set("stop_reason", data.path("delta").get("stop_reason"));
                    message.set("stop_sequence", data.path("delta").get("stop_sequence"));
                    ((ObjectNode) message.get("usage")).setAll((ObjectNode) data.get("usage"));
                }
                case "message_stop" -> {}
                default -> throw new AssertionError("unknown event " + event);
            }
        }
        return message;
    }

    static List<String> drain(ChunkSource source) {
        List<String> out = new ArrayList<>();
        for (String e = source.next(); e != null; e = source.next()) {
            out.add(e);
        }
        return out;
    }

    static ChunkSource chunks(List<String> payloads) {
        ArrayDeque<String> queue = new ArrayDeque<>(payloads);
        return new ChunkSource() {
            @Override
            public String next() {
                return queue.poll();
            }

            @Override
            public void close() {}
        };
    }

    static ProviderCall call(String provider, byte[] body, boolean stream) {
        Target target = new Target(
                provider, "test-key", null, null, new EnumMap<>(ProviderOption.class), null, Map.of(), false);
        return new ProviderCall(
                ChatRequest.of(
                        Endpoint.MESSAGES,
                        body,
                        read(new String(body, StandardCharsets.UTF_8))
                                .path("model")
                                .asText(),
                        stream),
                target,
                "trace-1",
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(json, e);
        }
    }

    private static ObjectNode tree(String name) throws IOException {
        return (ObjectNode) Json.MAPPER.readTree(fixture(name));
    }

    private static List<String> lines(String name) throws IOException {
        return Arrays.stream(new String(fixture(name), StandardCharsets.UTF_8).split("\n"))
                .filter(l -> !l.isBlank())
                .toList();
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = MessagesTranslationGoldenTest.class.getResourceAsStream("/providers/messages/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
