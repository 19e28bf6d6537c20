package io.jetway.gateway.core;

import java.time.Duration;

/** Waiting, injected so that tests never sleep (retry backoff is the user). */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    static Sleeper system() {
        return d -> Thread.sleep(d);
    }
}
