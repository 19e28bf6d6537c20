package io.jetway.client.sdk;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a call may wait. {@code connect}: for the TCP (and TLS) connection. {@code read}: for the
 * response headers, and then for each next piece of the body (a stream that falls silent for longer
 * fails with {@link JetwayTimeoutException}). {@code request}: for the whole call including its retries
 * and their pauses; for a stream, until its response headers (a stream may then run as long as its
 * pieces keep coming).
 *
 * @param connect defaults to 10 seconds
 * @param read    defaults to 10 minutes (a long answer of a slow model is written at once at its end)
 * @param request defaults to 10 minutes
 */
public record Timeouts(Duration connect, Duration read, Duration request) {

    public static final Timeouts DEFAULTS =
            new Timeouts(Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(10));

    public Timeouts {
        for (Duration d : new Duration[] {connect, read, request}) {
            Objects.requireNonNull(d, "timeouts must be set (use Timeouts.DEFAULTS and change one)");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("a timeout must be positive, was " + d);
            }
        }
    }

    public Timeouts withConnect(Duration connect) {
        return new Timeouts(connect, read, request);
    }

    public Timeouts withRead(Duration read) {
        return new Timeouts(connect, read, request);
    }

    public Timeouts withRequest(Duration request) {
        return new Timeouts(connect, read, request);
    }
}
