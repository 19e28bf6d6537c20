package io.jetway.gateway.provider.bedrock.eventstream;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One decoded {@code application/vnd.amazon.eventstream} message: its headers in wire order and
 * its payload (for Bedrock, a JSON document).
 */
public record EventStreamMessage(List<Header> headers, byte[] payload) {

    public EventStreamMessage {
        headers = List.copyOf(headers);
    }

    /** One header: a name and a typed value. */
    public record Header(String name, HeaderValue value) {}

    /** The ten value types of the format (the type byte is given in each record's comment). */
    public sealed interface HeaderValue {}

    /** Types 0 (true) and 1 (false): no value bytes. */
    public record BoolValue(boolean value) implements HeaderValue {}

    /** Type 2: one signed byte. */
    public record ByteValue(byte value) implements HeaderValue {}

    /** Type 3: big-endian int16. */
    public record ShortValue(short value) implements HeaderValue {}

    /** Type 4: big-endian int32. */
    public record IntValue(int value) implements HeaderValue {}

    /** Type 5: big-endian int64. */
    public record LongValue(long value) implements HeaderValue {}

    /** Type 6: uint16 length, then the bytes. */
    public record BytesValue(byte[] value) implements HeaderValue {
        @Override
        public boolean equals(Object o) {
            return o instanceof BytesValue b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "BytesValue[" + value.length + " bytes]";
        }
    }

    /** Type 7: uint16 length, then UTF-8. */
    public record StringValue(String value) implements HeaderValue {}

    /** Type 8: int64 milliseconds since the epoch. */
    public record TimestampValue(Instant value) implements HeaderValue {}

    /** Type 9: 16 bytes. */
    public record UuidValue(UUID value) implements HeaderValue {}

    /** The value of a string header (Bedrock's {@code :event-type}, {@code :message-type} …), or null. */
    public String stringHeader(String name) {
        for (Header h : headers) {
            if (h.name().equals(name) && h.value() instanceof StringValue s) {
                return s.value();
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventStreamMessage m && headers.equals(m.headers) && Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return 31 * headers.hashCode() + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "EventStreamMessage[headers=" + headers + ", payload=" + payload.length + " bytes]";
    }
}
