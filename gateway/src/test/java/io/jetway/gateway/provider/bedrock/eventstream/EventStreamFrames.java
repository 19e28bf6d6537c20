package io.jetway.gateway.provider.bedrock.eventstream;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Test helper: encodes event-stream messages with string headers (what Bedrock sends), and
 * input streams that hand bytes out in small pieces, as a network does.
 */
public final class EventStreamFrames {

    private EventStreamFrames() {}

    /** One message with string headers (type 7) and the payload, both CRCs computed. */
    public static byte[] message(Map<String, String> headers, byte[] payload) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : headers.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
            h.write(name.length);
            h.writeBytes(name);
            h.write(7);
            h.write(value.length >> 8);
            h.write(value.length & 0xFF);
            h.writeBytes(value);
        }
        byte[] headerBytes = h.toByteArray();
        int total = 16 + headerBytes.length + payload.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(total);
        writeInt(out, total);
        writeInt(out, headerBytes.length);
        CRC32 crc = new CRC32();
        crc.update(out.toByteArray(), 0, 8);
        writeInt(out, (int) crc.getValue());
        out.writeBytes(headerBytes);
        out.writeBytes(payload);
        CRC32 all = new CRC32();
        all.update(out.toByteArray());
        writeInt(out, (int) all.getValue());
        return out.toByteArray();
    }

    /** A Bedrock event: {@code :event-type}, {@code :content-type: application/json}, {@code :message-type: event}. */
    public static byte[] event(String eventType, String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":event-type", eventType);
        headers.put(":content-type", "application/json");
        headers.put(":message-type", "event");
        return message(headers, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A Bedrock exception message: {@code :exception-type}, {@code :message-type: exception}. */
    public static byte[] exception(String exceptionType, String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":exception-type", exceptionType);
        headers.put(":content-type", "application/json");
        headers.put(":message-type", "exception");
        return message(headers, json.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A stream whose every read returns at most {@code pieceSize} bytes. */
    public static InputStream inPieces(byte[] bytes, int pieceSize) {
        return new FilterInputStream(new java.io.ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, pieceSize));
            }
        };
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write((v >>> 16) & 0xFF);
        out.write((v >>> 8) & 0xFF);
        out.write(v & 0xFF);
    }
}
