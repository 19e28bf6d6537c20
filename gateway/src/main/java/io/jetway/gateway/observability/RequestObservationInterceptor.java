package io.jetway.gateway.observability;

import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.ForwardingChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.pipeline.Exchange;
import io.jetway.gateway.pipeline.Interceptor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/**
 * Observes a whole request, from the top of the pipeline: starts its span, and when the request is
 * over records its metrics (status, total time, first byte, overhead = total minus waiting on
 * providers, cache status) and ends the span with the answer's id, usage and status. For a stream
 * the request is over when the stream is: the chunk source is wrapped, and the end is its last
 * chunk, its failure, or its closing by a client that went away.
 */
final class RequestObservationInterceptor implements Interceptor {

    static final String CACHE_STATUS_HEADER = "x-portkey-cache-status";

    private final GatewayMetrics metrics;
    private final Tracing tracing;
    private final Ticker ticker;
    private final RequestLogRecorder log;

    RequestObservationInterceptor(GatewayMetrics metrics, Tracing tracing, Ticker ticker, RequestLogRecorder log) {
        this.metrics = metrics;
        this.tracing = tracing;
        this.ticker = ticker;
        this.log = log;
    }

    @Override
    public GatewayResponse intercept(Chain chain) {
        Exchange ex = chain.exchange();
        long start = ticker.nanos();
        RequestObservation req = new RequestObservation(
                start, tracing.startRequest(ex, ex.request().model()));
        ex.attach(RequestObservation.class, req);
        GatewayResponse answer;
        try {
            answer = chain.proceed();
        } catch (RuntimeException e) {
            int status = e instanceof GatewayException g ? g.status() : 500;
            finish(ex, req, status, -1, null, e, null);
            throw e;
        }
        return switch (answer) {
            case GatewayResponse.Complete c -> {
                finish(ex, req, c.status(), ticker.nanos() - start, cacheStatus(ex, c), null, c.body());
                yield c;
            }
            case GatewayResponse.Streaming s ->
                s.withChunks(new ObservedChunks(s.chunks(), ex, req, s.status(), cacheStatus(ex, s)));
        };
    }

    /**
     * Records the request's metrics, ends its span and hands its log entry to the request log.
     *
     * @param completeBody the non-stream answer's body; null for a stream or a failure
     */
    private void finish(
            Exchange ex,
            RequestObservation req,
            int status,
            long firstByteNanos,
            String cacheStatus,
            Throwable failure,
            byte[] completeBody) {
        long total = ticker.nanos() - req.startNanos;
        if (log != null) {
            log.record(
                    ex,
                    req,
                    provider(ex),
                    model(ex),
                    status,
                    firstByteNanos,
                    total,
                    cacheStatus,
                    failure,
                    completeBody);
        }
        String provider = provider(ex);
        String model = metrics.model(model(ex));
        metrics.request(provider, model, ex.request().stream(), status, total, firstByteNanos, req.waitNanos);
        if (cacheStatus != null) {
            metrics.cache(provider, model, cacheStatus);
        }
        io.jetway.gateway.usage.CallCost cost = ex.attachment(io.jetway.gateway.usage.CallCost.class);
        if (cost != null && cost.usage() != null) {
            metrics.cost(provider, model, cost.costUsd());
        }
        Span span = req.span;
        if (span.isRecording()) {
            span.setAttribute(Tracing.HTTP_STATUS, (long) status);
            span.setAttribute(Tracing.ATTEMPTS, (long) req.attempts);
            if (ex.target() != null) {
                span.setAttribute(Tracing.SYSTEM, provider);
                span.setAttribute(Tracing.PROVIDER_NAME, provider);
            }
            if (cacheStatus != null) {
                span.setAttribute(Tracing.CACHE_STATUS, cacheStatus);
            }
            Tracing.answer(span, req.answer);
            if (failure != null) {
                Tracing.failed(span, failure);
            }
            span.end();
        }
    }

    static String provider(Exchange ex) {
        Target target = ex.target();
        return target == null ? ModelLabels.NONE : target.provider();
    }

    /** The model asked for: the target's {@code override_params.model} when it sets one, else the body's. */
    static String model(Exchange ex) {
        Target target = ex.target();
        if (target != null
                && target.overrideParams() != null
                && target.overrideParams().path("model").isTextual()) {
            return target.overrideParams().get("model").asText();
        }
        return ex.request().model();
    }

    private static String cacheStatus(Exchange ex, GatewayResponse answer) {
        String s = answer.headers().get(CACHE_STATUS_HEADER);
        return s != null ? s : ex.responseHeaders().get(CACHE_STATUS_HEADER);
    }

    /** The client's view of a stream: its first chunk is the first byte, its end the request's end. */
    private final class ObservedChunks extends ForwardingChunkSource {
        private final Exchange ex;
        private final RequestObservation req;
        private final int status;
        private final String cacheStatus;
        private long firstByte = -1;
        private boolean over;

        ObservedChunks(ChunkSource delegate, Exchange ex, RequestObservation req, int status, String cacheStatus) {
            super(delegate);
            this.ex = ex;
            this.req = req;
            this.status = status;
            this.cacheStatus = cacheStatus;
        }

        @Override
        public String next() {
            String payload;
            try {
                payload = delegate.next();
            } catch (RuntimeException e) {
                end(e);
                throw e;
            }
            if (payload == null) {
                end(null);
            } else if (firstByte < 0) {
                firstByte = ticker.nanos() - req.startNanos;
            }
            return payload;
        }

        @Override
        public void close() {
            try {
                delegate.close();
            } finally {
                if (!over) {
                    // Closed before its end: the client went away.
                    req.span.setStatus(StatusCode.ERROR, "the client closed the stream before its end");
                    req.span.setAttribute(Tracing.ERROR_TYPE, "client_closed");
                    end(null);
                }
            }
        }

        private void end(Throwable failure) {
            if (!over) {
                over = true;
                finish(ex, req, status, firstByte, cacheStatus, failure, null);
            }
        }
    }
}
