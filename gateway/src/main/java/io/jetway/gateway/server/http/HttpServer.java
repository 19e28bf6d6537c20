package io.jetway.gateway.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jetway's HTTP/1.1 server: a blocking socket per connection, read by the thread that runs its
 * requests (bench/README.md, "The decision": no hand-off between a poller and the request's thread
 * at each wait, which cost Helidon's virtual threads about 0.1 ms per request).
 *
 * <p>Threads: a connection gets a platform thread from a pool of {@link ServerLimits#platformThreads()}
 * (threads are reused, and leave after a minute idle); connections beyond it get a virtual thread each,
 * so many slow clients cost memory, not threads. Connections: at most
 * {@link ServerLimits#maxConnections()}; one more is answered 503 (JSON, {@code retry-after: 1}) and
 * closed, before the process runs short of file descriptors (at most 64 such answers at a time, each
 * holding its descriptor for up to 0.2 s; beyond that a connection is closed unanswered). The accept loop survives every failure of
 * {@code accept} (out of file descriptors, say): it logs it at most once a minute and backs off
 * (10 ms doubling to 1 s) instead of spinning or ending.
 */
public final class HttpServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HttpServer.class.getName());
    private static final byte[] BUSY = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                    + "Retry-After: 1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s")
            .formatted(busyBody().length(), busyBody())
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final ServerLimits limits;
    private final HttpHandler handler;
    private final ThreadPoolExecutor platform;
    private final AtomicInteger open = new AtomicInteger();
    private final java.util.Set<Socket> sockets = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    /** Connections over the cap being answered 503 now; each holds a descriptor for up to 0.2 s. */
    private final AtomicInteger answeringBusy = new AtomicInteger();

    private static final int MAX_BUSY_ANSWERS = 64;
    private final AtomicLong acceptFailures = new AtomicLong();
    private final Thread acceptor;
    private final ReadDeadlines deadlines = new ReadDeadlines();
    private volatile boolean closing;

    private HttpServer(ServerSocket listener, ServerLimits limits, HttpHandler handler) {
        this.listener = listener;
        this.limits = limits;
        this.handler = handler;
        AtomicInteger n = new AtomicInteger();
        this.platform = new ThreadPoolExecutor(
                0, Math.max(1, limits.platformThreads()), 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "jetway-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.acceptor = Thread.ofPlatform().name("jetway-accept").daemon(false).unstarted(this::acceptLoop);
    }

    /** Binds {@code host:port} (0: any free port) and starts accepting. */
    public static HttpServer start(String host, int port, ServerLimits limits, HttpHandler handler) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1024);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        HttpServer server = new HttpServer(listener, limits, handler);
        server.acceptor.start();
        return server;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections open now. */
    public int openConnections() {
        return open.get();
    }

    /** Connections refused with a 503 because {@link ServerLimits#maxConnections()} were open. */
    public long refusedConnections() {
        return refused.get();
    }

    /** Failures of {@code accept} survived (out of file descriptors, say). */
    public long acceptFailures() {
        return acceptFailures.get();
    }

    private void acceptLoop() {
        long backoffMillis = 0;
        long lastLogged = 0;
        while (!closing) {
            Socket socket;
            try {
                socket = listener.accept();
                backoffMillis = 0;
            } catch (IOException | RuntimeException e) {
                if (closing || listener.isClosed()) {
                    return;
                }
                acceptFailures.incrementAndGet();
                long now = System.nanoTime();
                if (lastLogged == 0 || now - lastLogged > 60_000_000_000L) {
                    lastLogged = now;
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "accepting a connection failed ({0}); the server keeps "
                                    + "listening and retries, backing off",
                            e.getMessage());
                }
                backoffMillis = backoffMillis == 0 ? 10 : Math.min(1000, backoffMillis * 2);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            long acceptedAt = System.nanoTime();
            if (open.incrementAndGet() > limits.maxConnections()) {
                open.decrementAndGet();
                refused.incrementAndGet();
                if (answeringBusy.incrementAndGet() > MAX_BUSY_ANSWERS) {
                    // So many at once that answering would itself use up descriptors: closed unanswered.
                    answeringBusy.decrementAndGet();
                    closeQuietly(socket);
                } else {
                    Thread.ofVirtual().name("jetway-http-busy").start(() -> {
                        busy(socket);
                        answeringBusy.decrementAndGet();
                    });
                }
                continue;
            }
            sockets.add(socket);
            HttpConnection connection = new HttpConnection(
                    socket,
                    limits,
                    handler,
                    deadlines,
                    () -> {
                        sockets.remove(socket);
                        open.decrementAndGet();
                    },
                    acceptedAt);
            try {
                platform.execute(connection);
            } catch (RejectedExecutionException all) {
                try {
                    Thread.ofVirtual().name("jetway-http-v").start(connection);
                } catch (RuntimeException | OutOfMemoryError e) {
                    sockets.remove(socket);
                    open.decrementAndGet();
                    closeQuietly(socket);
                }
            }
        }
    }

    /** The answer to a connection over the limit: a 503 written at once, then the close. */
    private static void busy(Socket socket) {
        try (socket) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write(BUSY);
            out.flush();
            socket.shutdownOutput();
            // Read what the client sent, so that the close is not a reset that could destroy the answer
            // (briefly: each such answer holds a descriptor meanwhile).
            socket.setSoTimeout(200);
            byte[] skip = new byte[4096];
            long deadline = System.nanoTime() + 200_000_000L;
            while (System.nanoTime() < deadline && socket.getInputStream().read(skip) >= 0) {
                // dropped
            }
        } catch (IOException | RuntimeException ignored) {
            // The client left.
        }
    }

    private static String busyBody() {
        return "{\"error\":{\"message\":\"The gateway is serving as many connections as it allows; retry shortly, "
                + "or reuse connections (keep-alive).\",\"type\":\"server_error\",\"param\":null,"
                + "\"code\":\"too_many_connections\"}}";
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }

    /** Stops accepting and closes every open connection (a request under way fails at its next read or write). */
    @Override
    public void close() {
        closing = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        platform.shutdown();
        deadlines.close();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
