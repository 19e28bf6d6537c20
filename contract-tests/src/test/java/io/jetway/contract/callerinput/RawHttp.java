package io.jetway.contract.callerinput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP/1.1 request written byte by byte on a real socket: for header values that
 * {@link java.net.http.HttpClient} refuses to send (raw UTF-8 bytes), as a hostile client would.
 * The request asks the server to close, so the answer is read to the end of the connection.
 */
final class RawHttp {

    /** Status and body of an answer. */
    record Answer(int status, String body) {}

    private RawHttp() {}

    /**
     * POSTs {@code body} to {@code /v1/chat/completions}; each header is written as
     * {@code name: value} with the value's UTF-8 bytes.
     */
    static Answer post(int port, Map<String, String> headers, String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        write(
                head,
                "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
                        + "Content-Length: " + content.length + "\r\n");
        headers.forEach((name, value) -> write(head, name + ": " + value + "\r\n"));
        write(head, "\r\n");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(head.toByteArray());
            out.write(content);
            out.flush();
            return parse(readAll(s.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads one answer: to the end of its Content-Length, the last chunk, or the end of the
     * connection (the server need not close after answering).
     */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (true) {
            byte[] sofar = got.toByteArray();
            if (complete(sofar)) {
                return sofar;
            }
            int n = in.read(buf);
            if (n < 0) {
                return got.toByteArray();
            }
            got.write(buf, 0, n);
        }
    }

    private static boolean complete(byte[] raw) {
        int end = indexOf(raw, 0, "\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = new String(raw, 0, end, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        for (String line : head.split("\r\n")) {
            if (line.startsWith("content-length:")) {
                return raw.length - (end + 4)
                        >= Integer.parseInt(line.substring(15).strip());
            }
        }
        if (head.contains("transfer-encoding: chunked")) {
            return indexOf(raw, end, "\r\n0\r\n\r\n") >= 0;
        }
        return false;
    }

    /** Status line and body; a chunked body is de-chunked. */
    private static Answer parse(byte[] raw) {
        int end = indexOf(raw, 0, "\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("no complete HTTP answer: " + new String(raw, StandardCharsets.UTF_8));
        }
        String head = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(head.split(" ", 3)[1]);
        int pos = end + 4;
        if (!head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
            return new Answer(status, new String(raw, pos, raw.length - pos, StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int lineEnd = indexOf(raw, pos, "\r\n");
            String sizeLine = new String(raw, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].strip(), 16);
            if (size == 0) {
                return new Answer(status, body.toString(StandardCharsets.UTF_8));
            }
            body.write(raw, lineEnd + 2, size);
            pos = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] raw, int from, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = from; i <= raw.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (raw[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
