package io.jetway.gateway.limits;

import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The counters of one gateway process. One lock makes a check of several counters atomic; what it
 * guards is a few map lookups, so it is held for well under a microsecond. Expired counters are
 * swept once per {@link #SWEEP_EVERY} admissions, so memory follows the number of live windows.
 */
public final class InProcessCounters implements Counters {

    static final int SWEEP_EVERY = 4096;

    private static final class Value {
        long value;
        long expiresAt;
    }

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Value> values = new HashMap<>();
    private int sinceSweep;

    public InProcessCounters(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Outcome admit(List<Counter> counters) {
        long now = clock.millis();
        int n = counters.size();
        Value[] found = new Value[n];
        long[] out = new long[n];
        lock.lock();
        try {
            if (++sinceSweep >= SWEEP_EVERY) {
                sweep(now);
            }
            int refused = -1;
            for (int i = 0; i < n; i++) {
                Counter c = counters.get(i);
                Value v = values.get(c.key());
                if (v != null && v.expiresAt <= now) {
                    values.remove(c.key());
                    v = null;
                }
                found[i] = v;
                out[i] = v == null ? 0 : v.value;
                if (refused < 0 && out[i] >= c.limit()) {
                    refused = i;
                }
            }
            if (refused >= 0) {
                return new Outcome(false, refused, out);
            }
            for (int i = 0; i < n; i++) {
                Counter c = counters.get(i);
                Value v = found[i];
                if (v == null) {
                    v = new Value();
                    v.expiresAt = now + c.ttlMillis();
                    values.put(c.key(), v);
                }
                v.value += c.amount();
                out[i] = v.value;
            }
            return new Outcome(true, -1, out);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void adjust(List<Counter> counters, long[] deltas) {
        long now = clock.millis();
        lock.lock();
        try {
            for (int i = 0; i < counters.size(); i++) {
                Value v = values.get(counters.get(i).key());
                // A window already over (or swept) has nothing left to correct.
                if (v != null && v.expiresAt > now) {
                    v.value = Math.max(0, v.value + deltas[i]);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void sweep(long now) {
        sinceSweep = 0;
        for (Iterator<Value> it = values.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAt <= now) {
                it.remove();
            }
        }
    }

    int size() {
        lock.lock();
        try {
            return values.size();
        } finally {
            lock.unlock();
        }
    }
}
