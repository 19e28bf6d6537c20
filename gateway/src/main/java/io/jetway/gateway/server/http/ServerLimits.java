package io.jetway.gateway.server.http;

import io.jetway.gateway.core.EnvNumbers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the HTTP server lets one connection and one request take, and how many of them it serves.
 *
 * <table>
 *   <caption>Settings (environment)</caption>
 *   <tr><th>Variable</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>JETWAY_HEADER_TIMEOUT_MS</td><td>10000</td><td>a request's head (request line and headers) must
 *       arrive whole within this time of its first byte (of the connection's opening, for its first request);
 *       else 408 and the connection closes — a client dripping header bytes holds nothing for long</td></tr>
 *   <tr><td>JETWAY_BODY_TIMEOUT_MS</td><td>120000</td><td>the whole request body must arrive within this
 *       time of the head; else 408 and the connection closes</td></tr>
 *   <tr><td>JETWAY_BODY_IDLE_TIMEOUT_MS</td><td>30000</td><td>the longest silence while a body is read</td></tr>
 *   <tr><td>JETWAY_KEEP_ALIVE_TIMEOUT_MS</td><td>60000</td><td>an idle keep-alive connection closes after
 *       this long without a new request (nginx's default is 75 s, its upstream keep-alive's 60 s)</td></tr>
 *   <tr><td>JETWAY_WRITE_TIMEOUT_MS</td><td>60000</td><td>the longest a write to a client may wait (the
 *       client stopped reading and the buffers are full); past it the connection closes, freeing its thread</td></tr>
 *   <tr><td>JETWAY_MAX_CONNECTIONS</td><td>from the open-files limit</td><td>connections served at once; one
 *       more gets a 503 and is closed. The default leaves room for an upstream connection per client
 *       connection and for the process's own files: {@code (open-files limit − 128) / 2}, at least 16, at
 *       most 16384, so the process sheds load with 503s before it runs out of file descriptors</td></tr>
 *   <tr><td>JETWAY_PLATFORM_THREADS</td><td>256</td><td>connections served by a platform thread of a pool
 *       (the thread that reads the connection runs its requests: no hand-off per wait); connections beyond
 *       these get a virtual thread each</td></tr>
 * </table>
 *
 * <p>Fixed limits: a request line of at most {@link #MAX_REQUEST_LINE} bytes (else 414), a head of at
 * most {@link #MAX_HEAD} bytes and {@link #MAX_HEADERS} fields (else 431).
 *
 * @param maxBodyBytes the largest request body (after decoding any {@code Content-Encoding}); else 413
 */
public record ServerLimits(
        long maxBodyBytes,
        Duration headerTimeout,
        Duration bodyTimeout,
        Duration bodyIdleTimeout,
        Duration keepAliveTimeout,
        Duration writeTimeout,
        int maxConnections,
        int platformThreads) {

    public static final int MAX_REQUEST_LINE = 8 * 1024;
    public static final int MAX_HEAD = 64 * 1024;
    public static final int MAX_HEADERS = 128;
    /** The most of an unread request body the server reads past to keep a connection open. */
    static final long MAX_DRAIN = 256 * 1024;

    public ServerLimits {
        if (maxBodyBytes < 0 || maxConnections < 1 || platformThreads < 0) {
            throw new IllegalArgumentException("server limits must be positive");
        }
        for (Duration d :
                new Duration[] {headerTimeout, bodyTimeout, bodyIdleTimeout, keepAliveTimeout, writeTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("server timeouts must be positive");
            }
        }
    }

    /** The defaults, with the given body limit. */
    public static ServerLimits defaults(long maxBodyBytes) {
        return fromEnv(Map.of(), maxBodyBytes);
    }

    /**
     * From the environment ({@code JETWAY_*} above).
     *
     * @throws IllegalArgumentException naming the variable when a value is not a number in range
     */
    public static ServerLimits fromEnv(Map<String, String> env, long maxBodyBytes) {
        return new ServerLimits(
                maxBodyBytes,
                millis(env, "JETWAY_HEADER_TIMEOUT_MS", 10_000),
                millis(env, "JETWAY_BODY_TIMEOUT_MS", 120_000),
                millis(env, "JETWAY_BODY_IDLE_TIMEOUT_MS", 30_000),
                millis(env, "JETWAY_KEEP_ALIVE_TIMEOUT_MS", 60_000),
                millis(env, "JETWAY_WRITE_TIMEOUT_MS", 60_000),
                (int) number(env, "JETWAY_MAX_CONNECTIONS", defaultMaxConnections(openFilesLimit()), 1, 1_000_000),
                (int) number(env, "JETWAY_PLATFORM_THREADS", 256, 0, 100_000));
    }

    /** The same limits with other timeouts (tests use short ones). */
    public ServerLimits withTimeouts(Duration header, Duration body, Duration bodyIdle, Duration keepAlive) {
        return new ServerLimits(
                maxBodyBytes, header, body, bodyIdle, keepAlive, writeTimeout, maxConnections, platformThreads);
    }

    /** The same limits with another write timeout. */
    public ServerLimits withWriteTimeout(Duration write) {
        return new ServerLimits(
                maxBodyBytes,
                headerTimeout,
                bodyTimeout,
                bodyIdleTimeout,
                keepAliveTimeout,
                write,
                maxConnections,
                platformThreads);
    }

    public ServerLimits withMaxConnections(int max) {
        return new ServerLimits(
                maxBodyBytes,
                headerTimeout,
                bodyTimeout,
                bodyIdleTimeout,
                keepAliveTimeout,
                writeTimeout,
                max,
                platformThreads);
    }

    static int defaultMaxConnections(long openFiles) {
        return (int) Math.max(16, Math.min(16_384, (openFiles - 128) / 2));
    }

    /** The soft open-files limit (Linux's {@code /proc/self/limits}), or 65536 where it cannot be read. */
    static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] words =
                            line.substring("Max open files".length()).trim().split("\\s+");
                    return words[0].equals("unlimited") ? 1_048_576 : Long.parseLong(words[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no /proc: the fallback below.
        }
        return 65_536;
    }

    private static Duration millis(Map<String, String> env, String name, long fallback) {
        return Duration.ofMillis(number(env, name, fallback, 1, 86_400_000L));
    }

    private static long number(Map<String, String> env, String name, long fallback, long min, long max) {
        return EnvNumbers.number(env, name, fallback, min, max);
    }
}
