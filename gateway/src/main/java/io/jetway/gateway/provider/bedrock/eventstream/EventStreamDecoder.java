package io.jetway.gateway.provider.bedrock.eventstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Decodes {@code application/vnd.amazon.eventstream}
 * (https://smithy.io/2.0/aws/amazon-eventstream.html) one message at a time from a stream.
 *
 * <pre>
 * [total length u32][headers length u32][prelude CRC32 u32]   prelude: 12 bytes
 * [headers: (name length u8, name, type u8, value)*]
 * [payload: total - headers - 16 bytes]
 * [message CRC32 u32]                                         over everything before it
 * </pre>
 *
 * <p>Both checksums are verified before anything of the message is used: the prelude's before
 * its lengths are trusted (so a corrupt length cannot make the decoder wait for, or allocate,
 * bytes that will never come), the message's before the headers and payload are parsed.
 * {@link #next()} reads exactly one message and nothing beyond it, so it returns as soon as a
 * message is complete however the bytes were split across reads, and several messages arriving
 * in one read are returned one by one. Not thread-safe.
 */
public final class EventStreamDecoder {

    /** Prelude (12) plus message CRC (4). */
    static final int OVERHEAD = 16;
    /** The format's limits: 16 MiB per message, 128 KiB of headers. */
    static final int MAX_MESSAGE = 16 * 1024 * 1024;

    static final int MAX_HEADERS = 128 * 1024;

    private final InputStream in;
    private final byte[] prelude = new byte[12];
    private long messages;

    public EventStreamDecoder(InputStream in) {
        this.in = in;
    }

    /**
     * The next message, or null when the stream ended cleanly between two messages.
     *
     * @throws EventStreamException when a checksum does not match, a length or header is
     *                              malformed, or the stream ended inside a message
     * @throws IOException          when reading fails
     */
    public EventStreamMessage next() throws IOException {
        int got = in.readNBytes(prelude, 0, prelude.length);
        if (got == 0) {
            return null;
        }
        if (got < prelude.length) {
            throw new EventStreamException(
                    "the stream ended inside the prelude of message " + (messages + 1) + " (" + got + " of 12 bytes)");
        }
        CRC32 crc = new CRC32();
        crc.update(prelude, 0, 8);
        long preludeCrc = uint32(prelude, 8);
        if (crc.getValue() != preludeCrc) {
            throw new EventStreamException("prelude checksum mismatch in message " + (messages + 1) + ": computed "
                    + hex(crc.getValue()) + ", sent " + hex(preludeCrc));
        }
        long total = uint32(prelude, 0);
        long headersLength = uint32(prelude, 4);
        if (total < OVERHEAD || total > MAX_MESSAGE) {
            throw new EventStreamException("message length " + total + " is outside 16.." + MAX_MESSAGE);
        }
        if (headersLength > MAX_HEADERS || headersLength > total - OVERHEAD) {
            throw new EventStreamException(
                    "headers length " + headersLength + " does not fit a message of " + total + " bytes");
        }
        int rest = (int) total - prelude.length;
        byte[] body = in.readNBytes(rest);
        if (body.length < rest) {
            throw new EventStreamException("the stream ended inside message " + (messages + 1) + " ("
                    + (prelude.length + body.length) + " of " + total + " bytes)");
        }
        crc.update(prelude, 8, 4);
        crc.update(body, 0, rest - 4);
        long messageCrc = uint32(body, rest - 4);
        if (crc.getValue() != messageCrc) {
            throw new EventStreamException("message checksum mismatch in message " + (messages + 1) + ": computed "
                    + hex(crc.getValue()) + ", sent " + hex(messageCrc));
        }
        List<EventStreamMessage.Header> headers = parseHeaders(body, (int) headersLength);
        byte[] payload = new byte[rest - 4 - (int) headersLength];
        System.arraycopy(body, (int) headersLength, payload, 0, payload.length);
        messages++;
        return new EventStreamMessage(headers, payload);
    }

    private static List<EventStreamMessage.Header> parseHeaders(byte[] b, int length) throws EventStreamException {
        List<EventStreamMessage.Header> headers = new ArrayList<>(4);
        int i = 0;
        while (i < length) {
            int nameLength = b[i++] & 0xFF;
            if (nameLength == 0) {
                throw new EventStreamException("a header has an empty name");
            }
            need(i, nameLength + 1, length);
            String name = utf8(b, i, nameLength);
            i += nameLength;
            int type = b[i++] & 0xFF;
            EventStreamMessage.HeaderValue value;
            switch (type) {
                case 0 -> value = new EventStreamMessage.BoolValue(true);
                case 1 -> value = new EventStreamMessage.BoolValue(false);
                case 2 -> {
                    need(i, 1, length);
                    value = new EventStreamMessage.ByteValue(b[i]);
                    i += 1;
                }
                case 3 -> {
                    need(i, 2, length);
                    value = new EventStreamMessage.ShortValue((short) (((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF)));
                    i += 2;
                }
                case 4 -> {
                    need(i, 4, length);
                    value = new EventStreamMessage.IntValue((int) uint32(b, i));
                    i += 4;
                }
                case 5 -> {
                    need(i, 8, length);
                    value = new EventStreamMessage.LongValue(int64(b, i));
                    i += 8;
                }
                case 6, 7 -> {
                    need(i, 2, length);
                    int n = ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
                    i += 2;
                    need(i, n, length);
                    if (type == 6) {
                        byte[] bytes = new byte[n];
                        System.arraycopy(b, i, bytes, 0, n);
                        value = new EventStreamMessage.BytesValue(bytes);
                    } else {
                        value = new EventStreamMessage.StringValue(utf8(b, i, n));
                    }
                    i += n;
                }
                case 8 -> {
                    need(i, 8, length);
                    value = new EventStreamMessage.TimestampValue(Instant.ofEpochMilli(int64(b, i)));
                    i += 8;
                }
                case 9 -> {
                    need(i, 16, length);
                    value = new EventStreamMessage.UuidValue(new UUID(int64(b, i), int64(b, i + 8)));
                    i += 16;
                }
                default -> throw new EventStreamException("header '" + name + "' has the unknown value type " + type);
            }
            headers.add(new EventStreamMessage.Header(name, value));
        }
        return headers;
    }

    private static void need(int at, int n, int limit) throws EventStreamException {
        if (at + n > limit) {
            throw new EventStreamException("a header runs past the end of the headers section");
        }
    }

    private static String utf8(byte[] b, int offset, int length) throws EventStreamException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new EventStreamException("a header name or string value is not valid UTF-8");
        }
    }

    private static long uint32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    private static long int64(byte[] b, int i) {
        return (uint32(b, i) << 32) | uint32(b, i + 4);
    }

    private static String hex(long v) {
        return String.format("%08x", v);
    }
}
