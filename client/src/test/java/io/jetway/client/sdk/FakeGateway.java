package io.jetway.client.sdk;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A gateway stand-in on a real socket (HTTP/1.1, one request per connection): answers each request
 * with the next scripted answer, which may misbehave on purpose (hang, cut the connection, fall
 * silent mid-stream). Records what it received.
 */
final class FakeGateway implements AutoCloseable {

    /** What the fake does with one request's connection. */
    @FunctionalInterface
    interface Answer {
        void write(OutputStream out, FakeGateway gateway) throws IOException, InterruptedException;
    }

    record Request(String path, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final ServerSocket server;
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Socket> sockets = new ArrayList<>();

    FakeGateway() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        daemon(this::acceptLoop);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    FakeGateway enqueue(Answer answer) {
        answers.add(answer);
        return this;
    }

    Request takeRequest() {
        try {
            Request r = received.poll(5, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("no request arrived");
            }
            return r;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    int requestCount() {
        return received.size();
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "fake-gateway");
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                synchronized (sockets) {
                    sockets.add(s);
                }
                daemon(() -> serve(s));
            } catch (IOException closedNow) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            String requestLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(
                        h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        h.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            received.add(new Request(requestLine.split(" ")[1], headers, body));
            Answer answer = answers.poll(5, TimeUnit.SECONDS);
            if (answer == null) {
                answer = json(500, "{\"error\":{\"message\":\"nothing scripted\"}}");
            }
            OutputStream out = s.getOutputStream();
            answer.write(out, this);
            out.flush();
        } catch (IOException | InterruptedException | RuntimeException ignored) {
            // the client went away, or the fake closes: nothing to answer
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** Waits (without answering) until the fake is closed. */
    void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        synchronized (sockets) {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    // --- answers ---

    static Answer json(int status, String body, String... headerPairs) {
        return (out, gw) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n");
            for (int i = 0; i < headerPairs.length; i += 2) {
                head.append(headerPairs[i])
                        .append(": ")
                        .append(headerPairs[i + 1])
                        .append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
        };
    }

    /** An SSE answer with these events' data; ends with {@code [DONE]} when {@code done}, else the connection just closes. */
    static Answer sse(boolean done, String... events) {
        return (out, gw) -> {
            writeSseHead(out);
            for (String e : events) {
                out.write(("data: " + e + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            if (done) {
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    /** An SSE answer that sends {@code events} and then neither sends more nor closes until the fake closes. */
    static Answer sseThenSilence(String... events) {
        return (out, gw) -> {
            writeSseHead(out);
            for (String e : events) {
                out.write(("data: " + e + "\n\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            gw.awaitClose();
        };
    }

    /** Reads the request, answers nothing, keeps the connection open. */
    static Answer hang() {
        return (out, gw) -> gw.awaitClose();
    }

    /** Closes the connection without a byte of answer. */
    static Answer cut() {
        return (out, gw) -> {};
    }

    private static void writeSseHead(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n"
                        + "x-portkey-trace-id: trace-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    static String completion(String content) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content
                + "\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}";
    }

    static String chunk(String deltaJson, String finishReason) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":" + deltaJson + ",\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }
}
