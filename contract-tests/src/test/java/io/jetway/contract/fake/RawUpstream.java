package io.jetway.contract.fake;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that misbehaves below the level {@link FakeUpstream} scripts: on {@code 127.0.0.1} it
 * reads each connection's request (head and {@code Content-Length} body), then hands the raw socket
 * to a {@link Script} that writes whatever bytes it likes (an odd status, a body shorter than its
 * length, a stream of comments) and may take its time; the connection is closed when the script
 * returns. While a script runs, a reader watches the connection: when the gateway closes it, the
 * moment is recorded ({@link #awaitClosedByGateway}).
 */
public final class RawUpstream implements AutoCloseable {

    /** Writes one answer on the raw connection. */
    @FunctionalInterface
    public interface Script {
        void answer(OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Script script;
    private final AtomicInteger requests = new AtomicInteger();
    private final BlockingQueue<Long> closedByGateway = new ArrayBlockingQueue<>(64);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private RawUpstream(ServerSocket server, Script script) {
        this.server = server;
        this.script = script;
        Thread.ofVirtual().name("raw-upstream-accept").start(this::accept);
    }

    public static RawUpstream start(Script script) {
        try {
            return new RawUpstream(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), script);
        } catch (IOException e) {
            throw new IllegalStateException("RawUpstream could not bind 127.0.0.1", e);
        }
    }

    /**
     * An upstream that answers every request with these bytes (ISO-8859-1), then closes. As HTTP/1.1
     * requires of a server that closes after its answer (RFC 9112 §9.6), the head says
     * {@code Connection: close} unless {@code raw} has a Connection header of its own: otherwise the
     * gateway would keep the connection for the next request and meet the close there instead.
     */
    public static RawUpstream answering(String raw) {
        int head = raw.indexOf("\r\n\r\n");
        if (raw.startsWith("HTTP/")
                && head > 0
                && !raw.substring(0, head).toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection:")) {
            int line = raw.indexOf("\r\n");
            raw = raw.substring(0, line) + "\r\nConnection: close" + raw.substring(line);
        }
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        return start(out -> {
            out.write(bytes);
            out.flush();
        });
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The base URL with OpenAI's {@code /v1}, as a custom host. */
    public String v1() {
        return baseUrl() + "/v1";
    }

    /** Requests read so far. */
    public int requestCount() {
        return requests.get();
    }

    /** Whether {@code n} requests were read within {@code timeout}. */
    public boolean awaitRequests(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (requests.get() < n) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /**
     * The {@link System#nanoTime()} at which the gateway closed a connection whose script was still
     * running, waiting up to {@code timeout}; -1 when it did not.
     */
    public long awaitClosedByGateway(Duration timeout) throws InterruptedException {
        Long at = closedByGateway.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return at == null ? -1 : at;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread.ofVirtual().name("raw-upstream-conn").start(() -> serve(s));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("[RawUpstream] accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            long length = 0;
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(15).strip());
                }
            }
            in.skipNBytes(length);
            requests.incrementAndGet();
            boolean[] done = {false};
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    while (in.read() >= 0) {
                        // nothing more is expected from the gateway on this connection
                    }
                } catch (IOException ended) {
                    // closed: by the gateway, or by this side when the script is done
                }
                synchronized (done) {
                    if (!done[0]) {
                        closedByGateway.offer(System.nanoTime());
                        done[0] = true;
                    }
                }
            });
            try {
                script.answer(s.getOutputStream());
            } catch (IOException gatewayLeft) {
                // The gateway closed the connection while the script was writing (seen before the reader saw it).
                synchronized (done) {
                    if (!done[0]) {
                        closedByGateway.offer(System.nanoTime());
                    }
                    done[0] = true;
                }
            } finally {
                synchronized (done) {
                    done[0] = true;
                }
            }
            reader.interrupt();
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (!closed) {
                System.err.println("[RawUpstream] connection failed: " + e);
            }
        } finally {
            open.remove(s);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the request ended in its head");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
