package io.jetway.gateway.observability;

/**
 * A monotonic nanosecond source for measuring durations ({@link System#nanoTime()} in
 * production), injected so that tests get exact, repeatable timings.
 */
@FunctionalInterface
public interface Ticker {

    /** Nanoseconds since an arbitrary origin; only differences mean anything. */
    long nanos();

    static Ticker system() {
        return System::nanoTime;
    }
}
