package io.jetway.gateway.server;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.IdGenerator;
import io.jetway.gateway.core.RequestMetadata;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.pipeline.GatewayAuth;
import io.jetway.gateway.pipeline.PassthroughTargets;
import io.jetway.gateway.requestlog.RequestLog;
import io.jetway.gateway.server.http.ConnectionAbort;
import io.jetway.gateway.server.http.HttpRequest;
import io.jetway.gateway.server.http.HttpResponse;
import io.jetway.gateway.store.RequestLogEntry;
import io.jetway.gateway.upstream.Http1UpstreamClient;
import io.jetway.gateway.upstream.UpstreamClient;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The rest of OpenAI's API under {@code /v1} ({@code /v1/files}, {@code /v1/batches},
 * {@code /v1/audio/*}, {@code /v1/responses} …), passed through to OpenAI-format providers unread:
 * the gateway key is checked from the headers and the target resolved ({@link PassthroughTargets})
 * before any byte of the body is read; then the body is copied to the provider as it arrives
 * (multipart uploads of any size, never held whole) and the answer back as it arrives, flushed per
 * read (SSE, audio, file contents). Hop-by-hop and gateway headers stay here; the provider's status,
 * headers and body reach the caller unchanged. Each request is counted
 * ({@code jetway_passthrough_requests_total{provider,endpoint,status}},
 * {@code jetway_passthrough_duration_seconds}) and logged to the request log (no bodies).
 *
 * <p>Why a hand-written route and not a generated service: OpenAPI cannot describe a catch-all path
 * (a path parameter never spans {@code /}), and the generated operations read and parse the body,
 * which a passthrough must not. {@code openapi.yaml} documents the passthrough for readers; this
 * route serves it, registered after the generated routes so that those win.
 */
public final class PassthroughEndpoint implements HttpService {

    private static final Set<String> METHODS = Set.of("GET", "POST", "DELETE", "PUT", "PATCH");
    /** Never forwarded: hop-by-hop (RFC 9110 7.6.1), framing (the client's own), and the gateway's credentials. */
    private static final Set<String> DROPPED_REQUEST = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "host",
            "content-length",
            "content-encoding",
            "expect",
            "authorization",
            "x-api-key",
            "api-key");

    private static final Set<String> DROPPED_RESPONSE = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "content-length");
    /** The metrics' endpoint label: the first segment below /v1 when it is one of OpenAI's, else "other" (bounded). */
    private static final Set<String> ENDPOINTS = Set.of(
            "files",
            "uploads",
            "batches",
            "images",
            "audio",
            "moderations",
            "responses",
            "completions",
            "embeddings",
            "models",
            "fine_tuning",
            "vector_stores",
            "assistants",
            "threads",
            "conversations",
            "containers",
            "evals",
            "realtime",
            "chatkit",
            "videos");

    private static final int BUFFER = 16 * 1024;

    private final GatewayAuth auth;
    private final Consumer<String> authRefused;
    private final PassthroughTargets targets;
    private final UpstreamClient upstream;
    private final Duration upstreamTimeout;
    private final RequestLog requestLog;
    private final MeterRegistry registry;
    private final IdGenerator ids;
    private final Clock clock;
    /** The caller's request limits (null: none configured); passthrough calls are counted, never metered. */
    private final io.jetway.gateway.limits.LimitsInterceptor limits;

    private final ConcurrentHashMap<List<String>, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<List<String>, Timer> durations = new ConcurrentHashMap<>();

    public PassthroughEndpoint(
            GatewayAuth auth,
            Consumer<String> authRefused,
            PassthroughTargets targets,
            UpstreamClient upstream,
            Duration upstreamTimeout,
            RequestLog requestLog,
            MeterRegistry registry,
            IdGenerator ids,
            Clock clock,
            io.jetway.gateway.limits.LimitsInterceptor limits) {
        this.limits = limits;
        this.auth = auth;
        this.authRefused = authRefused;
        this.targets = targets;
        this.upstream = upstream;
        this.upstreamTimeout = upstreamTimeout;
        this.requestLog = requestLog;
        this.registry = registry;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(this::handle);
    }

    private void handle(ServerRequest request, ServerResponse response) throws IOException {
        RoutedRequest routed = (RoutedRequest) request;
        HttpRequest http = routed.http();
        String path = http.path();
        if (!path.startsWith("/v1/")
                || path.equals("/v1/")
                || path.equals("/v1/admin")
                || path.startsWith("/v1/admin/")) {
            response.next(); // not OpenAI's API: the gateway's 404 (or the admin API's own routes)
            return;
        }
        String method = http.method();
        if (!METHODS.contains(method)) {
            throw new GatewayException(
                    405,
                    GatewayException.INVALID_REQUEST,
                    method + " is not allowed on " + "passthrough endpoints: use GET, POST, PUT, PATCH or DELETE.",
                    null,
                    "method_not_allowed");
        }
        try {
            auth.authenticate(http.header("x-portkey-api-key"));
        } catch (GatewayException refused) {
            authRefused.accept(refused.code());
            throw refused;
        }
        Outcome o = new Outcome(
                http,
                clock.instant(),
                System.nanoTime(),
                endpointLabel(path.substring(3)),
                ChatCompletionsEndpoint.traceId(request, ids));
        try {
            o.metadata = RequestMetadata.parse(http.header("x-portkey-metadata"));
            PassthroughTargets.Resolved target =
                    targets.resolve(path.substring(3), http.rawQuery(), http::header, providerKey(http));
            o.provider = target.provider();
            // The caller's requests per minute count these calls too (and a spent allowance or budget
            // refuses them); their usage is never read, so tokens and cost are not charged.
            java.util.Map<String, String> rateHeaders = limits == null
                    ? java.util.Map.of()
                    : limits.admitUnmetered(
                            http.header("x-portkey-api-key"), http.header("x-portkey-virtual-key"), o.metadata);
            Duration timeout = requestTimeout(http.header("x-portkey-request-timeout"));
            UpstreamRequest call = new UpstreamRequest(
                    target.uri(),
                    forwarded(http, target.headers()),
                    new byte[0],
                    timeout == null ? upstreamTimeout : timeout,
                    timeout != null);
            boolean encoded = http.header("content-encoding") != null; // the server decoded it: length unknown
            String declared = http.header("content-length");
            long length = !http.hasBody() ? 0 : encoded || declared == null ? -1 : Long.parseLong(declared.strip());
            UpstreamResponse answer;
            try {
                answer = upstream.send(method, call, http.body(), length);
            } catch (Http1UpstreamClient.CallerBodyException e) {
                throw switch (e.getCause()) {
                    case RuntimeException r -> r;
                    case IOException io -> new UncheckedIOException(io);
                    default -> e;
                };
            }
            try (answer) {
                o.status = answer.status();
                if (o.status >= 400) {
                    o.error = "the provider answered " + o.status;
                }
                o.stream = String.valueOf(answer.header("content-type"))
                        .toLowerCase(Locale.ROOT)
                        .startsWith("text/event-stream");
                HttpResponse out = ((RoutedResponse) response).http();
                out.status(o.status);
                answer.forEachHeader((name, value) -> {
                    if (!DROPPED_RESPONSE.contains(name.toLowerCase(Locale.ROOT))) {
                        out.header(name, value);
                    }
                });
                out.header("x-portkey-trace-id", o.traceId);
                out.header("x-portkey-provider", o.provider);
                rateHeaders.forEach(out::header);
                if (o.status == 204 || o.status == 304) {
                    o.finish();
                    out.send(new byte[0]); // no body may follow these
                } else {
                    relay(answer.body(), out.stream(), o);
                }
            }
        } catch (GatewayException e) {
            o.status = e.status();
            o.error = e.getMessage();
            throw e;
        } catch (ConnectionAbort e) {
            o.error = "the answer broke off: " + e.getMessage();
            throw e;
        } catch (UncheckedIOException e) {
            o.error = "the client went away";
            throw e;
        } finally {
            o.finish();
        }
    }

    /** What one request's log entry and metrics say, filled in as it goes; {@link #finish} records them once. */
    private final class Outcome {
        final HttpRequest http;
        final Instant received;
        final long started;
        final String endpoint;
        final String traceId;
        String provider;
        int status;
        Double firstByteMs;
        boolean stream;
        String error;
        Map<String, String> metadata;
        private boolean finished;

        Outcome(HttpRequest http, Instant received, long started, String endpoint, String traceId) {
            this.http = http;
            this.received = received;
            this.started = started;
            this.endpoint = endpoint;
            this.traceId = traceId;
        }

        void firstByte() {
            if (firstByteMs == null) {
                firstByteMs = (System.nanoTime() - started) / 1e6;
            }
        }

        /** Before the answer's end reaches the client, so that a log query after it sees this request. */
        void finish() {
            if (finished) {
                return;
            }
            finished = true;
            double totalMs = (System.nanoTime() - started) / 1e6;
            String p = provider == null ? "none" : provider; // refused before a provider was chosen, as for chat
            record(p, endpoint, status, totalMs);
            requestLog.offer(new RequestLogEntry(
                    requestLog.newId(received),
                    received,
                    traceId,
                    http.header("x-portkey-span-id"),
                    http.header("x-portkey-parent-span-id"),
                    http.header("x-portkey-span-name"),
                    metadata,
                    p,
                    null,
                    null,
                    stream,
                    status,
                    0,
                    "DISABLED",
                    null,
                    null,
                    firstByteMs,
                    totalMs,
                    error,
                    null,
                    null,
                    false));
        }
    }

    /**
     * Copies the answer as it arrives, flushing after each read (an SSE event or a piece of audio goes
     * out when it came in). A provider's answer that breaks off cuts the client's connection: a
     * truncated answer must look truncated. The request is recorded before the answer's end is sent.
     */
    private static void relay(InputStream in, OutputStream out, Outcome o) {
        byte[] buf = new byte[BUFFER];
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (IOException | UncheckedIOException e) {
                throw new ConnectionAbort("the provider's answer broke off: " + e.getMessage());
            }
            if (n < 0) {
                break;
            }
            o.firstByte();
            try {
                out.write(buf, 0, n);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // the client is gone: the connection closes
            }
        }
        o.finish();
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The caller's headers, less hop-by-hop, framing and gateway headers, then the provider's credentials. */
    private static Map<String, String> forwarded(HttpRequest http, Map<String, String> credentials) {
        Map<String, String> headers = new LinkedHashMap<>(16);
        List<String> names = http.headerNames();
        List<String> values = http.headerValues();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String lower = name.toLowerCase(Locale.ROOT);
            if (DROPPED_REQUEST.contains(lower) || lower.startsWith("x-portkey-")) {
                continue;
            }
            headers.merge(lower, values.get(i), (a, b) -> a + ", " + b);
        }
        headers.putAll(credentials);
        return headers;
    }

    private static String providerKey(HttpRequest http) {
        String v = http.header("authorization");
        if (v == null || v.isBlank()) {
            return null;
        }
        String s = v.strip();
        s = s.regionMatches(true, 0, "Bearer ", 0, 7) ? s.substring(7).strip() : s;
        return s.isEmpty() ? null : s;
    }

    private static Duration requestTimeout(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            long ms = Long.parseLong(v.strip());
            if (ms > 0 && ms <= Target.MAX_REQUEST_TIMEOUT_MS) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw GatewayException.invalidRequest(
                "x-portkey-request-timeout must be a positive number of milliseconds, " + "at most "
                        + Target.MAX_REQUEST_TIMEOUT_MS + " (1 hour).",
                "x-portkey-request-timeout");
    }

    private static String endpointLabel(String below) {
        int end = below.indexOf('/', 1);
        String first = below.substring(1, end < 0 ? below.length() : end);
        return ENDPOINTS.contains(first) ? first : "other";
    }

    private void record(String provider, String endpoint, int status, double totalMs) {
        requests.computeIfAbsent(
                        List.of(provider, endpoint, Integer.toString(status)),
                        k -> Counter.builder("jetway.passthrough.requests")
                                .description(
                                        "Passthrough requests (OpenAI's API beyond chat), by provider, endpoint and status")
                                .tags("provider", k.get(0), "endpoint", k.get(1), "status", k.get(2))
                                .register(registry))
                .increment();
        durations
                .computeIfAbsent(
                        List.of(provider, endpoint),
                        k -> Timer.builder("jetway.passthrough.duration")
                                .description("Passthrough request time, to the answer's last byte")
                                .tags("provider", k.get(0), "endpoint", k.get(1))
                                .register(registry))
                .record((long) (totalMs * 1e6), TimeUnit.NANOSECONDS);
    }
}
