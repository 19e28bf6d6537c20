package io.jetway.gateway.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes a remote backend stores for a {@link CachedResponse}: a small binary format (no JSON
 * round trip of the answer, which is already JSON text). Layout: magic {@code 'J'}, version 1,
 * kind (0 complete, 1 stream), status, expiry (epoch millis); then the body (length, bytes) or the
 * payload count and each payload (length, UTF-8 bytes). Anything else is refused on reading.
 */
final class CachedResponseCodec {

    private static final int MAGIC = 'J';
    private static final int VERSION = 1;
    private static final int COMPLETE = 0;
    private static final int STREAM = 1;

    private CachedResponseCodec() {}

    static byte[] encode(CachedResponse response) {
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, response.weight()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(MAGIC);
            out.writeByte(VERSION);
            switch (response) {
                case CachedResponse.Complete c -> {
                    out.writeByte(COMPLETE);
                    out.writeShort(c.status());
                    out.writeLong(c.expiresAt().toEpochMilli());
                    out.writeInt(c.body().length);
                    out.write(c.body());
                }
                case CachedResponse.Stream s -> {
                    out.writeByte(STREAM);
                    out.writeShort(s.status());
                    out.writeLong(s.expiresAt().toEpochMilli());
                    out.writeInt(s.payloads().size());
                    for (String p : s.payloads()) {
                        byte[] b = p.getBytes(StandardCharsets.UTF_8);
                        out.writeInt(b.length);
                        out.write(b);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a stored answer of this version */
    static CachedResponse decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readUnsignedByte() != MAGIC || in.readUnsignedByte() != VERSION) {
                throw new IllegalArgumentException("not a Jetway cache entry of format version " + VERSION);
            }
            int kind = in.readUnsignedByte();
            int status = in.readUnsignedShort();
            Instant expiresAt = Instant.ofEpochMilli(in.readLong());
            CachedResponse out = switch (kind) {
                case COMPLETE -> new CachedResponse.Complete(status, bytes(in, data.length), expiresAt);
                case STREAM -> {
                    int count = length(in, data.length);
                    List<String> payloads = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        byte[] b = bytes(in, data.length);
                        payloads.add(new String(b, StandardCharsets.UTF_8));
                    }
                    yield new CachedResponse.Stream(status, payloads, expiresAt);
                }
                default -> throw new IllegalArgumentException("unknown cache entry kind " + kind);
            };
            if (in.available() != 0) {
                throw new IllegalArgumentException("cache entry has trailing bytes");
            }
            return out;
        } catch (EOFException e) {
            throw new IllegalArgumentException("cache entry is truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory cannot fail", e);
        }
    }

    private static byte[] bytes(DataInputStream in, int max) throws IOException {
        int n = length(in, max);
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException();
        }
        return b;
    }

    private static int length(DataInputStream in, int max) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new IllegalArgumentException("cache entry has an impossible length " + n);
        }
        return n;
    }
}
