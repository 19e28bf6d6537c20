package io.jetway.gateway.server.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The deadlines of the server's reads and writes: one daemon thread looks every {@link #TICK_NANOS}
 * at the connections waiting on a read or a write and, past its deadline, ends the wait: a read by
 * shutting the connection's input down (the blocked read ends as at the end of the stream;
 * {@link ConnectionInput} then reports the timeout), a write by closing the connection (a client that
 * stopped reading would otherwise hold its thread forever; {@link ConnectionOutput}).
 *
 * <p>Why not socket timeouts: a read with {@code SO_TIMEOUT} switches the JDK's socket to
 * non-blocking mode for good, after which every wait for data is a failed read, a {@code poll} and
 * a second read — three system calls instead of one blocking read, for every wait of every request
 * (8 % of the gateway's CPU in a profile at c=16). With this watcher, reads block in the kernel and
 * a deadline costs a volatile write. Timeouts are exact to within a tick, far below the server's.
 */
final class ReadDeadlines implements AutoCloseable {

    static final long TICK_NANOS = 50_000_000L;

    /** A connection's read or write that may wait past its deadline. */
    interface Watched {
        /** The current wait's deadline (nanoTime), 0 while not waiting. */
        long deadline();

        /** Ends the wait: it is past its deadline. */
        void expire();
    }

    private final Set<Watched> reading = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ReadDeadlines() {
        Thread.ofPlatform().daemon().name("jetway-http-deadlines").start(this::loop);
    }

    void add(Watched w) {
        reading.add(w);
    }

    void remove(Watched w) {
        reading.remove(w);
    }

    private void loop() {
        while (!closed) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            for (Watched w : reading) {
                long d = w.deadline();
                if (d != 0 && now - d > 0) {
                    w.expire();
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
