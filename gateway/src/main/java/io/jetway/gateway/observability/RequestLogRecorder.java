package io.jetway.gateway.observability;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.PortkeyHeaders;
import io.jetway.gateway.core.Redaction;
import io.jetway.gateway.pipeline.Exchange;
import io.jetway.gateway.pipeline.RequestLogNotes;
import io.jetway.gateway.requestlog.RequestLog;
import io.jetway.gateway.store.RequestLogEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Builds a request's log entry from what {@link RequestObservationInterceptor} observed at its end
 * (the same timings as the metrics) and queues it in the {@link RequestLog}. Never throws into
 * the request: a failure to build the entry loses the entry, not the answer.
 *
 * <p>Bodies only when enabled: the request body as received and the non-stream answer, each cut
 * at {@link #BODY_CAP} bytes. Headers (keys included) are never logged.
 */
final class RequestLogRecorder {

    /** Largest body kept, in bytes. */
    static final int BODY_CAP = 64 * 1024;

    static final String TARGET_PATH_HEADER = "x-portkey-last-used-option-index";
    private static final System.Logger LOG = System.getLogger(RequestLogRecorder.class.getName());

    private final RequestLog log;
    private final boolean bodies;

    RequestLogRecorder(RequestLog log, boolean bodies) {
        this.log = log;
        this.bodies = bodies;
    }

    void record(
            Exchange ex,
            RequestObservation req,
            String provider,
            String model,
            int status,
            long firstByteNanos,
            long totalNanos,
            String cacheStatus,
            Throwable failure,
            byte[] completeBody) {
        try {
            PortkeyHeaders h = ex.headers();
            CallFacts answer = req.answer;
            io.jetway.gateway.usage.CallCost cost = ex.attachment(io.jetway.gateway.usage.CallCost.class);
            RequestLogNotes notes = ex.attachment(RequestLogNotes.class);
            String requestBody = null;
            String responseBody = null;
            boolean truncated = false;
            if (bodies) {
                byte[] raw = ex.request() == null ? null : ex.request().raw();
                if (raw != null) {
                    requestBody = text(raw);
                    truncated = raw.length > BODY_CAP;
                }
                if (completeBody != null) {
                    responseBody = text(completeBody);
                    truncated |= completeBody.length > BODY_CAP;
                }
            }
            log.offer(new RequestLogEntry(
                    log.newId(ex.receivedAt()),
                    ex.receivedAt(),
                    ex.traceId(),
                    h == null ? null : h.spanId(),
                    h == null ? null : h.parentSpanId(),
                    h == null ? null : h.spanName(),
                    notes == null ? ex.metadata() : notes.addTo(ex.metadata()),
                    provider,
                    model,
                    ex.responseHeaders().get(TARGET_PATH_HEADER),
                    ex.request() != null && ex.request().stream(),
                    status,
                    Math.max(0, req.attempts - 1),
                    cacheStatus,
                    answer.usage() != null ? answer.usage().inputTokens() : null,
                    answer.usage() != null ? answer.usage().outputTokens() : null,
                    firstByteNanos >= 0 ? firstByteNanos / 1e6 : null,
                    totalNanos / 1e6,
                    error(status, failure, completeBody),
                    requestBody,
                    responseBody,
                    truncated,
                    cost == null ? null : cost.costUsd(),
                    cost == null ? null : cost.apiKeyId()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "request log: could not record request " + ex.traceId() + ": " + e);
        }
    }

    /**
     * The error message the client got: the failure's, or an error answer's {@code error.message};
     * any URL user-info in it masked (the gateway's own messages never quote one, a provider's
     * might).
     */
    private static String error(int status, Throwable failure, byte[] completeBody) {
        if (failure != null) {
            return failure instanceof GatewayException ? Redaction.urlsIn(failure.getMessage()) : "internal error";
        }
        if (status >= 400 && completeBody != null) {
            try {
                JsonNode message =
                        Json.MAPPER.readTree(completeBody).path("error").path("message");
                return message.isTextual() ? Redaction.urlsIn(message.asText()) : "HTTP " + status;
            } catch (IOException unreadable) {
                return "HTTP " + status;
            }
        }
        return null;
    }

    /** UTF-8 text of at most {@link #BODY_CAP} bytes (a character cut at the cap is dropped). */
    static String text(byte[] body) {
        int n = Math.min(body.length, BODY_CAP);
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer out = CharBuffer.allocate(n);
        decoder.decode(ByteBuffer.wrap(body, 0, n), out, true);
        return out.flip().toString();
    }
}
