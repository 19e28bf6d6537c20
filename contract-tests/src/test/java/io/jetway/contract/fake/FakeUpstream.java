package io.jetway.contract.fake;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local fake LLM provider: an HTTP/1.1 server on {@code 127.0.0.1} that answers with scripted
 * {@link FakeResponse}s in OpenAI's Chat Completions wire format and records every request.
 *
 * <pre>{@code
 * try (FakeUpstream upstream = FakeUpstream.start()) {
 *   upstream.enqueue(FakeResponse.chatCompletion("Paris"));
 *   // ... point the gateway at upstream.baseUrl() and call it ...
 *   RecordedRequest req = upstream.takeRequest();
 *   assertThat(req.path()).isEqualTo("/v1/chat/completions");
 * }
 * }</pre>
 *
 * <p><b>Scripting.</b> Each request consumes the oldest {@link #enqueue enqueued} response. When
 * the queue is empty the {@link #setDefaultResponse default} answers, which is initially
 * {@link FakeResponse#smartDefault()}: a chat completion, or a chat stream if the request asked
 * for {@code "stream": true}, echoing the request's model.
 *
 * <p><b>Implementation.</b> A raw {@link ServerSocket} with one virtual thread per connection and
 * a small HTTP/1.1 parser (request line, headers, {@code Content-Length} or chunked body,
 * {@code Expect: 100-continue}). Connections are kept alive until the client closes them or sends
 * {@code Connection: close}. The raw socket is what allows abrupt drops mid-stream
 * ({@link FakeResponse#dropAfter}) and delays ({@link FakeResponse#delayBeforeHeadersMillis}).
 *
 * <p><b>Robustness.</b> Socket reads time out after 30 s; exceptions in a connection are logged to
 * stderr and close only that connection; {@link #close()} stops accepting, closes every open
 * connection and interrupts any scripted sleeps.
 */
public final class FakeUpstream implements AutoCloseable {

    /** Read timeout on every accepted socket. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** How long {@link #takeRequest()} waits. */
    public static final Duration TAKE_TIMEOUT = Duration.ofSeconds(5);

    private static final int MAX_LINE_LENGTH = 64 * 1024;
    private static final int MAX_HEADER_COUNT = 500;
    private static final byte[] CRLF = {'\r', '\n'};

    private final ServerSocket serverSocket;
    private final Thread acceptThread;
    private final ConcurrentLinkedQueue<FakeResponse> script = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> recorded = new CopyOnWriteArrayList<>();
    private final BlockingQueue<RecordedRequest> untaken = new LinkedBlockingQueue<>();
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionCounter = new AtomicInteger();
    private volatile FakeResponse defaultResponse = FakeResponse.smartDefault();
    private volatile boolean closed;

    private FakeUpstream(ServerSocket serverSocket) {
        this.serverSocket = serverSocket;
        this.acceptThread = Thread.ofVirtual()
                .name("fake-upstream-accept-" + serverSocket.getLocalPort())
                .start(this::acceptLoop);
    }

    /** Starts a server on {@code 127.0.0.1} on an ephemeral port. */
    public static FakeUpstream start() {
        try {
            ServerSocket socket = new ServerSocket(0, 128, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
            return new FakeUpstream(socket);
        } catch (IOException e) {
            throw new IllegalStateException("FakeUpstream could not bind 127.0.0.1", e);
        }
    }

    /** The bound port. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** The base URL without trailing slash, e.g. {@code http://127.0.0.1:54321}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** {@link #baseUrl()} plus the given path, e.g. {@code url("/v1/chat/completions")}. */
    public URI url(String path) {
        return URI.create(baseUrl() + (path.startsWith("/") ? path : "/" + path));
    }

    // ---------------------------------------------------------------------------------------------
    // Scripting
    // ---------------------------------------------------------------------------------------------

    /** Queues a response; responses are consumed in order, one per request. */
    public FakeUpstream enqueue(FakeResponse response) {
        script.add(java.util.Objects.requireNonNull(response));
        return this;
    }

    /** Queues several responses in order. */
    public FakeUpstream enqueue(FakeResponse first, FakeResponse... more) {
        enqueue(first);
        for (FakeResponse r : more) {
            enqueue(r);
        }
        return this;
    }

    /**
     * Sets the response used when the queue is empty (initially {@link
     * FakeResponse#smartDefault()}).
     */
    public void setDefaultResponse(FakeResponse response) {
        this.defaultResponse = java.util.Objects.requireNonNull(response);
    }

    /** How many enqueued responses have not been used yet. */
    public int pendingResponses() {
        return script.size();
    }

    /**
     * Clears the script, the recorded requests and the default response (back to {@link
     * FakeResponse#smartDefault()}); handy when one server is shared by several tests.
     */
    public void reset() {
        script.clear();
        recorded.clear();
        untaken.clear();
        defaultResponse = FakeResponse.smartDefault();
    }

    // ---------------------------------------------------------------------------------------------
    // Recorded requests
    // ---------------------------------------------------------------------------------------------

    /** A snapshot of every request received so far, oldest first (taken or not). */
    public List<RecordedRequest> requests() {
        return List.copyOf(recorded);
    }

    /** The number of requests received so far. */
    public int requestCount() {
        return recorded.size();
    }

    /**
     * The oldest request not yet taken, waiting up to {@link #TAKE_TIMEOUT} for one to arrive.
     *
     * @throws AssertionError if no request arrives in time
     */
    public RecordedRequest takeRequest() {
        return takeRequest(TAKE_TIMEOUT);
    }

    /**
     * The oldest request not yet taken, waiting up to {@code timeout}.
     *
     * @throws AssertionError if no request arrives in time
     */
    public RecordedRequest takeRequest(Duration timeout) {
        try {
            RecordedRequest r = untaken.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new AssertionError("FakeUpstream received no request within " + timeout.toMillis() + " ms ("
                        + recorded.size() + " received in total)");
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for a request", e);
        }
    }

    /** The number of TCP connections accepted so far. */
    public int connectionCount() {
        return connectionCounter.get();
    }

    /** Stops accepting, closes every open connection and interrupts in-flight responses. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(serverSocket);
        for (Socket s : openSockets) {
            closeQuietly(s);
        }
        for (Thread t : handlerThreads) {
            t.interrupt();
        }
        try {
            acceptThread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FakeUpstream[" + baseUrl() + "]";
    }

    // ---------------------------------------------------------------------------------------------
    // Connection handling
    // ---------------------------------------------------------------------------------------------

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (closed || serverSocket.isClosed()) {
                    return;
                }
                log("accept failed", e);
                continue;
            }
            int index = connectionCounter.incrementAndGet();
            openSockets.add(socket);
            if (closed) { // close() ran between accept() and add()
                closeQuietly(socket);
                openSockets.remove(socket);
                return;
            }
            Thread.ofVirtual()
                    .name("fake-upstream-" + port() + "-conn-" + index)
                    .start(() -> handleConnection(socket, index));
        }
    }

    private void handleConnection(Socket socket, int connectionIndex) {
        Thread self = Thread.currentThread();
        handlerThreads.add(self);
        try (socket) {
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            boolean keepAlive = true;
            while (keepAlive && !closed) {
                RecordedRequest request;
                try {
                    request = readRequest(in, out, connectionIndex);
                } catch (BadRequestException e) {
                    log("connection #" + connectionIndex + ": bad request: " + e.getMessage(), null);
                    String reply = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n" + "Connection: close\r\n\r\n";
                    out.write(reply.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return;
                }
                if (request == null) {
                    return; // client closed (or left idle) the connection between requests
                }
                recorded.add(request);
                untaken.add(request);
                keepAlive = respond(socket, out, request);
            }
        } catch (InterruptedException e) {
            if (!closed) {
                log("connection #" + connectionIndex + ": interrupted", null);
            }
        } catch (IOException e) {
            if (!closed) {
                log("connection #" + connectionIndex + ": " + e, null);
            }
        } catch (RuntimeException | Error e) {
            log("connection #" + connectionIndex + ": unexpected failure", e);
        } finally {
            openSockets.remove(socket);
            handlerThreads.remove(self);
        }
    }

    /** Writes the response for one request; returns whether the connection may be reused. */
    private boolean respond(Socket socket, OutputStream out, RecordedRequest request)
            throws IOException, InterruptedException {
        FakeResponse scripted = script.poll();
        if (scripted == null) {
            scripted = defaultResponse;
        }
        FakeResponse response;
        try {
            response = scripted.resolve(request);
        } catch (RuntimeException e) {
            log("dynamic response failed for " + request.method() + " " + request.path(), e);
            response = FakeResponse.error(500, "FakeUpstream dynamic response failed: " + e, "server_error", null);
        }

        if (response.headersDelayMillis() > 0) {
            Thread.sleep(response.headersDelayMillis());
        }
        boolean clientWantsClose = wantsClose(request);

        switch (response.kind()) {
            case CLOSE -> {
                socket.close();
                return false;
            }
            case FIXED -> {
                writeFixed(out, response, clientWantsClose);
                return !clientWantsClose;
            }
            case SSE -> {
                boolean completed = writeStream(socket, out, response, clientWantsClose);
                return completed && !clientWantsClose;
            }
            case CHUNKED -> {
                boolean completed = writeChunks(socket, out, response, clientWantsClose);
                return completed && !clientWantsClose;
            }
            default -> throw new IllegalStateException("unresolved response " + response);
        }
    }

    private void writeFixed(OutputStream out, FakeResponse response, boolean close) throws IOException {
        int status = response.statusCode();
        boolean bodyAllowed = status >= 200 && status != 204 && status != 304;
        byte[] body = bodyAllowed ? response.bodyBytes() : new byte[0];
        StringBuilder head = statusAndHeaders(response, close);
        if (bodyAllowed) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.flush();
    }

    /** Returns true if the stream ended cleanly (terminating chunk written). */
    private boolean writeStream(Socket socket, OutputStream out, FakeResponse response, boolean close)
            throws IOException, InterruptedException {
        StringBuilder head = statusAndHeaders(response, close);
        head.append("Transfer-Encoding: chunked\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();

        int dropAfter = response.dropAfterEvents();
        List<String> events = new ArrayList<>(response.events());
        int written = 0;
        for (String payload : events) {
            if (written == dropAfter) {
                break;
            }
            pause(response.eventDelayMillis());
            writeChunk(out, "data: " + payload + "\n\n");
            written++;
        }
        if (dropAfter >= 0) {
            socket.close(); // abrupt: no [DONE], no terminating chunk
            return false;
        }
        if (response.sendDone()) {
            pause(response.eventDelayMillis());
            writeChunk(out, "data: [DONE]\n\n");
        }
        if (response.rawTailText() != null) {
            writeChunk(out, response.rawTailText());
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return true;
    }

    /** Writes raw byte chunks; returns true if the body ended cleanly (terminating chunk written). */
    private boolean writeChunks(Socket socket, OutputStream out, FakeResponse response, boolean close)
            throws IOException {
        StringBuilder head = statusAndHeaders(response, close);
        head.append("Transfer-Encoding: chunked\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        int written = 0;
        for (byte[] data : response.chunks()) {
            if (written == response.dropAfterEvents()) {
                break;
            }
            if (data.length > 0) {
                out.write(Integer.toHexString(data.length).getBytes(StandardCharsets.US_ASCII));
                out.write(CRLF);
                out.write(data);
                out.write(CRLF);
                out.flush();
            }
            written++;
        }
        if (response.dropAfterEvents() >= 0) {
            socket.close();
            return false;
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return true;
    }

    private static void pause(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    /** Writes one HTTP chunk and flushes. Empty text is skipped (it would end the body). */
    private static void writeChunk(OutputStream out, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        if (data.length == 0) {
            return;
        }
        out.write(Integer.toHexString(data.length).getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        out.write(data);
        out.write(CRLF);
        out.flush();
    }

    private static StringBuilder statusAndHeaders(FakeResponse response, boolean close) {
        StringBuilder sb = new StringBuilder();
        sb.append("HTTP/1.1 ")
                .append(response.statusCode())
                .append(' ')
                .append(reasonPhrase(response.statusCode()))
                .append("\r\n");
        for (Map.Entry<String, String> h : response.headers()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("content-length") || name.equals("transfer-encoding") || name.equals("connection")) {
                continue; // framing is the fake's job
            }
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (close) {
            sb.append("Connection: close\r\n");
        }
        return sb;
    }

    private static boolean wantsClose(RecordedRequest request) {
        for (String value : request.headerValues("Connection")) {
            for (String token : value.split(",")) {
                if (token.trim().equalsIgnoreCase("close")) {
                    return true;
                }
            }
        }
        // HTTP/1.0 closes by default unless keep-alive was asked for.
        return "HTTP/1.0".equals(request.httpVersion())
                && request.headerValues("Connection").stream()
                        .noneMatch(v -> v.toLowerCase(Locale.ROOT).contains("keep-alive"));
    }

    // ---------------------------------------------------------------------------------------------
    // Request parsing
    // ---------------------------------------------------------------------------------------------

    /** Reads one request; returns null on a clean EOF before the request line. */
    private static RecordedRequest readRequest(InputStream in, OutputStream out, int connectionIndex)
            throws IOException {
        String requestLine;
        do {
            try {
                requestLine = readLine(in, true);
            } catch (SocketTimeoutException idle) {
                return null; // keep-alive connection idle for READ_TIMEOUT: just close it
            }
            if (requestLine == null) {
                return null;
            }
        } while (requestLine.isEmpty()); // tolerate stray CRLFs between requests

        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/")) {
            throw new BadRequestException("malformed request line: " + requestLine);
        }

        List<Map.Entry<String, String>> headers = new ArrayList<>();
        while (true) {
            String line = readLine(in, false);
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new BadRequestException("malformed header line: " + line);
            }
            if (headers.size() >= MAX_HEADER_COUNT) {
                throw new BadRequestException("too many headers");
            }
            headers.add(Map.entry(
                    line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
        }

        if (headerValue(headers, "Expect") != null
                && headerValue(headers, "Expect").equalsIgnoreCase("100-continue")) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        byte[] body;
        String transferEncoding = headerValue(headers, "Transfer-Encoding");
        String contentLength = headerValue(headers, "Content-Length");
        if (transferEncoding != null
                && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = readChunkedBody(in);
        } else if (contentLength != null) {
            long length;
            try {
                length = Long.parseLong(contentLength.trim());
            } catch (NumberFormatException e) {
                throw new BadRequestException("bad Content-Length: " + contentLength);
            }
            if (length < 0 || length > Integer.MAX_VALUE - 8) {
                throw new BadRequestException("bad Content-Length: " + contentLength);
            }
            body = readExactly(in, (int) length);
        } else {
            body = new byte[0];
        }
        return new RecordedRequest(parts[0], parts[1], parts[2], headers, body, connectionIndex);
    }

    private static byte[] readChunkedBody(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in, false);
            int semicolon = sizeLine.indexOf(';'); // chunk extensions are ignored
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new BadRequestException("bad chunk size line: " + sizeLine);
            }
            if (size < 0) {
                throw new BadRequestException("bad chunk size line: " + sizeLine);
            }
            if (size == 0) {
                while (!readLine(in, false).isEmpty()) {
                    // discard trailer fields
                }
                return body.toByteArray();
            }
            body.write(readExactly(in, size));
            if (!readLine(in, false).isEmpty()) {
                throw new BadRequestException("chunk data not followed by CRLF");
            }
        }
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] data = in.readNBytes(length);
        if (data.length != length) {
            throw new EOFException("body ended after " + data.length + " of " + length + " bytes");
        }
        return data;
    }

    /**
     * Reads a line terminated by LF (a preceding CR is stripped), as ISO-8859-1. At EOF returns null
     * if {@code eofOk} and nothing was read, otherwise throws.
     */
    private static String readLine(InputStream in, boolean eofOk) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b == -1) {
                if (eofOk && sb.isEmpty()) {
                    return null;
                }
                throw new EOFException("connection closed mid-request");
            }
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE_LENGTH) {
                throw new BadRequestException("line longer than " + MAX_LINE_LENGTH + " bytes");
            }
            sb.append((char) b);
        }
    }

    private static String headerValue(List<Map.Entry<String, String>> headers, String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Entity";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status " + status;
        };
    }

    private void log(String message, Throwable t) {
        System.err.println("[FakeUpstream " + port() + "] " + message);
        if (t != null) {
            t.printStackTrace(System.err);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort
        }
    }

    /** A request the fake cannot parse; the connection is closed. */
    private static final class BadRequestException extends IOException {
        private static final long serialVersionUID = 1L;

        BadRequestException(String message) {
            super(message);
        }
    }
}
