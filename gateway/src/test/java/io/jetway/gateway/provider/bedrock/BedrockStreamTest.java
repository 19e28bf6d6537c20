package io.jetway.gateway.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.bedrock.eventstream.EventStreamFrames;
import io.jetway.gateway.provider.conformance.ConformanceCases;
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
import org.junit.jupiter.api.Test;

/**
 * Bedrock's ConverseStream beyond the golden streams, which run as conformance cases
 * ({@code conformance/bedrock/stream-*}: chunk for chunk in pieces of 1, 7 and all bytes, with the
 * outcome; events checked against the Smithy model by {@code BedrockConformanceTest}): a corrupted
 * frame, an early close, tool input for a block that never started.
 */
class BedrockStreamTest {

    @Test
    void endsTheStreamWithAnErrorOnACorruptedFrame() throws Exception {
        JsonNode c = textCase();
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
    void closingTheSourceEarlyReleasesTheUpstreamResponse() throws Exception {
        JsonNode c = textCase();
        FakeResponse response = new FakeResponse(frames(c.get("events")), 4);
        ChunkSource source =
                new BedrockProvider(BedrockFixtures.STUB_IMAGES).translate(call(c)).stream(upstreamRequest(), response);
        assertThat(source.next()).contains("\"role\":\"assistant\"");
        source.close();
        assertThat(response.closed).isTrue();
    }

    @Test
    void refusesToolInputForABlockThatNeverStarted() throws Exception {
        JsonNode c = textCase();
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

    /** The conformance case {@code stream-text}: its request ({@code request}) and events ({@code events}). */
    static JsonNode textCase() throws Exception {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.set("request", Json.MAPPER.readTree(ConformanceCases.text("bedrock", "stream-text", "request.json")));
        c.set(
                "events",
                Json.MAPPER.readTree(ConformanceCases.text("bedrock", "stream-text", "stream.upstream.events.json")));
        return c;
    }

    /** The call for a case's request, with strict compliance as in the case ({@code stream-text} has no target.json). */
    static ProviderCall call(JsonNode c) throws Exception {
        return BedrockFixtures.call(
                BedrockFixtures.request(Json.MAPPER.writeValueAsBytes(c.get("request"))),
                BedrockFixtures.target("key", new EnumMap<>(ProviderOption.class), null, true, null));
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
