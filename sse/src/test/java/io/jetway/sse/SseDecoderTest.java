package io.jetway.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseDecoderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    // ---- line ends -----------------------------------------------------------------------------------

    @Test
    void decodesEventsTerminatedByLf() throws IOException {
        List<SseEvent> events = decodeAll("data: one\n\ndata: two\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("one", "two");
    }

    @Test
    void decodesEventsTerminatedByCrLf() throws IOException {
        List<SseEvent> events = decodeAll("event: a\r\ndata: one\r\n\r\ndata: two\r\n\r\n");

        assertThat(events).containsExactly(new SseEvent("a", "one", null, null), new SseEvent(null, "two", null, null));
    }

    @Test
    void decodesEventsTerminatedByLoneCr() throws IOException {
        List<SseEvent> events = decodeAll("event: a\rdata: one\rdata: more\r\rdata: two\r\r");

        assertThat(events)
                .containsExactly(new SseEvent("a", "one\nmore", null, null), new SseEvent(null, "two", null, null));
    }

    @Test
    void decodesMixedLineEndsInOneStream() throws IOException {
        List<SseEvent> events = decodeAll("data: a\r\ndata: b\rdata: c\n\r\ndata: d\n\r");

        assertThat(events).extracting(SseEvent::data).containsExactly("a\nb\nc", "d");
    }

    @Test
    void treatsCrLfSplitAcrossOneByteReadsAsOneLineEnd() throws IOException {
        byte[] bytes = utf8("data: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n");
        SseDecoder decoder = new SseDecoder(new OneByteInputStream(bytes));

        assertThat(drain(decoder)).extracting(SseEvent::data).containsExactly("a\nb", "c");
        assertThat(decoder.endedMidEvent()).isFalse();
        assertThat(decoder.bytesRead()).isEqualTo(bytes.length);
    }

    @Test
    void treatsCrLfSplitAcrossChosenChunksAsOneLineEnd() throws IOException {
        SseDecoder decoder = new SseDecoder(chunks("data: a\r", "\ndata: b\r", "\n\r", "\ndata: c\r", "\r", "\n"));

        // "data: a", "data: b", blank -> "a\nb"; "data: c", blank -> "c"; the final "\n" is the CR's LF.
        assertThat(drain(decoder)).extracting(SseEvent::data).containsExactly("a\nb", "c");
        assertThat(decoder.endedMidEvent()).isFalse();
    }

    @Test
    void treatsLfAfterCrLfSplitAsAnotherLineEnd() throws IOException {
        // CR at a read boundary, then LF (part of CRLF), then another LF: that is a blank line.
        SseDecoder decoder = new SseDecoder(chunks("data: a\r", "\n", "\n"));

        assertThat(drain(decoder)).extracting(SseEvent::data).containsExactly("a");
    }

    @Test
    void decodesLinesLongerThanTheInternalBuffer() throws IOException {
        String big = "x".repeat(100_000);
        byte[] bytes = utf8("data: " + big + "\n\ndata: small\n\n");
        SseDecoder decoder = new SseDecoder(new ChunkedInputStream(splitEvery(bytes, 3_000)));

        assertThat(drain(decoder)).extracting(SseEvent::data).containsExactly(big, "small");
    }

    // ---- encoding ------------------------------------------------------------------------------------

    @Test
    void decodesMultiByteUtf8SplitAcrossReads() throws IOException {
        String text = "héllo ✓ 😀 日本";
        byte[] bytes = utf8("data: " + text + "\n\n");

        assertThat(drain(new SseDecoder(new OneByteInputStream(bytes))))
                .extracting(SseEvent::data)
                .containsExactly(text);
        // Split right inside the 4-byte emoji.
        int emoji = indexOf(bytes, utf8("😀"));
        assertThat(drain(new SseDecoder(new ChunkedInputStream(List.of(
                        Arrays.copyOfRange(bytes, 0, emoji + 2), Arrays.copyOfRange(bytes, emoji + 2, bytes.length))))))
                .extracting(SseEvent::data)
                .containsExactly(text);
    }

    @Test
    void stripsOneLeadingByteOrderMark() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] bytes = concat(bom, utf8("data: x\n\n"));

        assertThat(decodeAll(bytes)).containsExactly(new SseEvent(null, "x", null, null));
        assertThat(drain(new SseDecoder(new OneByteInputStream(bytes))))
                .containsExactly(new SseEvent(null, "x", null, null));
    }

    @Test
    void stripsOnlyOneByteOrderMark() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        // After the first BOM is stripped, the second is part of the field name "\uFEFFdata": ignored.
        byte[] bytes = concat(bom, bom, utf8("data: x\n\ndata: y\n\n"));

        assertThat(decodeAll(bytes)).extracting(SseEvent::data).containsExactly("y");
    }

    @Test
    void keepsByteOrderMarkThatIsNotAtTheStart() throws IOException {
        List<SseEvent> events = decodeAll("data: \uFEFFx\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("\uFEFFx");
    }

    // ---- fields --------------------------------------------------------------------------------------

    @Test
    void joinsMultipleDataLinesWithNewlines() throws IOException {
        List<SseEvent> events = decodeAll("data: first\ndata: second\ndata: third\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("first\nsecond\nthird");
    }

    @Test
    void ignoresCommentLines() throws IOException {
        List<SseEvent> events = decodeAll(": keep-alive\n\n:\ndata: x\n: in the middle\ndata: y\n\n");

        assertThat(events).containsExactly(new SseEvent(null, "x\ny", null, null));
    }

    @Test
    void acceptsDataWithoutSpaceAfterColon() throws IOException {
        assertThat(decodeAll("data:x\n\n")).extracting(SseEvent::data).containsExactly("x");
    }

    @Test
    void stripsOnlyOneLeadingSpaceFromValue() throws IOException {
        assertThat(decodeAll("data:  x \n\n")).extracting(SseEvent::data).containsExactly(" x ");
    }

    @Test
    void splitsFieldAtFirstColonOnly() throws IOException {
        assertThat(decodeAll("data: a:b: c\n\n")).extracting(SseEvent::data).containsExactly("a:b: c");
    }

    @Test
    void treatsLineWithoutColonAsFieldWithEmptyValue() throws IOException {
        // "data" alone appends an empty line; "event" alone sets an empty (i.e. default) type.
        List<SseEvent> events = decodeAll("event: custom\nevent\ndata\n\ndata\ndata\n\n");

        assertThat(events).containsExactly(new SseEvent(null, "", null, null), new SseEvent(null, "\n", null, null));
    }

    @Test
    void ignoresUnknownFields() throws IOException {
        List<SseEvent> events = decodeAll("foo: bar\nDATA: shouted\ndata: x\nunknown\n\n");

        assertThat(events).containsExactly(new SseEvent(null, "x", null, null));
    }

    @Test
    void doesNotDispatchEventWithoutData() throws IOException {
        List<SseEvent> events = decodeAll("event: ping\n\nid: 1\n\n: comment\n\n\n\ndata: x\n\n");

        assertThat(events).containsExactly(new SseEvent(null, "x", null, null));
    }

    @Test
    void dispatchesEmptyDataField() throws IOException {
        assertThat(decodeAll("data:\n\n")).containsExactly(new SseEvent(null, "", null, null));
    }

    @Test
    void resetsEventTypeAfterDispatch() throws IOException {
        List<SseEvent> events = decodeAll("event: delta\ndata: 1\n\ndata: 2\n\n");

        assertThat(events).extracting(SseEvent::event).containsExactly("delta", null);
    }

    @Test
    void lastEventFieldWins() throws IOException {
        List<SseEvent> events = decodeAll("event: a\nevent: b\ndata: x\n\n");

        assertThat(events).extracting(SseEvent::event).containsExactly("b");
    }

    @Test
    void setsIdOnlyOnTheEventThatGaveIt() throws IOException {
        SseDecoder decoder = decoder("id: 7\ndata: a\n\ndata: b\n\n");

        assertThat(decoder.next()).isEqualTo(new SseEvent(null, "a", "7", null));
        assertThat(decoder.lastEventId()).isEqualTo("7");
        assertThat(decoder.next()).isEqualTo(new SseEvent(null, "b", null, null));
        assertThat(decoder.lastEventId()).isEqualTo("7");
    }

    @Test
    void ignoresIdContainingNul() throws IOException {
        SseDecoder decoder = decoder("id: good\ndata: a\n\nid: b\0d\ndata: b\n\n");

        assertThat(decoder.next().id()).isEqualTo("good");
        assertThat(decoder.next().id()).isNull();
        assertThat(decoder.lastEventId()).isEqualTo("good");
    }

    @Test
    void acceptsEmptyIdAsResetOfLastEventId() throws IOException {
        SseDecoder decoder = decoder("id: 1\ndata: a\n\nid\ndata: b\n\n");

        assertThat(decoder.next().id()).isEqualTo("1");
        assertThat(decoder.next().id()).isEmpty();
        assertThat(decoder.lastEventId()).isEmpty();
    }

    @Test
    void keepsIdFromEventThatWasNotDispatchedAsLastEventId() throws IOException {
        SseDecoder decoder = decoder("id: 42\n\ndata: x\n\n");

        assertThat(decoder.next()).isEqualTo(new SseEvent(null, "x", null, null));
        assertThat(decoder.lastEventId()).isEqualTo("42");
    }

    @Test
    void setsRetryOnlyFromAsciiDigits() throws IOException {
        SseDecoder decoder = decoder("retry: 1500\ndata: a\n\n"
                + "retry: 15s\ndata: b\n\n"
                + "retry: -1\ndata: c\n\n"
                + "retry:  2000\ndata: d\n\n"
                + "retry:\ndata: e\n\n"
                + "retry: 99999999999999999999999\ndata: f\n\n");

        assertThat(decoder.next().retry()).isEqualTo(1500L);
        assertThat(decoder.next().retry()).isNull();
        assertThat(decoder.next().retry()).isNull();
        assertThat(decoder.next().retry())
                .as("two spaces: one is kept, so not all digits")
                .isNull();
        assertThat(decoder.next().retry()).isNull();
        assertThat(decoder.reconnectionTime()).isEqualTo(1500L);
        assertThat(decoder.next().retry()).as("saturates on overflow").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void carriesAllFieldsOfOneEvent() throws IOException {
        List<SseEvent> events = decodeAll("retry: 10\nid: abc\nevent: update\ndata: {\"a\":1}\n\n");

        assertThat(events).containsExactly(new SseEvent("update", "{\"a\":1}", "abc", 10L));
    }

    // ---- end of stream -------------------------------------------------------------------------------

    @Test
    void returnsNullAtEndOfEmptyStream() throws IOException {
        SseDecoder decoder = decoder("");

        assertThat(decoder.next()).isNull();
        assertThat(decoder.next()).isNull();
        assertThat(decoder.endedMidEvent()).isFalse();
        assertThat(decoder.bytesRead()).isZero();
    }

    @Test
    void discardsUnterminatedFinalEvent() throws IOException {
        SseDecoder decoder = decoder("data: complete\n\ndata: partial\n");

        assertThat(decoder.next()).isEqualTo(new SseEvent(null, "complete", null, null));
        assertThat(decoder.endedMidEvent()).isFalse();
        assertThat(decoder.next()).isNull();
        assertThat(decoder.endedMidEvent()).isTrue();
        assertThat(decoder.next()).isNull();
    }

    @Test
    void reportsFinalLineWithoutLineEndAsEndedMidEvent() throws IOException {
        SseDecoder decoder = decoder("data: complete\n\ndata: cut off mid-li");

        assertThat(decoder.next()).isNotNull();
        assertThat(decoder.next()).isNull();
        assertThat(decoder.endedMidEvent()).isTrue();
    }

    @Test
    void doesNotReportCleanEndAsEndedMidEvent() throws IOException {
        SseDecoder decoder = decoder("data: x\n\n: trailing comment\nevent: unused\n\r");

        assertThat(drain(decoder)).hasSize(1);
        assertThat(decoder.endedMidEvent()).isFalse();
    }

    @Test
    void countsBytesRead() throws IOException {
        byte[] bytes = utf8("data: é\n\n");
        SseDecoder decoder = new SseDecoder(new ByteArrayInputStream(bytes));

        drain(decoder);

        assertThat(decoder.bytesRead()).isEqualTo(bytes.length);
    }

    // ---- OpenAI-style streams ------------------------------------------------------------------------

    @Test
    void detectsDoneMarker() {
        assertThat(new SseEvent(null, "[DONE]", null, null).isDone()).isTrue();
        assertThat(new SseEvent(null, "[DONE] ", null, null).isDone()).isFalse();
        assertThat(new SseEvent(null, "{\"done\":true}", null, null).isDone()).isFalse();
    }

    @Test
    void decodesOpenAiStyleChatCompletionStream() throws IOException {
        String stream = """
                data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant"}}]}

                data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hel"}}]}

                : OPENROUTER PROCESSING

                data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"lo"}}]}

                data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

                data: [DONE]

                """.replace("\n", "\r\n");
        SseDecoder decoder = new SseDecoder(new ChunkedInputStream(splitEvery(utf8(stream), 7)));

        List<SseEvent> events = drain(decoder);

        assertThat(events).hasSize(5);
        assertThat(events).allSatisfy(e -> assertThat(e.event()).isNull());
        assertThat(events.subList(0, 4)).allSatisfy(e -> {
            assertThat(e.data()).startsWith("{\"id\":\"c1\"").endsWith("}");
            assertThat(e.isDone()).isFalse();
        });
        assertThat(events.get(1).data()).contains("\"content\":\"Hel\"");
        assertThat(events.get(4).isDone()).isTrue();
        assertThat(decoder.endedMidEvent()).isFalse();
    }

    // ---- latency -------------------------------------------------------------------------------------

    @Test
    void returnsCompleteEventWithoutReadingFurther() {
        // The stream fails any read after the first event's bytes were delivered.
        InputStream in = new ChunkedInputStream(List.of(utf8("event: a\ndata: first\n\n")), true);
        SseDecoder decoder = new SseDecoder(in);

        SseEvent event = assertTimeoutPreemptively(TIMEOUT, decoder::next);

        assertThat(event).isEqualTo(new SseEvent("a", "first", null, null));
    }

    @Test
    void returnsEventEndingInCrAtEndOfReadWithoutWaitingForLf() {
        // The blank line's CR is the last byte delivered: it must end the line without peeking ahead.
        InputStream in = new ChunkedInputStream(List.of(utf8("data: first\r\r")), true);
        SseDecoder decoder = new SseDecoder(in);

        SseEvent event = assertTimeoutPreemptively(TIMEOUT, decoder::next);

        assertThat(event).isEqualTo(new SseEvent(null, "first", null, null));
    }

    @Test
    void returnsEachEventAsSoonAsItArrivesThroughAPipe() {
        // Writer and reader share one thread, so a read that waited for more bytes would never return;
        // assertTimeoutPreemptively turns that into a failure after two seconds.
        assertTimeoutPreemptively(TIMEOUT, () -> {
            PipedOutputStream upstream = new PipedOutputStream();
            PipedInputStream in = new PipedInputStream(upstream, 64 * 1024);
            SseDecoder decoder = new SseDecoder(in);

            upstream.write(utf8("data: one\r\n\r"));
            assertThat(decoder.next()).isEqualTo(new SseEvent(null, "one", null, null));

            upstream.write(utf8("\ndata: two\n\ndata: three\n\n"));
            assertThat(decoder.next()).isEqualTo(new SseEvent(null, "two", null, null));
            assertThat(decoder.next()).isEqualTo(new SseEvent(null, "three", null, null));

            upstream.write(utf8("data: four\n"));
            upstream.close();
            assertThat(decoder.next()).isNull();
            assertThat(decoder.endedMidEvent()).isTrue();
        });
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static SseDecoder decoder(String stream) {
        return new SseDecoder(new ByteArrayInputStream(utf8(stream)));
    }

    private static List<SseEvent> decodeAll(String stream) throws IOException {
        return decodeAll(utf8(stream));
    }

    /** Decodes in one read and again one byte per read, checking both give the same events. */
    private static List<SseEvent> decodeAll(byte[] bytes) throws IOException {
        List<SseEvent> whole = drain(new SseDecoder(new ByteArrayInputStream(bytes)));
        List<SseEvent> byteByByte = drain(new SseDecoder(new OneByteInputStream(bytes)));
        assertThat(byteByByte).as("same events when read one byte at a time").isEqualTo(whole);
        return whole;
    }

    private static List<SseEvent> drain(SseDecoder decoder) throws IOException {
        List<SseEvent> events = new ArrayList<>();
        for (SseEvent e = decoder.next(); e != null; e = decoder.next()) {
            events.add(e);
        }
        return events;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static InputStream chunks(String... parts) {
        return new ChunkedInputStream(
                Arrays.stream(parts).map(SseDecoderTest::utf8).toList());
    }

    private static List<byte[]> splitEvery(byte[] bytes, int size) {
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += size) {
            parts.add(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size)));
        }
        return parts;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, offset, p.length);
            offset += p.length;
        }
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    /** Returns at most one byte per read. */
    private static final class OneByteInputStream extends InputStream {
        private final byte[] bytes;
        private int pos;

        OneByteInputStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int c = read();
            if (c < 0) {
                return -1;
            }
            b[off] = (byte) c;
            return 1;
        }
    }

    /**
     * Returns each chunk (or as much of it as fits) per read, then end of stream; or, if
     * {@code failWhenExhausted}, throws instead of ending, to prove no further read was attempted.
     */
    private static final class ChunkedInputStream extends InputStream {
        private final List<byte[]> chunks;
        private final boolean failWhenExhausted;
        private int index;
        private int offsetInChunk;

        ChunkedInputStream(List<byte[]> chunks) {
            this(chunks, false);
        }

        ChunkedInputStream(List<byte[]> chunks, boolean failWhenExhausted) {
            this.chunks = chunks;
            this.failWhenExhausted = failWhenExhausted;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (index == chunks.size()) {
                if (failWhenExhausted) {
                    throw new IOException("read beyond the delivered bytes: decoder would have blocked");
                }
                return -1;
            }
            byte[] chunk = chunks.get(index);
            int n = Math.min(len, chunk.length - offsetInChunk);
            System.arraycopy(chunk, offsetInChunk, b, off, n);
            offsetInChunk += n;
            if (offsetInChunk == chunk.length) {
                index++;
                offsetInChunk = 0;
            }
            return n;
        }
    }
}
