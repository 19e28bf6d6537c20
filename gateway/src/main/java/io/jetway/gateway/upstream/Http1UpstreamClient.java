package io.jetway.gateway.upstream;

import io.jetway.gateway.core.GatewayException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The gateway's own HTTP/1.1 client for direct (unproxied) provider calls: blocking sockets on the
 * request's virtual thread, so the thread that writes the request reads the answer with nothing in
 * between; keep-alive connections pooled per scheme, host and port.
 *
 * <p>Why not a library (bench/README.md has the profiles): Helidon's WebClient starts a virtual
 * thread per pooled connection to watch the idle socket, and that thread reads the next answer's
 * first byte and hands it back through a future, one more wake-up on the path of every answer;
 * OkHttp wakes its pool-cleanup thread every time a connection returns to the pool. Each cost a
 * thread hand-off per request. A gateway sends one kind of request (a POST with a known body) and
 * needs little of either: what it needs is here.
 *
 * <p>What it does: request line, headers and body in one write for bodies that fit the buffer;
 * answers framed by {@code Content-Length}, {@code chunked} or the connection's end; informational
 * (1xx) answers skipped; TLS with host name verification and SNI. A body abandoned before its end
 * closes its connection. Proxies are not handled here: with a proxy configured, the gateway uses
 * {@link OkHttpUpstreamClient}.
 *
 * <p>The pool: at most {@link #MAX_IDLE_PER_ROUTE} idle connections per scheme, host and port and
 * {@link #MAX_IDLE_TOTAL} in all (a connection over either limit is closed instead of pooled). A
 * connection is pooled only when its answer ended exactly where its framing said: bytes beyond it,
 * already read or arriving before the connection is reused, mean the server and the client no
 * longer agree where an answer starts, so it is closed (checked on reuse with one non-blocking
 * {@code available()}). One idle for more than {@link #PROBE_AFTER_IDLE_NANOS} is also probed (a
 * 1 ms read) before reuse. A reaper thread, every {@link #REAP_EVERY_NANOS}, closes connections
 * idle longer than {@link #MAX_IDLE_NANOS} and probes those idle for a whole period, closing any
 * the server has closed (no socket is left in CLOSE_WAIT for more than about a second) or sent
 * unasked bytes on; it also forgets hosts left without idle connections, so many distinct custom
 * hosts cost nothing once idle. Requests never wait for it.
 *
 * <p>Resending: a request goes again on a new connection only when writing it on a reused
 * connection failed (the server had closed or reset the connection, so it cannot have read the
 * whole request). Once the request is written, a connection that ends without an answer is an
 * error (502), never a resend: the provider may have processed the request, and a second one
 * could be charged twice. A configured retry may still decide to send it again.
 *
 * <p>Timeouts: the request's timeout bounds the exchange from the start of {@link #send} (connect,
 * write, answer head) as one deadline, and the whole body too when it is read with
 * {@link UpstreamResponse#readAll}; a body read as a stream ({@link UpstreamResponse#body}) has it
 * as the limit on each wait instead. Enforced by {@link Deadlines} rather than by socket timeouts
 * (a timed read on a virtual thread schedules and cancels a timer task, which wakes the
 * scheduler's thread: per read, measurably on streams).
 */
public final class Http1UpstreamClient implements UpstreamClient {

    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int BUFFER = 16 * 1024;
    /** Idle connections kept per scheme, host and port. */
    static final int MAX_IDLE_PER_ROUTE = 64;
    /** Idle connections kept in all. */
    static final int MAX_IDLE_TOTAL = 512;

    static final long PROBE_AFTER_IDLE_NANOS = 1_000_000_000L;
    static final long MAX_IDLE_NANOS = 60_000_000_000L;
    /** How often the reaper runs, and how long a connection must have been idle for it to be probed. */
    static final long REAP_EVERY_NANOS = 500_000_000L;

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    /** The pool's limits (tests choose their own). */
    record Limits(int perRoute, int total, long maxIdleNanos, long reapEveryNanos) {
        static final Limits DEFAULT = new Limits(MAX_IDLE_PER_ROUTE, MAX_IDLE_TOTAL, MAX_IDLE_NANOS, REAP_EVERY_NANOS);
    }

    private final int connectTimeoutMillis;
    private final SSLSocketFactory tls;
    private final LongSupplier nanoTime;
    private final Limits limits;
    private final ConcurrentHashMap<Route, Idle> pool = new ConcurrentHashMap<>();
    private final AtomicInteger idleTotal = new AtomicInteger();
    private final AtomicBoolean reaperStarted = new AtomicBoolean();
    private final Deadlines deadlines;
    private volatile boolean closed;

    /** One route's idle connections, most recently used first, and how many there are. */
    private static final class Idle {
        final ConcurrentLinkedDeque<Connection> connections = new ConcurrentLinkedDeque<>();
        final AtomicInteger count = new AtomicInteger();
        /** Set by the reaper when it drops this entry from the pool: nothing may stay in it. */
        volatile boolean retired;
    }

    public Http1UpstreamClient(Duration connectTimeout) {
        this(connectTimeout, (SSLSocketFactory) SSLSocketFactory.getDefault(), System::nanoTime);
    }

    Http1UpstreamClient(Duration connectTimeout, SSLSocketFactory tls, LongSupplier nanoTime) {
        this(connectTimeout, tls, nanoTime, Limits.DEFAULT);
    }

    /**
     * @param nanoTime the clock idle ages and deadlines are measured on, in nanoseconds like
     *                 {@link System#nanoTime()} (a request's {@code startedNanos} too). The reaper and the
     *                 deadline watcher wait in real time between their looks: tests advance this clock,
     *                 and call {@link #reapIdle} themselves or let the watcher see the deadline passed
     */
    Http1UpstreamClient(Duration connectTimeout, SSLSocketFactory tls, LongSupplier nanoTime, Limits limits) {
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
        this.tls = tls;
        this.nanoTime = nanoTime;
        this.limits = limits;
        this.deadlines = new Deadlines(nanoTime);
    }

    /**
     * Closes the pooled connections and ends the client's threads (the deadline watcher and the
     * reaper). Calls under way fail as their connections close; no call may be sent afterwards.
     */
    @Override
    public void close() {
        closed = true;
        deadlines.stop();
        for (Idle idle : pool.values()) {
            Connection c;
            while ((c = idle.connections.pollFirst()) != null) {
                idle.count.decrementAndGet();
                idleTotal.decrementAndGet();
                c.close();
            }
        }
    }

    /** The deadline watcher's thread, once started (tests). */
    Thread deadlineWatcher() {
        return deadlines.thread;
    }

    /** The client for this JVM: this one, or OkHttp's when a proxy is configured. */
    public static UpstreamClient forSystem(Duration connectTimeout) {
        return OkHttpUpstreamClient.systemProxyConfigured(System.getProperties())
                ? new OkHttpUpstreamClient(connectTimeout)
                : new Http1UpstreamClient(connectTimeout);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this upstream client is closed");
        }
    }

    /** Idle connections now pooled for {@code uri}'s host (tests). */
    int idleConnections(URI uri) {
        Idle idle = pool.get(Route.of(uri));
        return idle == null ? 0 : idle.connections.size();
    }

    /** Idle connections now pooled for every host (tests). */
    int idleConnections() {
        int n = 0;
        for (Idle idle : pool.values()) {
            n += idle.connections.size();
        }
        return n;
    }

    /** Hosts the pool now has an entry for (tests). */
    int pooledRoutes() {
        return pool.size();
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        checkOpen();
        Route route;
        byte[] head;
        try {
            route = Route.of(request.uri());
            head = head(request, route);
        } catch (IllegalArgumentException e) {
            throw GatewayException.badGateway("The request for the provider at "
                    + request.uri().getHost() + " could not be made: " + e.getMessage() + ".");
        }
        long timeoutNanos = Math.max(1, request.timeout().toNanos());
        long deadline = (request.startedNanos() != 0 ? request.startedNanos() : nanoTime.getAsLong()) + timeoutNanos;
        while (true) {
            Connection c = takeIdle(route);
            boolean reused = c != null;
            try {
                if (c == null) {
                    c = connect(route, deadline, timeoutNanos);
                }
                c.timeoutNanos = timeoutNanos;
                c.exchangeDeadline = deadline;
                deadlines.watch(c);
                c.write(head, request.body() == null ? new byte[0] : request.body());
                return c.readResponse(request);
            } catch (IOException | RuntimeException e) {
                Exception failure = e;
                if (c != null) {
                    c.close();
                    if (c.timedOut) {
                        failure = c.timeout();
                    }
                }
                if (reused
                        && !c.requestWritten
                        && failure instanceof IOException
                        && !(failure instanceof SocketTimeoutException)) {
                    continue; // the server had closed or reset this idle connection: it never had the whole request
                }
                throw UpstreamFailures.map(failure, request, "connecting or waiting for the response headers");
            }
        }
    }

    /**
     * Sends a request of any method whose body is copied from {@code body} as it arrives (the
     * passthrough's uploads): {@code request.body()} is ignored; {@code length} bytes are sent under
     * {@code Content-Length}, or, when {@code length} is -1, the stream to its end as chunks. Nothing
     * of the body is held beyond one buffer: each read is written (and flushed) before the next. Each
     * write has the request's timeout as its limit, and the answer's head the whole timeout again
     * once the body is sent (an upload may take longer than an answer). It is resent on a new
     * connection only when writing to a reused one failed before any byte of the body was taken from
     * {@code body}. A failure of {@code body} itself (the caller's side) is rethrown as it came, as a
     * {@link CallerBodyException}'s cause, never mapped to a provider's 502.
     */
    public UpstreamResponse send(String method, UpstreamRequest request, InputStream body, long length) {
        checkOpen();
        Route route;
        byte[] head;
        try {
            route = Route.of(request.uri());
            head = head(method, request, route, length);
        } catch (IllegalArgumentException e) {
            throw GatewayException.badGateway("The request for the provider at "
                    + request.uri().getHost() + " could not be made: " + e.getMessage() + ".");
        }
        long timeoutNanos = Math.max(1, request.timeout().toNanos());
        while (true) {
            Connection c = takeIdle(route);
            boolean reused = c != null;
            long[] taken = {0};
            try {
                if (c == null) {
                    c = connect(route, nanoTime.getAsLong() + timeoutNanos, timeoutNanos);
                }
                c.timeoutNanos = timeoutNanos;
                c.exchangeDeadline = 0; // each write has the timeout as its limit
                deadlines.watch(c);
                c.writeStreaming(head, body, length, taken);
                c.exchangeDeadline = nanoTime.getAsLong() + timeoutNanos;
                return c.readResponse(request);
            } catch (CallerBodyException e) {
                c.close();
                throw e;
            } catch (IOException | RuntimeException e) {
                Exception failure = e;
                if (c != null) {
                    c.close();
                    if (c.timedOut) {
                        failure = c.timeout();
                    }
                }
                if (reused
                        && taken[0] == 0
                        && !c.requestWritten
                        && failure instanceof IOException
                        && !(failure instanceof SocketTimeoutException)) {
                    continue; // a closed idle connection, and nothing of the body consumed: safe to send again
                }
                throw UpstreamFailures.map(failure, request, "sending the request or waiting for the response headers");
            }
        }
    }

    /** The caller's request body failed while it was being sent on (its cause says how): not the provider's fault. */
    public static final class CallerBodyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallerBodyException(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** Request line and headers. Host and Content-Length are the client's; the rest as prepared. */
    static byte[] head(UpstreamRequest request, Route route) {
        // A call without a body (a model list) is a GET.
        return request.body() == null
                ? head("GET", request, route, 0)
                : head("POST", request, route, request.body().length);
    }

    /** @param length the body's length, or -1 for a chunked body */
    private static byte[] head(String method, UpstreamRequest request, Route route, long length) {
        checkToken(method);
        URI uri = request.uri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder sb = new StringBuilder(256).append(method).append(' ').append(path);
        if (uri.getRawQuery() != null) {
            sb.append('?').append(uri.getRawQuery());
        }
        sb.append(" HTTP/1.1\r\nHost: ").append(route.hostHeader()).append("\r\n");
        boolean userAgent = false;
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            String name = h.getKey();
            if (name.equalsIgnoreCase("host")
                    || name.equalsIgnoreCase("content-length")
                    || name.equalsIgnoreCase("transfer-encoding")
                    || name.equalsIgnoreCase("connection")) {
                continue;
            }
            checkToken(name);
            checkValue(name, h.getValue());
            userAgent |= name.equalsIgnoreCase("user-agent");
            sb.append(name).append(": ").append(h.getValue()).append("\r\n");
        }
        if (!userAgent) {
            sb.append("User-Agent: Jetway\r\n");
        }
        if (length < 0) {
            sb.append("Transfer-Encoding: chunked\r\n");
        } else if (length > 0 || !(method.equals("GET") || method.equals("HEAD") || method.equals("DELETE"))) {
            sb.append("Content-Length: ").append(length).append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void checkToken(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch <= ' ' || ch >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(ch) >= 0) {
                throw new IllegalArgumentException("header name '" + name + "' is not a valid HTTP token");
            }
        }
    }

    private static void checkValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\r' || ch == '\n' || ch == 0 || ch > 255) {
                throw new IllegalArgumentException(
                        "the value of header " + name + " has a character HTTP does not allow");
            }
        }
    }

    private Connection takeIdle(Route route) {
        Idle idle = pool.get(route);
        if (idle == null) {
            return null;
        }
        for (Connection c; (c = idle.connections.pollFirst()) != null; ) {
            idle.count.decrementAndGet();
            idleTotal.decrementAndGet();
            long idleFor = nanoTime.getAsLong() - c.idleSince;
            if (idleFor > limits.maxIdleNanos()
                    || c.hasUnaskedBytes()
                    || idleFor > PROBE_AFTER_IDLE_NANOS && !c.healthy()) {
                c.close();
                continue;
            }
            return c;
        }
        return null;
    }

    private void release(Connection c) {
        deadlines.unwatch(c);
        c.idleSince = nanoTime.getAsLong();
        Idle idle = pool.computeIfAbsent(c.route, r -> new Idle());
        if (idle.count.incrementAndGet() > limits.perRoute()) {
            idle.count.decrementAndGet();
            c.close();
            return;
        }
        if (idleTotal.incrementAndGet() > limits.total()) {
            idleTotal.decrementAndGet();
            idle.count.decrementAndGet();
            c.close();
            return;
        }
        idle.connections.offerFirst(c); // most recently used first: its socket and TLS state are warm
        if (idle.retired) {
            // The reaper dropped this entry meanwhile: take the connection back unless it did.
            discard(idle, c);
        }
        if (!reaperStarted.get() && reaperStarted.compareAndSet(false, true)) {
            Reaper.start(this, limits.reapEveryNanos());
        }
    }

    /** Removes {@code c} from {@code idle} and closes it, unless someone else took it first. */
    private void discard(Idle idle, Connection c) {
        if (idle.connections.removeLastOccurrence(c)) {
            idle.count.decrementAndGet();
            idleTotal.decrementAndGet();
            c.close();
        }
    }

    /**
     * One pass of the reaper (tests call it directly): closes connections idle past the limit,
     * probes those idle for at least a reaper period (the ones in use now and then are left
     * alone) and closes any found closed by the server or holding unasked bytes, and drops hosts
     * left without idle connections. A connection being probed is out of the pool, so no request
     * can take it meanwhile. One pass at a time (the reaper thread's, or a test's): two passes could
     * each take a connection out to probe while the other retires its host's entry.
     */
    synchronized void reapIdle() {
        for (Map.Entry<Route, Idle> entry : pool.entrySet()) {
            Idle idle = entry.getValue();
            long now = nanoTime.getAsLong();
            List<Connection> due = new ArrayList<>();
            for (Connection c : idle.connections) {
                if (now - c.idleSince >= limits.reapEveryNanos()) {
                    due.add(c);
                }
            }
            for (Connection c : due) {
                if (now - c.idleSince > limits.maxIdleNanos()) {
                    discard(idle, c);
                } else if (idle.connections.removeLastOccurrence(c)) {
                    if (c.healthy()) {
                        idle.connections.offerLast(c); // still good: back, at the cold end
                    } else {
                        idle.count.decrementAndGet();
                        idleTotal.decrementAndGet();
                        c.close();
                    }
                }
            }
            if (idle.count.get() == 0) {
                idle.retired = true;
                pool.remove(entry.getKey(), idle);
                for (Connection c : idle.connections) {
                    discard(idle, c); // released while the entry was being dropped
                }
            }
        }
    }

    /**
     * The thread that runs {@link #reapIdle} every period, started with the first pooled
     * connection. It holds its client weakly and ends once the client is closed or gone (tests make many).
     */
    private static final class Reaper {
        static void start(Http1UpstreamClient client, long everyNanos) {
            WeakReference<Http1UpstreamClient> ref = new WeakReference<>(client);
            Thread.ofPlatform().daemon().name("jetway-upstream-reaper").start(() -> {
                while (true) {
                    LockSupport.parkNanos(everyNanos);
                    Http1UpstreamClient c = ref.get();
                    if (c == null || c.closed) {
                        return;
                    }
                    try {
                        c.reapIdle();
                    } catch (RuntimeException e) {
                        // a socket that fails to close is closed enough; the next pass goes on
                    }
                }
            });
        }
    }

    private Connection connect(Route route, long deadline, long timeoutNanos) throws IOException {
        // Connecting (and the TLS handshake) is bounded by the connect timeout and by what is left of the exchange.
        long left = deadline - nanoTime.getAsLong();
        if (left <= 0) {
            throw new SocketTimeoutException("no data within " + timeoutNanos / 1_000_000 + " ms");
        }
        long connectNanos = Math.min(connectTimeoutMillis * 1_000_000L, left);
        // A channel's socket: its timed reads (an idle connection's 1 ms probe, healthy()) put the
        // socket back in blocking mode when they end, where the JDK's plain Socket stays non-blocking for
        // good after one, so that every later wait on the connection is a failed read, a poll and a second
        // read (~5 % of the gateway's CPU once the pool's cold connections had been probed, bench/README.md).
        Socket raw = SocketChannel.open().socket();
        // A blocking connect and handshake, ended by Deadlines at the connect deadline: a connect with
        // a timeout switches the socket to non-blocking mode for good, like SO_TIMEOUT on a plain Socket.
        Deadlines.Connecting watch = deadlines.watchConnect(raw, nanoTime.getAsLong() + connectNanos);
        try {
            raw.setTcpNoDelay(true);
            raw.connect(new InetSocketAddress(route.host, route.port));
            Socket socket = raw;
            if (route.tls) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(raw, route.host, route.port, true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                params.setApplicationProtocols(new String[] {"http/1.1"});
                if (!route.isIpLiteral()) {
                    params.setServerNames(List.of(new SNIHostName(route.host)));
                }
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                socket = ssl;
            }
            deadlines.unwatch(watch);
            if (watch.timedOut) {
                throw new SocketTimeoutException("Connect timed out");
            }
            return new Connection(route, raw, socket);
        } catch (IOException | RuntimeException e) {
            deadlines.unwatch(watch);
            try {
                raw.close();
            } catch (IOException ignored) {
                // already failing
            }
            if (watch.timedOut) {
                SocketTimeoutException timeout = new SocketTimeoutException("Connect timed out");
                timeout.initCause(e);
                throw timeout;
            }
            throw e;
        }
    }

    /**
     * The per-wait timeouts of one client's connections in use: a daemon thread, started with the
     * first watched wait, looks every {@link #TICK_NANOS} and closes the socket of a connection whose
     * current read or write has waited past its deadline (the blocked call then fails, and
     * {@code timedOut} tells it why). Deadlines are read on the client's clock ({@link #sweep}), so
     * timeouts are exact to within a tick, which is far below any provider timeout. The thread ends
     * when the client closes ({@link #stop}), or once nothing references this watcher any more.
     */
    static final class Deadlines {
        static final long TICK_NANOS = 20_000_000L;
        private final java.util.Set<Connection> busy = ConcurrentHashMap.newKeySet();
        private final java.util.Set<Connecting> connecting = ConcurrentHashMap.newKeySet();
        private final LongSupplier nanoTime;
        private final AtomicBoolean started = new AtomicBoolean();
        private volatile boolean stopped;
        volatile Thread thread;

        /** A socket being connected (and its TLS handshake), closed by the loop past its deadline. */
        static final class Connecting {
            final Socket socket;
            final long deadline;
            volatile boolean timedOut;

            Connecting(Socket socket, long deadline) {
                this.socket = socket;
                this.deadline = deadline;
            }
        }

        Deadlines(LongSupplier nanoTime) {
            this.nanoTime = nanoTime;
        }

        Connecting watchConnect(Socket socket, long deadline) {
            Connecting c = new Connecting(socket, deadline);
            connecting.add(c);
            start();
            return c;
        }

        void unwatch(Connecting c) {
            connecting.remove(c);
        }

        void watch(Connection c) {
            c.timedOut = false;
            busy.add(c);
            start();
        }

        void unwatch(Connection c) {
            busy.remove(c);
        }

        /** Ends the thread (within a tick at most: it is woken). */
        void stop() {
            stopped = true;
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        private void start() {
            if (!started.get() && started.compareAndSet(false, true) && !stopped) {
                thread = Thread.ofPlatform()
                        .daemon()
                        .name("jetway-upstream-deadlines")
                        .start(loop(new WeakReference<>(this)));
            }
        }

        /** The thread's work; it holds the watcher weakly, so an unclosed client does not keep it alive. */
        private static Runnable loop(WeakReference<Deadlines> ref) {
            return () -> {
                while (true) {
                    LockSupport.parkNanos(TICK_NANOS);
                    Deadlines d = ref.get();
                    if (d == null || d.stopped) {
                        return;
                    }
                    d.sweep();
                }
            };
        }

        /** One look: what waited past its deadline, on the client's clock now, is closed. */
        void sweep() {
            long now = nanoTime.getAsLong();
            for (Connecting c : connecting) {
                if (now - c.deadline > 0) {
                    c.timedOut = true;
                    connecting.remove(c);
                    try {
                        c.socket.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
            for (Connection c : busy) {
                long d = c.deadline;
                if (d != 0 && now - d > 0) {
                    c.timedOut = true;
                    busy.remove(c);
                    c.abort();
                }
            }
        }
    }

    /** Scheme, host and port: what a pooled connection can be reused for. */
    record Route(boolean tls, String host, int port) {

        static Route of(URI uri) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("the scheme must be http or https, not '" + uri.getScheme() + "'");
            }
            String host = uri.getHost();
            if (host == null || host.isEmpty()) {
                throw new IllegalArgumentException("the URL " + uri + " has no host");
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            boolean tls = scheme.equals("https");
            return new Route(tls, host, uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80);
        }

        boolean isIpLiteral() {
            return host.indexOf(':') >= 0 || host.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch));
        }

        String hostHeader() {
            String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            return port == (tls ? 443 : 80) ? h : h + ":" + port;
        }
    }

    /** One connection: its socket and the buffer its answers are read through. */
    private final class Connection {
        final Route route;
        /** The TCP socket under {@link #socket} (the same one without TLS). */
        final Socket raw;

        final Socket socket;
        final InputStream in;
        /** {@link #raw}'s stream ({@link #in} without TLS): what {@link #hasUnaskedBytes} asks. */
        final InputStream rawIn;

        final OutputStream out;
        final byte[] buf = new byte[BUFFER];
        int pos;
        int limit;
        long idleSince;
        /** Whether the current request was written whole (then it is never sent again). */
        boolean requestWritten;
        /** The limit on each wait of a streamed body. */
        long timeoutNanos;
        /**
         * When the current exchange must be over (on the client's clock), or 0 once its body is read as a
         * stream (each wait then has {@link #timeoutNanos}).
         */
        long exchangeDeadline;
        /** When the current wait must have ended (on the client's clock), or 0 when not waiting. */
        volatile long deadline;
        /** Set by {@link Deadlines} when it closed the socket because a wait took too long. */
        volatile boolean timedOut;

        volatile boolean closed;

        Connection(Route route, Socket raw, Socket socket) throws IOException {
            this.route = route;
            this.raw = raw;
            this.socket = socket;
            this.in = socket.getInputStream();
            this.rawIn = raw == socket ? in : raw.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** The end of the current wait: the exchange's deadline, or a streamed body's limit on each wait. */
        private long waitDeadline() {
            long d = exchangeDeadline;
            return d != 0 ? d : nanoTime.getAsLong() + timeoutNanos;
        }

        void write(byte[] head, byte[] body) throws IOException {
            requestWritten = false;
            pos = 0;
            limit = 0;
            deadline = waitDeadline();
            try {
                writeNow(head, body);
                requestWritten = true;
            } finally {
                deadline = 0;
            }
        }

        private void writeNow(byte[] head, byte[] body) throws IOException {
            if (head.length + body.length <= buf.length) {
                // One write: a small request in one TCP segment (the buffer is free between answers).
                System.arraycopy(head, 0, buf, 0, head.length);
                System.arraycopy(body, 0, buf, head.length, body.length);
                out.write(buf, 0, head.length + body.length);
            } else {
                out.write(head);
                out.write(body);
            }
            out.flush();
        }

        /**
         * Writes the head, then the body as it is read from {@code body} (one buffer's worth at a
         * time, flushed: nothing waits for the rest), chunked when {@code length} is -1.
         * {@code taken[0]} counts the bytes taken from {@code body}. The connection's buffer is free
         * until the answer is read, so it carries the body.
         */
        void writeStreaming(byte[] head, InputStream body, long length, long[] taken) throws IOException {
            requestWritten = false;
            pos = 0;
            limit = 0;
            deadline = waitDeadline();
            try {
                out.write(head);
                out.flush();
            } finally {
                deadline = 0;
            }
            boolean chunked = length < 0;
            while (chunked || taken[0] < length) {
                int max = chunked ? buf.length - 16 : (int) Math.min(buf.length - 16, length - taken[0]);
                int n;
                try {
                    n = body.read(buf, 8, max);
                } catch (IOException | RuntimeException e) {
                    throw new CallerBodyException(e);
                }
                if (n < 0) {
                    if (!chunked) {
                        throw new CallerBodyException(new EOFException(
                                "the request body ended after " + taken[0] + " of its declared " + length + " bytes"));
                    }
                    break;
                }
                if (n == 0) {
                    continue;
                }
                taken[0] += n;
                deadline = waitDeadline();
                try {
                    if (chunked) {
                        // The chunk's size line just before the data, its CRLF just after: one write per chunk.
                        byte[] size = (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                        int start = 8 - size.length;
                        System.arraycopy(size, 0, buf, start, size.length);
                        buf[8 + n] = '\r';
                        buf[8 + n + 1] = '\n';
                        out.write(buf, start, size.length + n + 2);
                    } else {
                        out.write(buf, 8, n);
                    }
                    out.flush();
                } finally {
                    deadline = 0;
                }
            }
            if (chunked) {
                deadline = waitDeadline();
                try {
                    out.write(LAST_CHUNK);
                    out.flush();
                } finally {
                    deadline = 0;
                }
            }
            requestWritten = true;
        }

        /** Why the current wait failed when {@link Deadlines} closed the socket under it. */
        SocketTimeoutException timeout() {
            return new SocketTimeoutException("no data within " + timeoutNanos / 1_000_000 + " ms");
        }

        /**
         * Whether bytes wait on this idle connection that no request asked for (the rest of an
         * answer longer than its framing said, or a server's unsolicited answer): one
         * non-blocking {@code available()}, the only check a reuse costs when the connection was
         * idle briefly. A TLS connection is asked at both layers (decrypted data the TLS socket
         * holds, records not yet read from TCP).
         */
        boolean hasUnaskedBytes() {
            try {
                return rawIn.available() > 0 || in != rawIn && in.available() > 0;
            } catch (IOException e) {
                return true;
            }
        }

        /**
         * Whether an idle connection still looks usable: nothing arrives within 1 ms. A byte (data
         * no request asked for) or the end of the stream means the server is done with it.
         */
        boolean healthy() {
            try {
                socket.setSoTimeout(1);
                try {
                    in.read();
                    return false;
                } catch (SocketTimeoutException quiet) {
                    return true;
                } finally {
                    socket.setSoTimeout(0); // Deadlines bounds every other wait
                }
            } catch (IOException e) {
                return false;
            }
        }

        /** Fills the buffer with at least one more byte; false at the end of the stream. */
        boolean fill() throws IOException {
            if (pos == limit) {
                pos = 0;
                limit = 0;
            } else if (limit == buf.length) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            int n;
            deadline = waitDeadline();
            try {
                n = in.read(buf, limit, buf.length - limit);
            } catch (IOException e) {
                throw timedOut ? timeout() : e;
            } finally {
                deadline = 0;
            }
            if (n < 0) {
                if (timedOut) {
                    throw timeout();
                }
                return false;
            }
            limit += n;
            return true;
        }

        /** A CRLF- (or LF-) terminated line, without its terminator; Latin-1. */
        String line(int max) throws IOException {
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
                        if (sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r') {
                            sb.setLength(sb.length() - 1);
                        }
                        return sb.toString();
                    }
                }
                if (limit - pos > 0) {
                    if (sb == null) {
                        sb = new StringBuilder();
                    }
                    sb.append(new String(buf, pos, limit - pos, StandardCharsets.ISO_8859_1));
                    pos = limit;
                    if (sb.length() > max) {
                        throw new ProtocolException("a line of the answer's head is longer than " + max + " bytes");
                    }
                }
                if (!fill()) {
                    throw new EOFException("the connection ended in the answer's head");
                }
            }
        }

        UpstreamResponse readResponse(UpstreamRequest request) throws IOException {
            while (true) {
                String statusLine = line(MAX_HEADER_BYTES);
                int status = parseStatus(statusLine);
                List<String[]> headers = new ArrayList<>(16);
                int size = 0;
                for (String line = line(MAX_HEADER_BYTES); !line.isEmpty(); line = line(MAX_HEADER_BYTES)) {
                    size += line.length();
                    if (size > MAX_HEADER_BYTES) {
                        throw new ProtocolException(
                                "the answer's headers are larger than " + MAX_HEADER_BYTES + " bytes");
                    }
                    int colon = line.indexOf(':');
                    if (colon <= 0) {
                        throw new ProtocolException("malformed header line in the answer: " + abbreviate(line));
                    }
                    headers.add(new String[] {
                        line.substring(0, colon).strip(),
                        line.substring(colon + 1).strip()
                    });
                }
                if (status >= 100 && status < 200 && status != 101) {
                    continue; // 100 Continue, 103 Early Hints: the real answer follows
                }
                return new Response(this, request, status, headers, statusLine.startsWith("HTTP/1.0"));
            }
        }

        /**
         * Closes the TCP socket from another thread (a wait past its deadline): the blocked read or
         * write fails at once. The TCP socket, not the TLS one, so closing cannot itself wait on
         * TLS's close_notify.
         */
        void abort() {
            closed = true;
            try {
                raw.close();
            } catch (IOException ignored) {
                // nothing more to do with it
            }
        }

        void close() {
            deadlines.unwatch(this);
            if (!closed) {
                closed = true;
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing more to do with it
                }
            }
        }
    }

    static int parseStatus(String line) throws ProtocolException {
        // HTTP/1.1 200 OK  (the reason phrase may be empty or missing)
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new ProtocolException("not an HTTP/1.x status line: " + abbreviate(line));
        }
        try {
            int status = Integer.parseInt(line.substring(9, 12));
            if (status < 100 || status > 999 || line.length() > 12 && line.charAt(12) != ' ') {
                throw new NumberFormatException();
            }
            return status;
        } catch (NumberFormatException e) {
            throw new ProtocolException("malformed status line: " + abbreviate(line));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    private final class Response implements UpstreamResponse {
        private final Connection c;
        private final UpstreamRequest request;
        private final int status;
        private final List<String[]> headers;
        private final Body body;
        private final long declaredLength;
        /** Set by {@link #readAll}, which reads through {@link #body()}: the deadline stays. */
        private boolean readingWhole;

        Response(Connection c, UpstreamRequest request, int status, List<String[]> headers, boolean http10)
                throws IOException {
            this.c = c;
            this.request = request;
            this.status = status;
            this.headers = headers;
            String te = header("transfer-encoding");
            String cl = header("content-length");
            // HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 closes it unless told to keep it.
            String connection = header("connection");
            boolean keepAlive =
                    http10 ? "keep-alive".equalsIgnoreCase(connection) : !"close".equalsIgnoreCase(connection);
            if (status == 204 || status == 304) {
                declaredLength = 0;
                body = new Body(c, 0, false, keepAlive);
            } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                declaredLength = -1;
                body = new Body(c, -1, true, keepAlive);
            } else if (cl != null) {
                long n;
                try {
                    n = Long.parseLong(cl.strip());
                } catch (NumberFormatException e) {
                    throw new ProtocolException("malformed Content-Length in the answer: " + abbreviate(cl));
                }
                if (n < 0) {
                    throw new ProtocolException("negative Content-Length in the answer");
                }
                declaredLength = n;
                body = new Body(c, n, false, keepAlive);
            } else {
                declaredLength = -1;
                body = new Body(c, -1, false, false); // to the end of the connection
            }
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        @Override
        public void forEachHeader(java.util.function.BiConsumer<String, String> action) {
            for (String[] h : headers) {
                action.accept(h[0], h[1]);
            }
        }

        /**
         * The body as a stream: from here on each wait has the request's timeout, not the
         * exchange's deadline (a stream may last as long as its chunks keep coming).
         */
        @Override
        public InputStream body() {
            if (!readingWhole && !body.done) {
                c.exchangeDeadline = 0;
            }
            return body;
        }

        @Override
        public boolean endIfBuffered() {
            return body.endIfBuffered();
        }

        /** The whole body, within the exchange's deadline. */
        @Override
        public byte[] readAll() {
            readingWhole = true;
            return Bodies.readAnswer(this, declaredLength, request);
        }

        @Override
        public void close() {
            body.close();
        }
    }

    /**
     * The last chunk and the body's end, as a chunked body's sender writes them after a chunk's data
     * ({@link #LAST_CHUNK} alone before any chunk: an empty chunked body).
     */
    private static final byte[] CRLF_LAST_CHUNK = "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    /**
     * The answer's body: {@code remaining} bytes of a fixed-length body, the chunks of a chunked
     * one, or everything until the connection ends. Read to its end, it returns a reusable
     * connection to the pool; closed before that, it closes the connection.
     */
    private final class Body extends InputStream {
        private final Connection c;
        private final boolean chunked;
        private final boolean reusable;
        /** Bytes left in a fixed-length body or in the current chunk; -1: to the end (or no chunk yet). */
        private long remaining;

        private boolean ended;
        private boolean done;

        Body(Connection c, long length, boolean chunked, boolean reusable) throws IOException {
            this.c = c;
            this.chunked = chunked;
            this.reusable = reusable;
            this.remaining = chunked ? 0 : length;
            if (!chunked && length == 0) {
                end();
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (done) {
                throw new IOException("the answer's body was closed");
            }
            if (len == 0) {
                return 0;
            }
            if (chunked && remaining == 0 && !nextChunk()) {
                return -1;
            }
            if (c.pos == c.limit && !c.fill()) {
                if (remaining < 0 && !chunked) {
                    end();
                    return -1;
                }
                throw new EOFException("the connection ended before the answer's body was complete");
            }
            int n = Math.min(len, c.limit - c.pos);
            if (remaining >= 0) {
                n = (int) Math.min(n, remaining);
            }
            System.arraycopy(c.buf, c.pos, b, off, n);
            c.pos += n;
            if (remaining >= 0) {
                remaining -= n;
                if (remaining == 0 && !chunked) {
                    end();
                }
            }
            return n;
        }

        /** Moves to the next chunk; false after the last (trailers read, body ended). */
        private boolean nextChunk() throws IOException {
            if (remaining == 0 && chunkStarted) {
                String crlf = c.line(2);
                if (!crlf.isEmpty()) {
                    throw new ProtocolException("a chunk of the answer does not end with CRLF");
                }
            }
            String sizeLine = c.line(1024);
            int semi = sizeLine.indexOf(';');
            String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).strip();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new ProtocolException("malformed chunk size in the answer: " + abbreviate(sizeLine));
            }
            if (size < 0) {
                throw new ProtocolException("negative chunk size in the answer");
            }
            chunkStarted = true;
            if (size == 0) {
                for (String trailer = c.line(MAX_HEADER_BYTES);
                        !trailer.isEmpty();
                        trailer = c.line(MAX_HEADER_BYTES)) {
                    // trailers are not used
                }
                end();
                return false;
            }
            remaining = size;
            return true;
        }

        private boolean chunkStarted;

        /**
         * Bytes readable without blocking: what the buffer holds of the current chunk (or of the
         * fixed-length body). 0 when a chunk boundary comes first: 0 is always a safe answer.
         */
        @Override
        public int available() {
            if (ended || done) {
                return 0;
            }
            int buffered = c.limit - c.pos;
            return remaining >= 0 ? (int) Math.min(buffered, remaining) : chunked ? 0 : buffered;
        }

        /**
         * Skips to the body's end if every byte up to it is in the buffer: the rest of a fixed-length
         * body, or the rest of the current chunk followed by the last chunk exactly as senders write
         * it ({@code 0} CRLF CRLF, no extensions, no trailers). Anything else answers false without
         * reading: a caller then reads to the end the ordinary way, which may wait.
         */
        boolean endIfBuffered() {
            if (ended) {
                return true;
            }
            if (done) {
                return false;
            }
            int buffered = c.limit - c.pos;
            if (!chunked) {
                if (remaining < 0 || remaining > buffered) {
                    return false;
                }
                c.pos += (int) remaining;
                remaining = 0;
                end();
                return true;
            }
            if (remaining > buffered) {
                return false;
            }
            int at = c.pos + (int) Math.max(remaining, 0);
            byte[] last = chunkStarted ? CRLF_LAST_CHUNK : LAST_CHUNK;
            if (c.limit - at < last.length || !Arrays.equals(c.buf, at, at + last.length, last, 0, last.length)) {
                return false;
            }
            c.pos = at + last.length;
            remaining = 0;
            end();
            return true;
        }

        private void end() {
            ended = true;
            if (!done) {
                done = true;
                if (reusable && c.pos == c.limit) {
                    release(c);
                } else {
                    c.close(); // unframed, "Connection: close", or bytes beyond the answer
                }
            }
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                c.close();
            }
        }
    }
}
