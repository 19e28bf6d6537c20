package io.jetway.gateway.server;

import io.jetway.gateway.core.ChunkSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Notices that a client left a stream while the stream waits on its provider, and cancels the
 * upstream call. A handler learns of a client's departure only when a write to it fails (the generated
 * services' response gives it no other view of the connection), and the request's thread is blocked reading the
 * upstream meanwhile. So a stream with nothing written for {@link #PROBE_AFTER_NANOS} gets an SSE
 * comment, {@code : keep-alive} (every SSE client ignores comments); when such a write fails, the
 * stream's {@link ChunkSource#cancel()} closes the upstream connection, which ends the wait.
 *
 * <p>Timing: the first write after a client closed its connection usually succeeds (it only draws
 * the peer's reset), the next one fails. Probes every 0.5 s of silence therefore notice a departure
 * within about a second; a stream that writes more often notices it by its own writes.
 *
 * <p>Cost: one daemon thread looks at every open stream each {@link #TICK_NANOS}; a probe's write runs
 * on a virtual thread of its own, so a slow client delays only its own stream. Per stream: a
 * registration (two concurrent-set operations) once it first waits; per written chunk a volatile write, and
 * an uncontended lock once the stream is watched. The seam is this class and {@link ChunkSource#cancel()}: a server that reports a closed
 * connection by itself would replace the probes, not the streams.
 *
 * <p>A stream is watched from the first time its writer waits after its first payload: before that
 * payload, the request's thread waits for it inside the pipeline (so that a failure can still be
 * retried or fall back), nothing has been written, and the wait is bounded by the request's timeout;
 * a stream that never waits (all of it at hand) needs no watch.
 */
final class ClientWatch {

    static final long PROBE_AFTER_NANOS = 500_000_000L;
    static final long TICK_NANOS = 100_000_000L;
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private static final System.Logger LOG = System.getLogger(ClientWatch.class.getName());

    private final Set<Watched> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean started;

    /**
     * A handle for a stream, watched from its first {@link Watched#willWait()} until the handle is
     * closed. The stream's writer must hold the handle's lock ({@link Watched#lock()}) while it writes
     * to {@code out}, and call {@link Watched#wrote()}.
     */
    Watched watch(OutputStream out, ChunkSource upstream) {
        return new Watched(out, upstream);
    }

    /** How many streams are watched now (for tests). */
    int watching() {
        return streams.size();
    }

    private void register(Watched w) {
        if (!started) {
            start();
        }
        streams.add(w);
    }

    private synchronized void start() {
        if (!started) {
            Thread.ofPlatform().daemon().name("jetway-client-watch").start(this::loop);
            started = true;
        }
    }

    private void loop() {
        while (true) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            for (Watched w : streams) {
                if (w.active) {
                    w.active = false;
                    w.quietSince = now;
                } else if (now - w.quietSince >= PROBE_AFTER_NANOS && !w.probing) {
                    w.probing = true;
                    w.quietSince = now;
                    Thread.startVirtualThread(w::probe);
                }
            }
        }
    }

    /** One watched stream. */
    final class Watched implements AutoCloseable {
        private final OutputStream out;
        private final ChunkSource upstream;
        private final ReentrantLock lock = new ReentrantLock();
        /** Set by the writer after a write; cleared by the watch's thread, which alone uses quietSince. */
        private volatile boolean active = true;

        private long quietSince = System.nanoTime();
        private volatile boolean probing;
        /** Written under the lock: the stream's end was written, nothing more may be. */
        private boolean over;
        /** In {@link #streams} (writer's thread only). */
        private boolean registered;
        /** Whether the writer holds {@link #lock} now ({@link #lock()} took it; writer's thread only). */
        private boolean held;

        private Watched(OutputStream out, ChunkSource upstream) {
            this.out = out;
            this.upstream = upstream;
        }

        /**
         * Taken by the writer around each write to the client once the stream is watched (the probes
         * write to the same stream). Before that no other thread can reach the stream, so nothing is
         * taken: a lock and unlock per payload were ~1.5 % of a streaming gateway's CPU.
         */
        void lock() {
            if (registered) {
                lock.lock();
                held = true;
            }
        }

        /** Releases what {@link #lock()} took (nothing, if the stream was not watched then). */
        void unlock() {
            if (held) {
                held = false;
                lock.unlock();
            }
        }

        /** The writer wrote: no probe is due for a while. */
        void wrote() {
            active = true;
        }

        /**
         * The writer flushed and will now wait for the upstream: from here on the stream is watched.
         * A stream whose payloads were all at hand (a fast provider's whole answer in one read) is
         * written and ended without ever waiting, so it is never registered: the two concurrent-set
         * operations were ~2 % of a streaming gateway's CPU (bench/README.md). Writer's thread only.
         */
        void willWait() {
            if (!registered) {
                registered = true;
                register(this);
            }
        }

        /** Under the lock: the stream's last bytes were written; no probe writes after them. */
        void ended() {
            over = true;
        }

        private void probe() {
            try {
                boolean gone = false;
                if (lock.tryLock()) { // else the writer is writing: the client is being probed by that write
                    try {
                        if (!over) {
                            out.write(KEEP_ALIVE);
                            out.flush();
                        }
                    } catch (IOException | RuntimeException e) {
                        gone = true;
                    } finally {
                        lock.unlock();
                    }
                }
                if (gone) {
                    LOG.log(System.Logger.Level.DEBUG, "client left a stream; cancelling its upstream call");
                    upstream.cancel();
                }
            } finally {
                probing = false;
            }
        }

        /** Stops the watch; waits for a probe that is writing, so that the writer may close the stream after. */
        @Override
        public void close() {
            if (!registered) {
                return; // never watched: no probe can be writing
            }
            streams.remove(this);
            lock.lock();
            try {
                over = true;
            } finally {
                lock.unlock();
            }
        }
    }
}
