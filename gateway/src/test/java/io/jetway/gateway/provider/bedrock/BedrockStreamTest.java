package io.jetway.gateway.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.bedrock.eventstream.EventStreamFrames;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden stream tests: each {@code stream/<name>.case.json} holds ConverseStream events shaped
 * like Bedrock's documented ones, encoded here as real binary event-stream frames and fed to the
 * chunk source in pieces of 1, 7 and all bytes; the chunks and the outcome (clean end or error)
 * must match. Every event payload is also checked against the Smithy model.
 */
class BedrockStreamTest {

    static final List<String> CASES = List.of(
            "text",
            "tool-use",
            "reasoning-extras",
            "reasoning-strict",
            "forced-tool-json",
            "throttled-mid-stream",
            "model-stream-error",
            "ends-without-metadata",
            "ends-without-message-stop");
    private static final String STREAM_OUTPUT = "com.amazonaws.bedrockruntime#ConverseStreamOutput";

    @TestFactory
    Stream<DynamicTest> mapsEachDocumentedStreamToItsGoldenChunks() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : CASES) {
            for (int piece : new int[] {1, 7, Integer.MAX_VALUE}) {
                tests.add(DynamicTest.dynamicTest(name + " in pieces of " + piece, () -> {
                    JsonNode c = BedrockFixtures.json("stream/" + name + ".case.json");
                    FakeResponse response = new FakeResponse(frames(c.get("events")), piece);
                    Result result = drain(new BedrockProvider(BedrockFixtures.STUB_IMAGES)
                            .translate(call(c)).stream(upstreamRequest(), response));
                    assertThat(result.chunks).containsExactlyElementsOf(list(c.get("expected")));
                    JsonNode outcome = c.get("outcome");
                    if (outcome.isTextual()) {
                        assertThat(result.error).as("clean end").isNull();
                    } else {
                        assertThat(result.error).isNotNull();
                        assertThat(result.error.status())
                                .isEqualTo(outcome.get("status").asInt());
                        assertThat(result.error.code())
                                .isEqualTo(outcome.get("code").asText());
                        assertThat(result.error.getMessage())
                                .isEqualTo(outcome.get("message").asText());
                    }
                    // A finished stream is released after its remaining body is read, on another thread.
                    assertThat(response.released.await(5, java.util.concurrent.TimeUnit.SECONDS))
                            .as("the upstream response is released")
                            .isTrue();
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> usesEventsTheSmithyModelAccepts() {
        return CASES.stream()
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    JsonNode c = BedrockFixtures.json("stream/" + name + ".case.json");
                    for (JsonNode e : c.get("events")) {
                        ObjectNode union = Json.MAPPER.createObjectNode();
                        union.set(
                                e.has("event")
                                        ? e.get("event").asText()
                                        : e.get("exception").asText(),
                                e.get("payload"));
                        assertThat(BedrockFixtures.SMITHY.validate(union, STREAM_OUTPUT))
                                .as(e.toString())
                                .isEmpty();
                    }
                }));
    }

    @Test
    void endsTheStreamWithAnErrorOnACorruptedFrame() throws Exception {
        JsonNode c = BedrockFixtures.json("stream/text.case.json");
        List<byte[]> frames = frameList(c.get("events"));
        byte[] third = frames.get(2);
        third[third.length - 8] ^= 0x40; // a payload byte of the second text delta
        FakeResponse response = new FakeResponse(EventStreamFrames.concat(frames.toArray(new byte[0][])), 5);
        Result result = drain(new BedrockProvider(BedrockFixtures.STUB_IMAGES)
                .translate(call(c)).stream(upstreamRequest(), response));
        assertThat(result.chunks).hasSize(2); // role and "Hello": nothing from the corrupted frame
        assertThat(result.error.status()).isEqualTo(502);
        assertThat(result.error.code()).isEqualTo("stream_corrupted");
        assertThat(result.error.getMessage()).contains("message checksum mismatch in message 3");
        assertThat(response.closed).isTrue();
    }

    @Test
    void accumulatesToTheSameAnswerAsTheNonStreamCall() throws Exception {
        JsonNode c = BedrockFixtures.json("stream/tool-use.case.json");
        Result result = drain(new BedrockProvider(BedrockFixtures.STUB_IMAGES)
                .translate(call(c)).stream(upstreamRequest(), new FakeResponse(frames(c.get("events")), 3)));
        JsonNode streamed = accumulate(result.chunks);

        String converse = """
                {"output":{"message":{"role":"assistant","content":[
                  {"text":"I'll call the top_song tool."},
                  {"toolUse":{"toolUseId":"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q","name":"top_song","input":{"sign":"WZPZ"}}}]}},
                 "stopReason":"tool_use","usage":{"inputTokens":375,"outputTokens":57,"totalTokens":432},
                 "metrics":{"latencyMs":1344}}""";
        JsonNode whole = Json.MAPPER.readTree(new BedrockProvider(BedrockFixtures.STUB_IMAGES)
                .translate(call(c))
                .answer(converse.getBytes()));
        JsonNode message = whole.get("choices").get(0).get("message");
        assertThat(streamed.get("content").asText())
                .isEqualTo(message.get("content").asText());
        assertThat(streamed.get("finish_reason"))
                .isEqualTo(whole.get("choices").get(0).get("finish_reason"));
        JsonNode call = streamed.get("tool_calls").get(0);
        JsonNode wholeCall = message.get("tool_calls").get(0);
        assertThat(call.get("id")).isEqualTo(wholeCall.get("id"));
        assertThat(call.get("function").get("name"))
                .isEqualTo(wholeCall.get("function").get("name"));
        assertThat(Json.MAPPER.readTree(call.get("function").get("arguments").asText()))
                .isEqualTo(Json.MAPPER.readTree(
                        wholeCall.get("function").get("arguments").asText()));
    }

    @Test
    void closingTheSourceEarlyReleasesTheUpstreamResponse() throws Exception {
        JsonNode c = BedrockFixtures.json("stream/text.case.json");
        FakeResponse response = new FakeResponse(frames(c.get("events")), 4);
        ChunkSource source =
                new BedrockProvider(BedrockFixtures.STUB_IMAGES).translate(call(c)).stream(upstreamRequest(), response);
        assertThat(source.next()).contains("\"role\":\"assistant\"");
        source.close();
        assertThat(response.closed).isTrue();
    }

    @Test
    void refusesToolInputForABlockThatNeverStarted() throws Exception {
        JsonNode c = BedrockFixtures.json("stream/text.case.json");
        byte[] bytes = EventStreamFrames.concat(
                EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}"),
                EventStreamFrames.event(
                        "contentBlockDelta", "{\"contentBlockIndex\":3,\"delta\":{\"toolUse\":{\"input\":\"{}\"}}}"));
        ChunkSource source = new BedrockProvider(BedrockFixtures.STUB_IMAGES)
                .translate(call(c)).stream(upstreamRequest(), new FakeResponse(bytes, 64));
        source.next();
        assertThatThrownBy(source::next)
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.status()).isEqualTo(502));
    }

    // ---------------------------------------------------------------------------------------------

    record Result(List<JsonNode> chunks, GatewayException error) {}

    static Result drain(ChunkSource source) throws Exception {
        List<JsonNode> chunks = new ArrayList<>();
        try {
            for (String s = source.next(); s != null; s = source.next()) {
                chunks.add(Json.MAPPER.readTree(s));
            }
            return new Result(chunks, null);
        } catch (GatewayException e) {
            return new Result(chunks, e);
        }
    }

    /** Folds chunks into {content, tool_calls[{id, function{name, arguments}}], finish_reason}. */
    static JsonNode accumulate(List<JsonNode> chunks) {
        StringBuilder content = new StringBuilder();
        Map<Integer, ObjectNode> calls = new java.util.TreeMap<>();
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (JsonNode chunk : chunks) {
            for (JsonNode choice : chunk.get("choices")) {
                JsonNode delta = choice.get("delta");
                if (delta.hasNonNull("content")) {
                    content.append(delta.get("content").asText());
                }
                for (JsonNode tc : delta.path("tool_calls")) {
                    ObjectNode call = calls.computeIfAbsent(tc.get("index").asInt(), i -> {
                        ObjectNode n = Json.MAPPER.createObjectNode();
                        n.putObject("function").put("arguments", "");
                        return n;
                    });
                    if (tc.has("id")) {
                        call.put("id", tc.get("id").asText());
                    }
                    ObjectNode fn = (ObjectNode) call.get("function");
                    if (tc.path("function").has("name")) {
                        fn.put("name", tc.get("function").get("name").asText());
                    }
                    fn.put(
                            "arguments",
                            fn.get("arguments").asText()
                                    + tc.path("function").path("arguments").asText(""));
                }
                if (choice.hasNonNull("finish_reason")) {
                    out.set("finish_reason", choice.get("finish_reason"));
                }
            }
        }
        out.put("content", content.toString());
        ArrayNode toolCalls = out.putArray("tool_calls");
        calls.values().forEach(toolCalls::add);
        return out;
    }

    static ProviderCall call(JsonNode c) throws Exception {
        return BedrockFixtures.call(
                BedrockFixtures.request(Json.MAPPER.writeValueAsBytes(c.get("request"))),
                BedrockFixtures.target(
                        "key",
                        new EnumMap<>(ProviderOption.class),
                        null,
                        c.get("strict").asBoolean(),
                        null));
    }

    static UpstreamRequest upstreamRequest() {
        return new UpstreamRequest(
                URI.create("https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse-stream"),
                Map.of(),
                new byte[0],
                Duration.ofSeconds(5),
                false);
    }

    static byte[] frames(JsonNode events) throws Exception {
        return EventStreamFrames.concat(frameList(events).toArray(new byte[0][]));
    }

    static List<byte[]> frameList(JsonNode events) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        for (Iterator<JsonNode> it = events.elements(); it.hasNext(); ) {
            JsonNode e = it.next();
            String payload = Json.MAPPER.writeValueAsString(e.get("payload"));
            frames.add(
                    e.has("event")
                            ? EventStreamFrames.event(e.get("event").asText(), payload)
                            : EventStreamFrames.exception(e.get("exception").asText(), payload));
        }
        return frames;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** An upstream response whose body arrives in pieces; records whether it was closed. */
    static final class FakeResponse implements UpstreamResponse {
        private final InputStream body;
        volatile boolean closed;
        final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

        FakeResponse(byte[] bytes, int piece) {
            this.body = EventStreamFrames.inPieces(bytes, piece);
        }

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
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                body.transferTo(out);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        @Override
        public void close() {
            closed = true;
            released.countDown();
        }
    }
}
