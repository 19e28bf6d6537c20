package io.jetway.gateway.provider.bedrock.eventstream;

import static io.jetway.gateway.provider.bedrock.eventstream.EventStreamFrames.concat;
import static io.jetway.gateway.provider.bedrock.eventstream.EventStreamFrames.event;
import static io.jetway.gateway.provider.bedrock.eventstream.EventStreamFrames.inPieces;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class EventStreamDecoderTest {

    private static final byte[] START = event("messageStart", "{\"role\":\"assistant\"}");
    private static final byte[] DELTA =
            event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hello ☃\"}}");
    private static final byte[] STOP = event("messageStop", "{\"stopReason\":\"end_turn\"}");

    @TestFactory
    Stream<DynamicTest> decodesAwsTestVectorsAndRejectsTheCorruptedOnes() throws IOException {
        JsonNode file;
        try (InputStream in = getClass().getResourceAsStream("/providers/bedrock/eventstream/aws-test-vectors.json")) {
            file = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : file.get("vectors")) {
            byte[] encoded = Base64.getDecoder().decode(v.get("encoded").asText());
            tests.add(DynamicTest.dynamicTest(v.get("name").asText(), () -> {
                EventStreamDecoder decoder = new EventStreamDecoder(new ByteArrayInputStream(encoded));
                if (v.get("expectation").asText().equals("failure")) {
                    assertThatThrownBy(decoder::next).isInstanceOf(EventStreamException.class);
                    return;
                }
                EventStreamMessage m = decoder.next();
                assertThat(m.payload())
                        .isEqualTo(Base64.getDecoder().decode(v.get("body").asText()));
                List<EventStreamMessage.Header> expected = new ArrayList<>();
                for (JsonNode h : v.get("headers")) {
                    expected.add(new EventStreamMessage.Header(h.get("name").asText(), expectedValue(h)));
                }
                assertThat(m.headers()).containsExactlyElementsOf(expected);
                assertThat(decoder.next()).isNull();
            }));
        }
        assertThat(tests).hasSize(9);
        return tests.stream();
    }

    @Test
    void decodesEveryHeaderValueType() throws IOException {
        EventStreamMessage m = new EventStreamDecoder(new ByteArrayInputStream(vector("all_headers"))).next();
        assertThat(m.headers())
                .extracting(h -> h.value().getClass().getSimpleName())
                .containsExactly(
                        "IntValue",
                        "StringValue",
                        "BoolValue",
                        "BoolValue",
                        "ByteValue",
                        "BytesValue",
                        "TimestampValue",
                        "ShortValue",
                        "LongValue",
                        "UuidValue");
        assertThat(m.headers().get(6).value())
                .isEqualTo(new EventStreamMessage.TimestampValue(Instant.ofEpochMilli(8675309)));
        assertThat(m.headers().get(9).value())
                .isEqualTo(new EventStreamMessage.UuidValue(UUID.fromString("01020304-0506-0708-090a-0b0c0d0e0f10")));
        assertThat(m.stringHeader("content-type")).isEqualTo("application/json");
        assertThat(m.stringHeader("event-type"))
                .as("an int header is not a string header")
                .isNull();
    }

    @Test
    void decodesSeveralMessagesDeliveredInOneRead() throws IOException {
        EventStreamDecoder decoder = new EventStreamDecoder(new ByteArrayInputStream(concat(START, DELTA, STOP)));
        assertThat(decoder.next().stringHeader(":event-type")).isEqualTo("messageStart");
        EventStreamMessage delta = decoder.next();
        assertThat(delta.stringHeader(":event-type")).isEqualTo("contentBlockDelta");
        assertThat(new String(delta.payload(), StandardCharsets.UTF_8)).contains("Hello ☃");
        assertThat(decoder.next().stringHeader(":event-type")).isEqualTo("messageStop");
        assertThat(decoder.next()).isNull();
    }

    @Test
    void decodesMessagesSplitAcrossReadsAtEveryByte() throws IOException {
        byte[] all = concat(START, DELTA, STOP);
        for (int piece : new int[] {1, 2, 3, 5, 7, 11, 13, 64}) {
            EventStreamDecoder decoder = new EventStreamDecoder(inPieces(all, piece));
            List<String> types = new ArrayList<>();
            for (EventStreamMessage m = decoder.next(); m != null; m = decoder.next()) {
                types.add(m.stringHeader(":event-type"));
            }
            assertThat(types)
                    .as("pieces of %d bytes", piece)
                    .containsExactly("messageStart", "contentBlockDelta", "messageStop");
        }
    }

    @Test
    void decodesMessagesSplitAtRandomBoundaries() throws IOException {
        Random random = new Random(42);
        byte[] all = concat(START, DELTA, STOP, DELTA, STOP);
        for (int run = 0; run < 50; run++) {
            List<InputStream> parts = new ArrayList<>();
            for (int i = 0; i < all.length; ) {
                int n = Math.min(all.length - i, 1 + random.nextInt(40));
                byte[] part = new byte[n];
                System.arraycopy(all, i, part, 0, n);
                parts.add(new ByteArrayInputStream(part));
                i += n;
            }
            EventStreamDecoder decoder =
                    new EventStreamDecoder(new SequenceInputStream(java.util.Collections.enumeration(parts)));
            int count = 0;
            while (decoder.next() != null) {
                count++;
            }
            assertThat(count).isEqualTo(5);
        }
    }

    @Test
    void returnsAMessageWithoutReadingPastIt() throws IOException {
        InputStream failsAfterFirst = new SequenceInputStream(new ByteArrayInputStream(START), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("read past the first message");
            }
        });
        EventStreamDecoder decoder = new EventStreamDecoder(failsAfterFirst);
        assertThat(decoder.next().stringHeader(":event-type")).isEqualTo("messageStart");
        assertThatThrownBy(decoder::next).hasMessageContaining("read past the first message");
    }

    @Test
    void rejectsAPreludeWithABadChecksum() {
        byte[] bad = DELTA.clone();
        bad[9] ^= 0x01;
        EventStreamDecoder decoder = new EventStreamDecoder(new ByteArrayInputStream(concat(START, bad)));
        assertThatThrownBy(() -> {
                    decoder.next();
                    decoder.next();
                })
                .isInstanceOf(EventStreamException.class)
                .hasMessageContaining("prelude checksum mismatch in message 2");
    }

    @Test
    void rejectsACorruptedLengthThroughThePreludeChecksumBeforeWaitingForBytes() {
        byte[] bad = DELTA.clone();
        bad[2] = 0x7F; // total length now ~8 MB: must not be trusted (nor waited for)
        assertThatThrownBy(() -> new EventStreamDecoder(new ByteArrayInputStream(bad)).next())
                .isInstanceOf(EventStreamException.class)
                .hasMessageContaining("prelude checksum mismatch");
    }

    @Test
    void rejectsAPayloadWithABadMessageChecksum() {
        byte[] bad = DELTA.clone();
        bad[bad.length - 10] ^= 0x20; // a payload byte
        assertThatThrownBy(() -> new EventStreamDecoder(new ByteArrayInputStream(bad)).next())
                .isInstanceOf(EventStreamException.class)
                .hasMessageContaining("message checksum mismatch");
        byte[] badCrc = DELTA.clone();
        badCrc[badCrc.length - 1] ^= 0x01; // the message CRC itself
        assertThatThrownBy(() -> new EventStreamDecoder(new ByteArrayInputStream(badCrc)).next())
                .isInstanceOf(EventStreamException.class)
                .hasMessageContaining("message checksum mismatch");
    }

    @Test
    void rejectsAStreamThatEndsInsideAMessage() {
        byte[] cut = java.util.Arrays.copyOf(concat(START, DELTA), START.length + DELTA.length - 3);
        EventStreamDecoder decoder = new EventStreamDecoder(new ByteArrayInputStream(cut));
        assertThatThrownBy(() -> {
                    decoder.next();
                    decoder.next();
                })
                .isInstanceOf(EventStreamException.class)
                .hasMessageContaining("ended inside message 2");
        byte[] inPrelude = java.util.Arrays.copyOf(START, 5);
        assertThatThrownBy(() -> new EventStreamDecoder(new ByteArrayInputStream(inPrelude)).next())
                .isInstanceOf(EventStreamException.class)
                .hasMessageContaining("inside the prelude");
    }

    @Test
    void endsCleanlyOnAnEmptyStream() throws IOException {
        assertThat(new EventStreamDecoder(new ByteArrayInputStream(new byte[0])).next())
                .isNull();
    }

    private static byte[] vector(String name) throws IOException {
        try (InputStream in = EventStreamDecoderTest.class.getResourceAsStream(
                "/providers/bedrock/eventstream/aws-test-vectors.json")) {
            for (JsonNode v : new ObjectMapper().readTree(in).get("vectors")) {
                if (v.get("name").asText().equals(name)) {
                    return Base64.getDecoder().decode(v.get("encoded").asText());
                }
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static EventStreamMessage.HeaderValue expectedValue(JsonNode h) {
        JsonNode v = h.get("value");
        return switch (h.get("type").asText()) {
            case "boolean" -> new EventStreamMessage.BoolValue(v.asBoolean());
            case "byte" -> new EventStreamMessage.ByteValue((byte) v.asInt());
            case "short" -> new EventStreamMessage.ShortValue((short) v.asInt());
            case "integer" -> new EventStreamMessage.IntValue(v.asInt());
            case "long" -> new EventStreamMessage.LongValue(v.asLong());
            case "binary" ->
                new EventStreamMessage.BytesValue(Base64.getDecoder().decode(v.asText()));
            case "string" -> new EventStreamMessage.StringValue(v.asText());
            case "timestamp" -> new EventStreamMessage.TimestampValue(Instant.ofEpochMilli(v.asLong()));
            case "uuid" -> new EventStreamMessage.UuidValue(UUID.fromString(v.asText()));
            default -> throw new IllegalArgumentException(h.toString());
        };
    }
}
