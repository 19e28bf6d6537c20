import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An upstream for bench/spike/check.sh that answers slowly on purpose: {@code POST /sse/…} gets a
 * chunked SSE stream of {@code EVENTS} events {@code GAP_MS} apart (then {@code data: [DONE]}), any other
 * POST a small JSON answer with Content-Length; keep-alive. A proxy that relays the stream as it
 * arrives delivers the first event at once; one that buffers delivers it with the last.
 *
 * <p>Usage: {@code java DripUpstream.java PORT}
 */
public final class DripUpstream {

    static final int EVENTS = 5;
    static final long GAP_MS = 300;

    public static void main(String[] args) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])));
        while (true) {
            Socket s = server.accept();
            Thread.ofVirtual().start(() -> serve(s));
        }
    }

    static void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                String requestLine = line(in);
                if (requestLine == null) {
                    return;
                }
                int length = 0;
                for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                    if (h.regionMatches(true, 0, "content-length:", 0, 15)) {
                        length = Integer.parseInt(h.substring(15).strip());
                    }
                }
                in.readNBytes(length);
                if (requestLine.contains(" /sse/")) {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    for (int i = 0; i <= EVENTS; i++) {
                        String event = i < EVENTS ? "data: {\"event\":" + i + "}\n\n" : "data: [DONE]\n\n";
                        byte[] b = event.getBytes(StandardCharsets.UTF_8);
                        out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.write(b);
                        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        if (i < EVENTS) {
                            Thread.sleep(GAP_MS);
                        }
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                } else {
                    byte[] body = "{\"object\":\"chat.completion\",\"drip\":true}".getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                            + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body);
                }
                out.flush();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the connection is done
        }
    }

    static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.isEmpty() ? null : sb.toString();
    }
}
