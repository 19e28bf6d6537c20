package io.jetway.gateway.server;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.ErrorBodies;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.core.Sleeper;
import io.jetway.gateway.messages.MessagesErrors;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes pipeline answers to the generated services' responses. Streams go out as they arrive: each {@code data:} frame is
 * written as soon as the provider's chunk is mapped, and flushed unless the next one is already at
 * hand ({@link ChunkSource#ready()}), so the client sees every chunk with no added wait while chunks
 * that arrived in one upstream read leave in one write instead of one system call each. A stream ends with {@code data: [DONE]} only when the provider's stream ended
 * properly; a failure after the first byte ends it with an error event instead, after which the
 * response is cut off ({@link ResponseAbort}: no proper end of the body, the connection closed), so that
 * a client that reads HTTP but not the event sees the failure too. While a stream waits on
 * its provider, a {@link ClientWatch} notices a client that left and cancels the upstream call.
 */
public final class ResponseWriter {

    private static final System.Logger LOG = System.getLogger(ResponseWriter.class.getName());
    /** Shared by every writer: one watch thread per process. */
    private static final ClientWatch CLIENTS = new ClientWatch();

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOTHING = new byte[0];
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final Header JSON = HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json");
    private static final Header EVENT_STREAM =
            HeaderValues.create(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    private static final Header NO_CACHE = HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-cache");
    /** Asks proxies in front of the gateway (nginx) not to buffer the stream. */
    private static final Header NO_PROXY_BUFFERING = HeaderValues.create("x-accel-buffering", "no");

    private final ResponseAbort abort;
    /**
     * Anthropic's dialect ({@code /v1/messages}): errors in Anthropic's shape, stream payloads that are
     * whole SSE events ({@code event:} and {@code data:} lines, {@link io.jetway.gateway.core.Endpoint#MESSAGES})
     * written as they are, no {@code [DONE]} (Anthropic's stream ends with {@code message_stop}), and a
     * broken stream's last event Anthropic's {@code error} event.
     */
    private final boolean anthropic;

    /** @param sleeper waits out {@link ResponseAbort#GRACE} before a broken stream's connection closes */
    public ResponseWriter(Sleeper sleeper) {
        this(new ResponseAbort(sleeper), false);
    }

    private ResponseWriter(ResponseAbort abort, boolean anthropic) {
        this.abort = abort;
        this.anthropic = anthropic;
    }

    /** This writer in Anthropic's dialect, for {@code /v1/messages}. */
    public ResponseWriter anthropic() {
        return new ResponseWriter(abort, true);
    }

    /**
     * @param gatewayHeaders the request's gateway-level headers (trace id, routing), sent with every answer
     */
    public void write(ServerResponse res, Map<String, String> gatewayHeaders, GatewayResponse answer) {
        headers(res, gatewayHeaders);
        switch (answer) {
            case GatewayResponse.Complete c -> {
                res.status(Status.create(c.status()));
                headers(res, c.headers());
                res.header(JSON);
                res.send(c.body());
            }
            case GatewayResponse.Streaming s -> stream(res, s);
        }
    }

    public void writeError(ServerResponse res, Map<String, String> headers, GatewayException e) {
        if (res.isSent()) {
            LOG.log(Level.WARNING, "error after the response was sent: {0}", e.getMessage());
            return;
        }
        res.status(Status.create(anthropic ? MessagesErrors.status(e) : e.status()));
        headers(res, headers);
        headers(res, e.headers());
        res.header(JSON);
        res.send(anthropic ? MessagesErrors.json(e) : ErrorBodies.json(e));
    }

    private void stream(ServerResponse res, GatewayResponse.Streaming s) {
        res.status(Status.create(s.status()));
        headers(res, s.headers());
        res.header(EVENT_STREAM);
        res.header(NO_CACHE);
        res.header(NO_PROXY_BUFFERING);
        boolean broken = false;
        // The body is closed (its proper end written) only when the stream ended properly: a broken
        // stream's cut must not be preceded by the end that tells an HTTP reader the answer is whole.
        OutputStream out = res.outputStream();
        try (ChunkSource chunks = s.chunks();
                ClientWatch.Watched watch = CLIENTS.watch(out, chunks)) {
            try {
                if (!chunks.ready()) {
                    watch.willWait(); // the first payload is not here yet (the pipeline stopped waiting for it)
                }
                for (String payload = chunks.next(); payload != null; payload = chunks.next()) {
                    watch.lock();
                    try {
                        if (!anthropic) {
                            out.write(DATA);
                        }
                        out.write(payload.getBytes(StandardCharsets.UTF_8));
                        out.write(END_OF_EVENT);
                        if (!chunks.ready()) {
                            // Nothing more is here yet: what was written goes out now. Payloads that
                            // arrived together (often a whole stream from a fast upstream) share one write.
                            out.flush();
                            watch.willWait();
                        }
                        watch.wrote();
                    } finally {
                        watch.unlock();
                    }
                }
                end(watch, out, anthropic ? NOTHING : DONE);
            } catch (GatewayException failure) {
                LOG.log(Level.INFO, "stream failed after it started: {0}", failure.getMessage());
                end(watch, out, anthropic ? MessagesErrors.event(failure) : errorEvent(failure));
                // Sent now: the cut below sends nothing that is still buffered.
                out.flush();
                broken = true;
            }
        } catch (IOException | UncheckedIOException clientGone) {
            // The client went away: closing the chunk source (above) cancelled the upstream call.
            LOG.log(Level.DEBUG, "client closed the stream: {0}", clientGone.getMessage());
            return;
        }
        if (broken) {
            // A proper end of the body (the terminating chunk) would tell a plain HTTP reader the answer is whole.
            throw abort.cut("stream failed after it started");
        }
        try {
            out.close();
        } catch (IOException clientGone) {
            LOG.log(Level.DEBUG, "client closed the stream: {0}", clientGone.getMessage());
        }
    }

    /** Writes the stream's last bytes; the client watch writes nothing after them. */
    private static void end(ClientWatch.Watched watch, OutputStream out, byte[] last) throws IOException {
        watch.lock();
        try {
            watch.ended();
            out.write(last);
        } finally {
            watch.unlock();
        }
    }

    private static byte[] errorEvent(GatewayException failure) {
        byte[] error = ErrorBodies.json(failure);
        byte[] event = new byte[DATA.length + error.length + END_OF_EVENT.length];
        System.arraycopy(DATA, 0, event, 0, DATA.length);
        System.arraycopy(error, 0, event, DATA.length, error.length);
        System.arraycopy(END_OF_EVENT, 0, event, DATA.length + error.length, END_OF_EVENT.length);
        return event;
    }

    private static void headers(ServerResponse res, Map<String, String> headers) {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            res.header(HeaderValues.create(name(h.getKey()), h.getValue()));
        }
    }

    /** Header names seen so far (gateway headers and the providers' forwarded ones), made once. */
    private static final ConcurrentHashMap<String, HeaderName> NAMES = new ConcurrentHashMap<>();

    private static final int MAX_NAMES = 512;

    private static HeaderName name(String name) {
        HeaderName n = NAMES.get(name);
        if (n == null) {
            n = HeaderNames.create(name);
            if (NAMES.size() < MAX_NAMES) {
                NAMES.put(name, n);
            }
        }
        return n;
    }
}
