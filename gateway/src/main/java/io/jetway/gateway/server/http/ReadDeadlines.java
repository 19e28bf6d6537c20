package io.jetway.gateway.server.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The deadlines of the server's reads: one daemon thread looks every {@link #TICK_NANOS} at the
 * connections waiting on a read and, past its deadline, shuts the connection's input down, which
 * ends the blocked read (as the end of the stream; {@link ConnectionInput} then reports the timeout).
 *
 * <p>Why not socket timeouts: a read with {@code SO_TIMEOUT} switches the JDK's socket to
 * non-blocking mode for good, after which every wait for data is a failed read, a {@code poll} and
 * a second read — three system calls instead of one blocking read, for every wait of every request
 * (8 % of the gateway's CPU in a profile at c=16). With this watcher, reads block in the kernel and
 * a deadline costs a volatile write. Timeouts are exact to within a tick, far below the server's.
 */
final class ReadDeadlines implements AutoCloseable {

    static final long TICK_NANOS = 50_000_000L;

    private final Set<ConnectionInput> reading = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ReadDeadlines() {
        Thread.ofPlatform().daemon().name("jetway-http-deadlines").start(this::loop);
    }

    void add(ConnectionInput input) {
        reading.add(input);
    }

    void remove(ConnectionInput input) {
        reading.remove(input);
    }

    private void loop() {
        while (!closed) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            for (ConnectionInput input : reading) {
                long d = input.deadline();
                if (d != 0 && now - d > 0) {
                    input.expire();
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
