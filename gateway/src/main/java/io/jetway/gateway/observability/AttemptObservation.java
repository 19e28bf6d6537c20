package io.jetway.gateway.observability;

import io.jetway.gateway.core.CallFacts;
import io.opentelemetry.api.trace.Span;
import java.net.URI;

/**
 * One upstream attempt: its span, what the upstream client saw (whether a call was sent, the
 * provider's status) and the time spent waiting on it. The attempt in progress on a thread is
 * {@link #current()}: {@link UpstreamAttemptInterceptor} sets it around the provider call, so that
 * {@link ObservedUpstreamClient} (which sees no exchange) can report to it.
 */
final class AttemptObservation {

    private static final ThreadLocal<AttemptObservation> CURRENT = new ThreadLocal<>();

    final RequestObservation request;
    final Span span;
    final String provider;
    final String model;
    /** Whether the upstream client was called (a failure without a call is not an upstream error). */
    boolean sent;
    /** The provider's HTTP status, or -1 before (or without) an answer. */
    int upstreamStatus = -1;

    CallFacts answer = CallFacts.UNKNOWN;

    AttemptObservation(RequestObservation request, Span span, String provider, String model) {
        this.request = request;
        this.span = span;
        this.provider = provider;
        this.model = model;
    }

    static AttemptObservation current() {
        return CURRENT.get();
    }

    /** Makes {@code attempt} current; returns the one it replaces, for {@link #restore}. */
    static AttemptObservation enter(AttemptObservation attempt) {
        AttemptObservation previous = CURRENT.get();
        CURRENT.set(attempt);
        return previous;
    }

    static void restore(AttemptObservation previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    void sending(URI uri) {
        sent = true;
        if (uri != null && uri.getHost() != null) {
            span.setAttribute(Tracing.SERVER_ADDRESS, uri.getHost());
            int port = uri.getPort() >= 0 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
            span.setAttribute(Tracing.SERVER_PORT, (long) port);
        }
    }

    void answered(int status) {
        upstreamStatus = status;
        span.setAttribute(Tracing.HTTP_STATUS, (long) status);
    }

    void waited(long nanos) {
        request.waitNanos += nanos;
    }
}
