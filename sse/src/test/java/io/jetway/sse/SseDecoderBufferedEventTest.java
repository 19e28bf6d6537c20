package io.jetway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SseDecoder#eventBuffered()}: a proxy flushes only when it returns false, so a {@code true}
 * must guarantee that {@link SseDecoder#next()} does not wait for input. The input here is delivered
 * by hand; reading past what was delivered fails the test ("would block").
 */
class SseDecoderBufferedEventTest {

    @Test
    void anEventThatArrivedInTheSameReadIsBuffered() throws IOException {
        Script in = new Script().deliver("data: a\n\ndata: b\n\n");
        SseDecoder decoder = new SseDecoder(in);

        assertThat(decoder.next().data()).isEqualTo("a");
        assertThat(decoder.eventBuffered()).isTrue();
        assertThat(decoder.next().data()).isEqualTo("b");
        assertThat(decoder.eventBuffered()).isFalse();
    }

    @Test
    void halfOfTheNextEventIsNotEnough() throws IOException {
        SseDecoder decoder = new SseDecoder(new Script().deliver("data: a\n\ndata: b\n"));

        decoder.next();

        assertThat(decoder.eventBuffered()).isFalse();
    }

    @Test
    void commentsAndBlocksWithoutDataDispatchNothing() throws IOException {
        SseDecoder decoder = new SseDecoder(new Script().deliver("data: a\n\n: ping\n\nevent: x\nid: 7\n\n"));

        decoder.next();

        assertThat(decoder.eventBuffered()).isFalse();
    }

    @Test
    void aDataFieldWithoutAColonCountsButALongerFieldNameDoesNot() throws IOException {
        SseDecoder withData = new SseDecoder(new Script().deliver("data: a\n\ndata\n\n"));
        SseDecoder withOther = new SseDecoder(new Script().deliver("data: a\n\ndatabase: x\n\n"));

        withData.next();
        withOther.next();

        assertThat(withData.eventBuffered()).isTrue();
        assertThat(withData.next().data()).isEmpty();
        assertThat(withOther.eventBuffered()).isFalse();
    }

    @Test
    void crLfAndLoneCrLineEndsAreRecognised() throws IOException {
        SseDecoder decoder = new SseDecoder(new Script().deliver("data: a\r\n\r\ndata: b\r\rdata: c\r\n\r\n"));

        assertThat(decoder.next().data()).isEqualTo("a");
        assertThat(decoder.eventBuffered()).isTrue();
        assertThat(decoder.next().data()).isEqualTo("b");
        assertThat(decoder.eventBuffered()).isTrue();
        assertThat(decoder.next().data()).isEqualTo("c");
    }

    @Test
    void bytesTheStreamReportsAvailableAreReadWithoutBlocking() throws IOException {
        Script in = new Script().deliver("data: a\n\n");
        SseDecoder decoder = new SseDecoder(in);
        decoder.next();

        in.deliver("data: b\n\n");

        assertThat(decoder.eventBuffered()).isTrue();
        assertThat(decoder.next().data()).isEqualTo("b");
    }

    @Test
    void theEndOfTheStreamMeansNextReturnsAtOnce() throws IOException {
        Script in = new Script().deliver("data: a\n\n").end();
        SseDecoder decoder = new SseDecoder(in);

        decoder.next();
        assertThat(decoder.next()).isNull();

        assertThat(decoder.eventBuffered()).isTrue();
    }

    @Test
    void trueNeverPromisesAnEventThatIsNotThereForRandomStreamsAndSplits() throws IOException {
        Random random = new Random(20261122L);
        String[] lines = {"data: x", "data:", "data", "event: e", "id: 1", ": c", "retry: 5", "other: y", "dat: z"};
        String[] ends = {"\n", "\r\n", "\r"};
        for (int round = 0; round < 2000; round++) {
            StringBuilder stream = new StringBuilder();
            for (int line = random.nextInt(30); line > 0; line--) {
                if (random.nextInt(3) > 0) {
                    stream.append(lines[random.nextInt(lines.length)]);
                }
                stream.append(ends[random.nextInt(ends.length)]);
            }
            byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
            List<SseEvent> expected = decodeAll(bytes);

            Script in = new Script();
            SseDecoder decoder = new SseDecoder(in);
            List<SseEvent> got = new ArrayList<>();
            int delivered = 0;
            while (true) {
                if (decoder.eventBuffered()) {
                    SseEvent event = decoder.next(); // must not read beyond what was delivered
                    if (event == null) {
                        break;
                    }
                    got.add(event);
                    continue;
                }
                if (delivered == bytes.length) {
                    in.end();
                    SseEvent event = decoder.next();
                    if (event == null) {
                        break;
                    }
                    got.add(event);
                    continue;
                }
                int n = 1 + random.nextInt(Math.min(12, bytes.length - delivered));
                in.deliver(bytes, delivered, n);
                delivered += n;
                if (random.nextBoolean()) {
                    in.hideAvailable();
                }
                SseEvent event = decoder.eventBuffered() ? decoder.next() : null;
                if (event != null) {
                    got.add(event);
                }
            }
            assertThat(got).as("stream %s", stream).isEqualTo(expected);
        }
    }

    private static List<SseEvent> decodeAll(byte[] bytes) throws IOException {
        SseDecoder decoder = new SseDecoder(new java.io.ByteArrayInputStream(bytes));
        List<SseEvent> events = new ArrayList<>();
        for (SseEvent e = decoder.next(); e != null; e = decoder.next()) {
            events.add(e);
        }
        return events;
    }

    /** Input delivered by the test; a read that would wait for undelivered bytes fails. */
    private static final class Script extends InputStream {
        private byte[] bytes = new byte[0];
        private int read;
        private boolean ended;
        private boolean hideAvailable;

        Script deliver(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return deliver(b, 0, b.length);
        }

        Script deliver(byte[] b, int off, int len) {
            byte[] next = new byte[bytes.length + len];
            System.arraycopy(bytes, 0, next, 0, bytes.length);
            System.arraycopy(b, off, next, bytes.length, len);
            bytes = next;
            hideAvailable = false;
            return this;
        }

        Script end() {
            ended = true;
            return this;
        }

        /** Like a stream that cannot tell: available() says 0 although bytes are there. */
        void hideAvailable() {
            hideAvailable = true;
        }

        @Override
        public int available() {
            return hideAvailable ? 0 : bytes.length - read;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (read == bytes.length) {
                if (ended) {
                    return -1;
                }
                throw new AssertionError("would block: the decoder read beyond the delivered input");
            }
            int n = Math.min(len, bytes.length - read);
            System.arraycopy(bytes, read, b, off, n);
            read += n;
            return n;
        }
    }
}
