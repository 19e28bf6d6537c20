package io.jetway.client.sdk;

import java.time.Duration;

/** Waits between retries. Injected so that tests record the pauses instead of taking them. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

    void sleep(Duration duration) throws InterruptedException;
}
