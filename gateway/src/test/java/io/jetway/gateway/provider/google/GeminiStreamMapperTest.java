package io.jetway.gateway.provider.google;

import static io.jetway.gateway.provider.google.GeminiFixtures.bytes;
import static io.jetway.gateway.provider.google.GeminiFixtures.call;
import static io.jetway.gateway.provider.google.GeminiFixtures.expected;
import static io.jetway.gateway.provider.google.GeminiFixtures.json;
import static io.jetway.gateway.provider.google.GeminiFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.SseChunkSource;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The Gemini stream through the shared {@link SseChunkSource}, as the gateway runs it. */
class GeminiStreamMapperTest {

    private static final String STREAM_WITH_USAGE = """
            {"model":"gemini-2.5-flash","stream":true,"stream_options":{"include_usage":true},
             "messages":[{"role":"user","content":"hi"}]}""";
    private static final String STREAM = """
            {"model":"gemini-2.5-flash","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    /** All client payloads of a stream, or the error it ended with. */
    private static List<String> drain(String requestJson, boolean strict, byte[] sse) {
        ProviderCall call = call(requestJson, strict);
        UpstreamRequest request = new UpstreamRequest(
                URI.create("https://generativelanguage.googleapis.com/v1beta/x"),
                Map.of(),
                new byte[0],
                Duration.ofSeconds(5),
                false);
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        UpstreamResponse response = new UpstreamResponse() {
            private final InputStream body = new ByteArrayInputStream(sse);

            @Override
            public int status() {
                return 200;
            }

            @Override
            public void forEachHeader(java.util.function.BiConsumer<String, String> action) {
                // no headers
            }

            @Override
            public String header(String name) {
                return null;
            }

            @Override
            public InputStream body() {
                return body;
            }

            @Override
            public byte[] readAll() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };
        io.jetway.gateway.core.ChunkSource source = SseChunkSource.of(
                request, response, new GeminiStreamMapper("google", AnswerPlan.of(call), new CallFacts.Recorder()));
        List<String> out = new ArrayList<>();
        try {
            for (String payload = source.next(); payload != null; payload = source.next()) {
                out.add(payload);
            }
        } finally {
            // A finished stream is released after its remaining body is read, on another thread.
            assertThat(awaitQuietly(closed))
                    .as("the upstream response is released")
                    .isTrue();
        }
        return out;
    }

    private static JsonNode array(List<String> payloads) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        payloads.forEach(p -> a.add(json(p)));
        return a;
    }

    private static byte[] sse(String... payloads) {
        StringBuilder sb = new StringBuilder();
        for (String p : payloads) {
            sb.append("data: ").append(p.replace("\n", "")).append("\r\n\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void mapsATextStreamToChunksWithAStableIdAndAUsageChunk() {
        assertThat(array(drain(STREAM_WITH_USAGE, true, bytes("stream/text.sse"))))
                .isEqualTo(expected("stream/text.chunks.json"));
    }

    @Test
    void mapsThoughtsTextAndFunctionCallsWithIndexes() {
        assertThat(array(drain(STREAM_WITH_USAGE, false, bytes("stream/thinking-tools.sse"))))
                .isEqualTo(expected("stream/thinking-tools.chunks.json"));
    }

    @Test
    void leavesThoughtsOutOfStrictStreams() {
        List<String> chunks = drain(STREAM_WITH_USAGE, true, bytes("stream/thinking-tools.sse"));
        assertThat(chunks).noneMatch(c -> c.contains("reasoning_content") || c.contains("Checking the weather"));
        assertThat(chunks).hasSize(9);
    }

    @Test
    void sendsNoUsageChunkUnlessAskedFor() {
        List<String> chunks = drain(STREAM, true, bytes("stream/text.sse"));
        assertThat(chunks).hasSize(4).noneMatch(c -> c.contains("\"usage\""));
        assertThat(json(chunks.get(3)).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void accumulatesToTheSameCompletionAsTheNonStreamAnswer() {
        for (String fixture : new String[] {"text", "thinking-tools"}) {
            JsonNode streamed = accumulate(drain(STREAM_WITH_USAGE, false, bytes("stream/" + fixture + ".sse")));
            JsonNode whole = json(new GeminiResponseMapper("google")
                    .map(
                            AnswerPlan.of(call(STREAM_WITH_USAGE, false)),
                            bytes("response/" + fixture + ".gemini.json"),
                            new CallFacts.Recorder()));
            JsonNode wholeMessage = whole.at("/choices/0/message");
            JsonNode blocks = ((ObjectNode) wholeMessage).remove("content_blocks");
            JsonNode streamedBlocks = ((ObjectNode) streamed.at("/choices/0/message")).remove("content_blocks");
            assertThat(streamed).as(fixture).isEqualTo(whole);
            if (blocks != null) {
                assertThat(streamedBlocks.get(0).get("thinking"))
                        .isEqualTo(blocks.get(0).get("thinking"));
            }
        }
    }

    @Test
    void reportsAStreamThatEndsBeforeTheFinishReasonAsTruncated() {
        byte[] cut = sse("""
                {"candidates":[{"content":{"parts":[{"text":"The capital"}],"role":"model"},"index":0}]}""");
        assertThatThrownBy(() -> drain(STREAM, true, cut)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("stream_truncated");
        });
    }

    @Test
    void reportsAnEmptyStreamAsTruncated() {
        assertThatThrownBy(() -> drain(STREAM, true, new byte[0]))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo("stream_truncated"));
    }

    @Test
    void reportsInputCutOffInsideAnEventAsTruncatedEvenAfterTheFinishReason() {
        byte[] finished = bytes("stream/text.sse");
        byte[] cut = (new String(finished, StandardCharsets.UTF_8) + "data: {\"candidates\":")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> drain(STREAM, true, cut))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo("stream_truncated"));
    }

    @Test
    void waitsForEveryCandidateToFinish() {
        byte[] oneOfTwo = sse("""
                {"candidates":[{"content":{"parts":[{"text":"a"}],"role":"model"},"index":0,"finishReason":"STOP"},
                               {"content":{"parts":[{"text":"b"}],"role":"model"},"index":1}]}""");
        assertThatThrownBy(() -> drain(STREAM, true, oneOfTwo))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo("stream_truncated"));

        byte[] both = sse("""
                {"candidates":[{"content":{"parts":[{"text":"a"}],"role":"model"},"index":0,"finishReason":"STOP"},
                               {"content":{"parts":[{"text":"b"}],"role":"model"},"index":1}]}""", """
                {"candidates":[{"content":{"parts":[{"text":"c"}],"role":"model"},"index":1,"finishReason":"MAX_TOKENS"}]}""");
        List<String> chunks = drain(STREAM, true, both);
        assertThat(chunks)
                .anyMatch(c -> json(c).at("/choices/0/index").asInt() == 1
                        && "length"
                                .equals(json(c).at("/choices/0/finish_reason").asText()));
    }

    @Test
    void endsTheStreamWithGooglesErrorWhenOneArrivesMidStream() {
        byte[] broken = sse("""
                {"candidates":[{"content":{"parts":[{"text":"The"}],"role":"model"},"index":0}]}""", """
                {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}""");
        assertThatThrownBy(() -> drain(STREAM, true, broken)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.type()).isEqualTo("rate_limit_error");
            assertThat(e.getMessage()).isEqualTo("Resource has been exhausted (e.g. check quota).");
        });
    }

    @Test
    void reportsABlockedPromptInTheFirstChunkAsAnError() {
        byte[] blocked = sse(text("response/prompt-blocked.gemini.json").replace("\n", ""));
        assertThatThrownBy(() -> drain(STREAM, true, blocked))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo("content_filter"));
    }

    @Test
    void ignoresADoneMarkerAProxyMightAdd() {
        byte[] withDone = (text("stream/text.sse") + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
        assertThat(drain(STREAM, true, withDone)).hasSize(4);
    }

    /**
     * Folds chunks into a {@code chat.completion} the way SDK accumulators do: no content is
     * {@code content: null}, and {@code refusal} and {@code logprobs} are null as none streamed.
     */
    static JsonNode accumulate(List<String> payloads) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        Map<Integer, ObjectNode> messages = new TreeMap<>();
        Map<Integer, String> finish = new TreeMap<>();
        Map<Integer, StringBuilder> content = new TreeMap<>();
        Map<Integer, StringBuilder> reasoning = new TreeMap<>();
        Map<Integer, Map<Integer, ObjectNode>> tools = new TreeMap<>();
        Map<Integer, Map<Integer, StringBuilder>> args = new TreeMap<>();
        Map<Integer, StringBuilder> thinkingBlock = new TreeMap<>();
        for (String p : payloads) {
            JsonNode chunk = json(p);
            out.put("id", chunk.get("id").asText());
            out.put("object", "chat.completion");
            out.set("created", chunk.get("created"));
            out.put("model", chunk.get("model").asText());
            if (chunk.has("usage")) {
                out.set("usage", chunk.get("usage"));
            }
            for (JsonNode choice : chunk.get("choices")) {
                int i = choice.get("index").asInt();
                JsonNode delta = choice.get("delta");
                messages.computeIfAbsent(i, k -> Json.MAPPER.createObjectNode().put("role", "assistant"));
                if (delta.hasNonNull("content")
                        && !delta.get("content").asText().isEmpty()) {
                    content.computeIfAbsent(i, k -> new StringBuilder())
                            .append(delta.get("content").asText());
                }
                if (delta.hasNonNull("reasoning_content")) {
                    reasoning
                            .computeIfAbsent(i, k -> new StringBuilder())
                            .append(delta.get("reasoning_content").asText());
                }
                for (JsonNode block : delta.path("content_blocks")) {
                    thinkingBlock
                            .computeIfAbsent(i, k -> new StringBuilder())
                            .append(block.path("delta").path("thinking").asText(""));
                }
                for (JsonNode tc : delta.path("tool_calls")) {
                    int t = tc.get("index").asInt();
                    ObjectNode call = tools.computeIfAbsent(i, k -> new TreeMap<>())
                            .computeIfAbsent(t, k -> Json.MAPPER.createObjectNode());
                    if (tc.has("id")) {
                        call.put("id", tc.get("id").asText());
                        call.put("type", "function");
                        call.putObject("function")
                                .put("name", tc.at("/function/name").asText());
                    }
                    args.computeIfAbsent(i, k -> new TreeMap<>())
                            .computeIfAbsent(t, k -> new StringBuilder())
                            .append(tc.at("/function/arguments").asText(""));
                }
                if (choice.hasNonNull("finish_reason")) {
                    finish.put(i, choice.get("finish_reason").asText());
                }
            }
        }
        ArrayNode choices = out.putArray("choices");
        for (Map.Entry<Integer, ObjectNode> e : messages.entrySet()) {
            int i = e.getKey();
            ObjectNode message = e.getValue();
            message.put("content", content.containsKey(i) ? content.get(i).toString() : null);
            message.putNull("refusal");
            if (tools.containsKey(i)) {
                ArrayNode calls = message.putArray("tool_calls");
                for (Iterator<Map.Entry<Integer, ObjectNode>> it =
                                tools.get(i).entrySet().iterator();
                        it.hasNext(); ) {
                    Map.Entry<Integer, ObjectNode> t = it.next();
                    ((ObjectNode) t.getValue().get("function"))
                            .put("arguments", args.get(i).get(t.getKey()).toString());
                    calls.add(t.getValue());
                }
            }
            if (reasoning.containsKey(i)) {
                message.put("reasoning_content", reasoning.get(i).toString());
                message.putArray("content_blocks")
                        .addObject()
                        .put("type", "thinking")
                        .put("thinking", thinkingBlock.get(i).toString());
            }
            ObjectNode choice = choices.addObject();
            choice.put("index", i);
            choice.set("message", message);
            choice.putNull("logprobs");
            choice.put("finish_reason", finish.get(i));
        }
        return out;
    }

    static boolean awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            return latch.await(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
