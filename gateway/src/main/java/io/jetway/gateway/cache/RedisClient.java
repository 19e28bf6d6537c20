package io.jetway.gateway.cache;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The response cache's Redis client: {@link RedisConnection}s to one server, at most
 * {@link #MAX_CONNECTIONS} at a time, kept for reuse while they work. A command waits at most the
 * timeout for a free connection, connects within it and waits at most that long for each read. A
 * connection that failed in any way (I/O, a reply out of bounds or out of step) is closed, never reused.
 *
 * <p>Why not a library: Jedis (used before) allocates whatever length a reply announces (a 2 GB bulk
 * length was an {@code OutOfMemoryError} that failed every cached request) and reports wrong reply
 * types as {@code ClassCastException}s; bounding it meant reaching into its internals. Two commands
 * need little: what they need is here. The limit counters ({@code limits.RedisCounters}) share it
 * for their scripts ({@link RedisConnection#evalIntegers}).
 */
public final class RedisClient implements AutoCloseable {

    static final int MAX_CONNECTIONS = 64;

    /**
     * Where Redis is and how to log in: {@code redis://[user:password@]host[:port][/db]},
     * {@code rediss://} for TLS.
     */
    public record Endpoint(String host, int port, boolean tls, String user, String password, int database) {

        /** From a URL already checked by {@link RedisResponseCache#checkUrl}. A user info without ':' is a password. */
        public static Endpoint of(URI url) {
            boolean tls = url.getScheme().toLowerCase(Locale.ROOT).equals("rediss");
            String user = null;
            String password = null;
            String info = url.getRawUserInfo();
            if (info != null && !info.isEmpty()) {
                int colon = info.indexOf(':');
                String u = colon < 0 ? "" : decode(info.substring(0, colon));
                password = decode(colon < 0 ? info : info.substring(colon + 1));
                user = u.isEmpty() ? null : u;
            }
            String path = url.getPath() == null ? "" : url.getPath();
            int db = path.length() > 1 ? Integer.parseInt(path.substring(1)) : 0;
            String host = url.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new Endpoint(host, url.getPort() < 0 ? 6379 : url.getPort(), tls, user, password, db);
        }

        private static String decode(String s) {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        }

        /** Never the password. */
        @Override
        public String toString() {
            return "redis at " + host + ":" + port + "/" + database;
        }
    }

    /** One command's work on a connection. */
    public interface Command<T> {
        T run(RedisConnection c) throws IOException;
    }

    private final Endpoint endpoint;
    private final int timeoutMillis;
    private final int maxValueBytes;
    private final Semaphore permits = new Semaphore(MAX_CONNECTIONS);
    private final ConcurrentLinkedDeque<RedisConnection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    public RedisClient(Endpoint endpoint, int timeoutMillis, int maxValueBytes) {
        this.endpoint = endpoint;
        this.timeoutMillis = timeoutMillis;
        this.maxValueBytes = maxValueBytes;
    }

    /** Runs {@code command} on a pooled (or new) connection. */
    public <T> T call(Command<T> command) throws IOException {
        try {
            if (!permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new IOException(
                        "all " + MAX_CONNECTIONS + " connections stayed busy for " + timeoutMillis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a connection");
        }
        RedisConnection c = idle.pollFirst();
        try {
            if (c == null) {
                c = RedisConnection.open(endpoint, timeoutMillis, maxValueBytes);
            }
            T result = command.run(c);
            if (!closed) {
                idle.offerFirst(c);
                c = null;
            }
            return result;
        } finally {
            if (c != null) {
                c.close();
            }
            permits.release();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (RedisConnection c; (c = idle.pollFirst()) != null; ) {
            c.close();
        }
    }
}
