package io.jetway.bench.spike;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.upstream.Http1UpstreamClient;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * Prototypes (b) and (c): a minimal blocking HTTP/1.1 server, one thread per connection that reads
 * each request, calls Jetway's {@link Http1UpstreamClient} itself and writes the answer, so the thread
 * that waits on a socket is the one that runs the request. With platform threads (b) a wait is the
 * kernel's: no scheduler, no poller, no hand-off. With virtual threads (c) the same code pays the
 * virtual-thread park and unpark (poller, carrier) of each wait but none of Helidon's own costs:
 * (a) − (c) is Helidon's share, (c) − (b) the virtual threads'.
 *
 * <p>What it speaks: HTTP/1.1 and 1.0 requests with a Content-Length body (a chunked request body is
 * refused with 411 and the connection closed), keep-alive by the version's default and the
 * Connection header, TCP_NODELAY; answers with Content-Length (JSON) or chunked (streams, one chunk
 * per upstream read, flushed at once; to an HTTP/1.0 client the stream goes unframed and the
 * connection closes). Malformed requests get 400 and the connection closes. It has no timeouts on
 * the client side (a prototype: a silent client holds its thread).
 */
final class BlockingProxy {

    private static final int MAX_HEAD = 64 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final Relay relay;
    private final Http1UpstreamClient client = new Http1UpstreamClient(Relay.CONNECT_TIMEOUT);
    private final ThreadFactory connections;
    private final ServerSocket server;

    private BlockingProxy(Relay relay, ThreadFactory connections, ServerSocket server) {
        this.relay = relay;
        this.connections = connections;
        this.server = server;
    }

