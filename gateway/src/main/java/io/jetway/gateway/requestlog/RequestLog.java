package io.jetway.gateway.requestlog;

import io.jetway.gateway.store.RequestLogEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The request log's writer, off the hot path: {@link #offer} puts an entry in a bounded queue
 * and never blocks (a full queue drops the entry and counts it in
 * {@code jetway_request_log_dropped_total}); one daemon thread drains the queue in batches (up
 * to {@code batchSize} entries, at least every {@code interval}) into the store. A failing store
 * never reaches a request: the batch is counted in {@code jetway_request_log_failed_total} (entries)
 * and logged, at most once per {@link #LOG_EVERY}.
 *
 * <p>Only the drainer (or {@link #flush}, on the caller's thread) takes entries out of the queue,
 * always under one lock: so after {@link #flush} returns, every entry offered before it is in the
 * store (or counted as failed). {@link #close} stops the thread and flushes.
 */
public final class RequestLog implements AutoCloseable {

    public static final int DEFAULT_CAPACITY = 10_000;
    public static final int DEFAULT_BATCH = 500;
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);
    static final Duration LOG_EVERY = Duration.ofMinutes(1);
    private static final System.Logger LOG = System.getLogger(RequestLog.class.getName());

    private final ArrayBlockingQueue<RequestLogEntry> queue;
    private final Consumer<List<RequestLogEntry>> store;
    private final int batchSize;
    private final long intervalNanos;
    private final Clock clock;
    private final Counter dropped;
    private final Counter failed;
    private final ReentrantLock draining = new ReentrantLock();
    private final String node;
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean closed;
    private Thread drainer;
    private Instant lastFailureLog;
    private long failuresSinceLog;

    /**
     * A writer with no thread: entries reach the store on {@link #flush} only (tests). Call
     * {@link #start} for the background drainer.
     *
     * @param store appends one batch; may throw
     */
    public RequestLog(
            Consumer<List<RequestLogEntry>> store,
            int capacity,
            int batchSize,
            Duration interval,
            MeterRegistry registry,
            Clock clock) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.store = store;
        this.batchSize = batchSize;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        this.dropped = Counter.builder("jetway.request.log.dropped")
                .description("Request log entries dropped because the log's queue was full")
                .register(registry);
        this.failed = Counter.builder("jetway.request.log.failed")
                .description("Request log entries lost because the store failed to write them")
                .register(registry);
        byte[] n = new byte[4];
        new SecureRandom().nextBytes(n);
        this.node = HexFormat.of().formatHex(n);
    }

    /** The production writer: default sizes, drainer started. */
    public static RequestLog start(Consumer<List<RequestLogEntry>> store, MeterRegistry registry, Clock clock) {
        RequestLog log = new RequestLog(store, DEFAULT_CAPACITY, DEFAULT_BATCH, DEFAULT_INTERVAL, registry, clock);
        log.start();
        return log;
    }

    /** Starts the background drainer (a daemon thread). */
    public synchronized RequestLog start() {
        if (drainer == null) {
            drainer = Thread.ofPlatform().daemon().name("jetway-request-log").start(this::drainLoop);
        }
        return this;
    }

    /**
     * A new entry id, sortable by arrival: the arrival time in milliseconds, this writer's sequence
     * number, then a random per-process suffix (so nodes sharing a database never collide).
     */
    public String newId(Instant createdAt) {
        // Formatted by hand: String.format costs more than the rest of a request's logging.
        StringBuilder id = new StringBuilder(4 + 13 + 10 + node.length()).append("log_");
        zeroPadded(id, createdAt.toEpochMilli(), 13);
        zeroPadded(id, sequence.incrementAndGet() % 10_000_000_000L, 10);
        return id.append(node).toString();
    }

    /**
     * Whether {@code id} has the form {@link #newId} gives: {@code log_}, 23 digits, then the
     * writer's lower-case hex suffix (for checking a paging cursor a caller sends back).
     */
    public static boolean isId(String id) {
        int digitsEnd = 4 + 13 + 10;
        if (id.length() <= digitsEnd || id.length() > digitsEnd + 32 || !id.startsWith("log_")) {
            return false;
        }
        for (int i = 4; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if (!(digit || i >= digitsEnd && c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Appends {@code value} (non-negative) with leading zeros to {@code width} digits, like {@code %0<width>d}. */
    static void zeroPadded(StringBuilder out, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        out.append(digits);
    }

    /** Queues an entry; never blocks. False (and counted) when the queue is full or the log closed. */
    public boolean offer(RequestLogEntry entry) {
        if (closed || !queue.offer(entry)) {
            dropped.increment();
            return false;
        }
        Thread t = drainer;
        if (t != null && queue.size() >= batchSize) {
            LockSupport.unpark(t);
        }
        return true;
    }

    /** Writes everything queued now, on the caller's thread; returns when it is in the store (or failed). */
    public void flush() {
        draining.lock();
        try {
            while (!queue.isEmpty()) {
                drainOnce();
            }
        } finally {
            draining.unlock();
        }
    }

    public double dropped() {
        return dropped.count();
    }

    public double failed() {
        return failed.count();
    }

    private void drainLoop() {
        while (!closed) {
            if (queue.size() < batchSize) {
                LockSupport.parkNanos(this, intervalNanos);
            }
            draining.lock();
            try {
                drainOnce();
            } finally {
                draining.unlock();
            }
        }
    }

    /** One batch out of the queue into the store. Holds {@link #draining}. */
    private void drainOnce() {
        List<RequestLogEntry> batch = new ArrayList<>(Math.min(batchSize, queue.size()));
        queue.drainTo(batch, batchSize);
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.accept(batch);
        } catch (RuntimeException e) {
            failed.increment(batch.size());
            failuresSinceLog += batch.size();
            Instant now = clock.instant();
            if (lastFailureLog == null || !now.isBefore(lastFailureLog.plus(LOG_EVERY))) {
                LOG.log(
                        Level.WARNING,
                        "request log: " + failuresSinceLog + " entries could not be written (logged at "
                                + "most once a minute): " + e.getMessage());
                lastFailureLog = now;
                failuresSinceLog = 0;
            }
        }
    }

    /** Stops the drainer and writes what is left. Entries offered afterwards are dropped (and counted). */
    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = drainer;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }
}
