package io.jetway.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Writes {@code application/vnd.amazon.eventstream} messages (https://smithy.io/2.0/aws/amazon-eventstream.html)
 * the way Bedrock sends ConverseStream events: string headers {@code :event-type},
 * {@code :content-type: application/json}, {@code :message-type: event}, a JSON payload.
 *
 * <pre>
 * [total length u32][headers length u32][prelude CRC32 u32]
 * [headers: (name length u8, name, type 7 = string, value length u16, value)*]
 * [payload]
 * [message CRC32 u32]   over everything before it
 * </pre>
 *
 * The gateway's own encoder (EventStreamFrames) is test code of the gateway module, which is not
 * packaged for other modules; this is the same format. The benchmarks decode what it writes with
 * the gateway's EventStreamDecoder, which checks both CRCs, so a wrong frame fails at set-up.
 */
final class EventStreamEncoder {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Appends one Bedrock event message. */
    EventStreamEncoder event(String eventType, String json) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        header(h, ":event-type", eventType);
        header(h, ":content-type", "application/json");
        header(h, ":message-type", "event");
        byte[] headers = h.toByteArray();
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);

        ByteArrayOutputStream m = new ByteArrayOutputStream();
        int total = 12 + headers.length + payload.length + 4;
        writeInt(m, total);
        writeInt(m, headers.length);
        CRC32 crc = new CRC32();
        crc.update(m.toByteArray(), 0, 8);
        writeInt(m, (int) crc.getValue());
        m.writeBytes(headers);
        m.writeBytes(payload);
        CRC32 all = new CRC32();
        all.update(m.toByteArray());
        writeInt(m, (int) all.getValue());
        out.writeBytes(m.toByteArray());
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream h, String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        h.write(n.length);
        h.writeBytes(n);
        h.write(7); // string
        h.write(v.length >>> 8);
        h.write(v.length & 0xFF);
        h.writeBytes(v);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write((v >>> 16) & 0xFF);
        out.write((v >>> 8) & 0xFF);
        out.write(v & 0xFF);
    }
}