    /** Binds and starts the accept loop on a platform thread of its own; each connection gets a thread of {@code connections}. */
    static BlockingProxy start(String host, int port, Relay relay, ThreadFactory connections) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1024);
        BlockingProxy proxy = new BlockingProxy(relay, connections, server);
        Thread.ofPlatform().name("accept").start(proxy::acceptLoop);
        return proxy;
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
                System.err.println("accept failed: " + e);
                try {
                    Thread.sleep(10); // e.g. EMFILE: back off rather than spin
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            connections.newThread(() -> serve(s)).start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            Connection c = new Connection(socket.getInputStream(), socket.getOutputStream());
            while (c.exchange()) {
                // next request on the same connection
            }
        } catch (EOFException | SocketException gone) {
            // the client closed or reset the connection
        } catch (IOException | RuntimeException e) {
            System.err.println("connection failed: " + e);
        }
    }

    /** One client connection: its input buffer and its output buffer (a whole small answer leaves in one write). */
    private final class Connection {
        private final InputStream in;
        private final OutputStream raw;
        private final byte[] buf = new byte[Relay.BUFFER];
        private int pos;
        private int limit;
        private final byte[] out = new byte[Relay.BUFFER];
        private int outLen;

        Connection(InputStream in, OutputStream raw) {
            this.in = in;
            this.raw = raw;
        }

        /** Reads one request and answers it; false when the connection is done (closed by either side). */
        boolean exchange() throws IOException {
            String requestLine = line(true);
            if (requestLine == null) {
                return false; // closed between requests
            }
            int sp1 = requestLine.indexOf(' ');
            int sp2 = requestLine.lastIndexOf(' ');
            if (sp1 <= 0 || sp2 <= sp1) {
                return refuse(400, "Malformed request line.");
            }
            String method = requestLine.substring(0, sp1);
            String target = requestLine.substring(sp1 + 1, sp2);
            String version = requestLine.substring(sp2 + 1);
            boolean http11 = version.equals("HTTP/1.1");
            if (!http11 && !version.equals("HTTP/1.0")) {
                return refuse(505, "Only HTTP/1.1 and HTTP/1.0 are served.");
            }
            Map<String, String> headers = new LinkedHashMap<>(8);
            long contentLength = 0;
            boolean keepAlive = http11;
            int headBytes = requestLine.length();
            for (String h = line(false); !h.isEmpty(); h = line(false)) {
                headBytes += h.length();
                if (headBytes > MAX_HEAD) {
                    return refuse(431, "The request's headers are too large.");
                }
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    return refuse(400, "Malformed header line.");
                }
                String name = h.substring(0, colon).strip();
                String value = h.substring(colon + 1).strip();
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "content-length" -> {
                        try {
                            contentLength = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            return refuse(400, "Malformed Content-Length.");
                        }
                        if (contentLength < 0) {
                            return refuse(400, "Malformed Content-Length.");
                        }
                    }
                    case "transfer-encoding" -> {
                        return refuse(411, "Send the body with a Content-Length.");
                    }
                    case "connection" -> keepAlive = http11 ? !value.equalsIgnoreCase("close")
                            : value.equalsIgnoreCase("keep-alive");
                    default -> {
                        if (Relay.forwarded(name)) {
                            headers.put(name, value);
                        }
                    }
                }
            }
            if (contentLength > Relay.MAX_BODY) {
                return refuse(413, "The request body is too large.");
            }
            byte[] body = body((int) contentLength);
            int q = target.indexOf('?');
            String path = q < 0 ? target : target.substring(0, q);
            if (!method.equals("POST") || !Relay.routed(path)) {
                answer(404, "application/json", Relay.notFound(method, path), keepAlive);
                return keepAlive;
            }
            UpstreamResponse up;
            try {
                up = client.send(relay.request(path, headers, body));
            } catch (GatewayException e) {
                answer(e.status(), "application/json", Relay.error(e.getMessage()), keepAlive);
                return keepAlive;
            }
            try (up) {
                String type = up.header("content-type");
                if (!Relay.isStream(type)) {
                    byte[] answer;
                    try {
                        answer = up.readAll();
                    } catch (GatewayException e) {
                        answer(e.status(), "application/json", Relay.error(e.getMessage()), keepAlive);
                        return keepAlive;
                    }
                    answer(up.status(), type, answer, keepAlive);
                    return keepAlive;
                }
                return stream(up, type, http11 && keepAlive, http11);
            }
        }

        /** Relays a stream: each read from the upstream is written and flushed at once. */
        private boolean stream(UpstreamResponse up, String type, boolean keepAlive, boolean chunked) throws IOException {
            head(up.status(), type, chunked ? -2 : -1, keepAlive);
            InputStream body = up.body();
            byte[] chunk = new byte[Relay.BUFFER];
            while (true) {
                int n;
                try {
                    n = body.read(chunk);
                } catch (IOException e) {
                    // The upstream broke mid-stream: the client sees a truncated answer (no last chunk).
                    flush();
                    return false;
                }
                if (n < 0) {
                    break;
                }
                if (chunked) {
                    put(Integer.toHexString(n).getBytes(StandardCharsets.ISO_8859_1));
                    put(CRLF);
                    put(chunk, 0, n);
                    put(CRLF);
                } else {
                    put(chunk, 0, n);
                }
                flush();
            }
            if (chunked) {
                put(LAST_CHUNK);
                flush();
            }
            return keepAlive;
        }

        private boolean refuse(int status, String message) throws IOException {
            answer(status, "application/json", Relay.error(message), false);
            return false;
        }

        private void answer(int status, String type, byte[] body, boolean keepAlive) throws IOException {
            head(status, type, body.length, keepAlive);
            put(body, 0, body.length);
            flush();
        }

        /** The status line and headers; length -1: none (to the end of the connection), -2: chunked. */
        private void head(int status, String type, long length, boolean keepAlive) throws IOException {
            StringBuilder sb = new StringBuilder(128).append("HTTP/1.1 ").append(status).append(' ')
                    .append(reason(status)).append("\r\n");
            if (type != null) {
                sb.append("Content-Type: ").append(type).append("\r\n");
            }
            if (length >= 0) {
                sb.append("Content-Length: ").append(length).append("\r\n");
            } else if (length == -2) {
                sb.append("Transfer-Encoding: chunked\r\n");
            }
            sb.append(keepAlive ? "" : "Connection: close\r\n").append("\r\n");
            put(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        }

        private void put(byte[] b) throws IOException {
            put(b, 0, b.length);
        }

        private void put(byte[] b, int off, int len) throws IOException {
            if (len > out.length - outLen) {
                flush();
                if (len > out.length) {
                    raw.write(b, off, len);
                    return;
                }
            }
            System.arraycopy(b, off, out, outLen, len);
            outLen += len;
        }

        private void flush() throws IOException {
            if (outLen > 0) {
                raw.write(out, 0, outLen);
                outLen = 0;
            }
        }

        /** A line of the head (CRLF or LF), Latin-1; null at a clean end of stream before the request line. */
        private String line(boolean first) throws IOException {
            StringBuilder sb = null;
            while (true) {
                for (int i = pos; i < limit; i++) {
                    if (buf[i] == '\n') {
                        int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                        String part = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                        pos = i + 1;
                        if (sb == null) {
                            return part;
                        }
                        sb.append(part);
                        int len = sb.length();
                        if (len > 0 && sb.charAt(len - 1) == '\r') {
                            sb.setLength(len - 1);
                        }
                        return sb.toString();
                    }
                }
                if (limit > pos) {
                    if (sb == null) {
                        sb = new StringBuilder();
                    }
                    sb.append(new String(buf, pos, limit - pos, StandardCharsets.ISO_8859_1));
                    pos = limit;
                    if (sb.length() > MAX_HEAD) {
                        throw new IOException("a request head line longer than " + MAX_HEAD + " bytes");
                    }
                }
                if (!fill()) {
                    if (first && sb == null) {
                        return null;
                    }
                    throw new EOFException("the connection ended in a request head");
                }
            }
        }

        private byte[] body(int n) throws IOException {
            byte[] body = new byte[n];
            int got = Math.min(n, limit - pos);
            System.arraycopy(buf, pos, body, 0, got);
            pos += got;
            while (got < n) {
                int r = in.read(body, got, n - got);
                if (r < 0) {
                    throw new EOFException("the connection ended in a request body");
                }
                got += r;
            }
            return body;
        }

        private boolean fill() throws IOException {
            if (pos == limit) {
                pos = 0;
                limit = 0;
            }
            if (limit == buf.length) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                return false;
            }
            limit += n;
            return true;
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 502 -> "Bad Gateway";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status";
        };
    }
}
