package io.jetway.gateway.upstream;

import io.jetway.gateway.core.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;

/**
 * Upstream calls over OkHttp's blocking API, on the request's own virtual thread: the thread that
 * writes the request reads the answer, with no hand-off in between.
 *
 * <p>Why not Helidon's WebClient (used before): every connection it returns to its pool starts a
 * new virtual thread that polls the idle socket (101 ms timed reads) to notice a server closing it;
 * the next answer's first byte is read by that thread and handed back through a future. Per
 * request that is a thread start, a timed park, and one more wake-up on the path of every answer
 * (found with async-profiler, bench/README.md). OkHttp instead checks a pooled connection when it
 * takes it (a connection idle for a while gets a 1 ms read probe) and retries a request whose
 * reused connection turned out to be closed before the request was sent.
 *
 * <p>Settings: redirects not followed (a provider redirect is an error to surface); HTTP/1.1 only;
 * up to {@link #MAX_IDLE_CONNECTIONS} idle keep-alive connections kept for
 * {@link #KEEP_ALIVE_SECONDS} s (as {@link Http1UpstreamClient}: OkHttp's own cleanup closes them);
 * {@code Accept-Encoding: identity} unless a provider call sets it (answers pass through
 * byte for byte, and a stream is never held back by a compressor); no proxy lookup unless the JVM
 * has a proxy configured.
 *
 * <p>The same contract as {@link Http1UpstreamClient} where OkHttp allows it: the request body is
 * one-shot, so OkHttp never sends a request again once the exchange started (a reused connection
 * that ends without an answer is a 502, not a second, possibly charged, request); the request's
 * timeout bounds the whole exchange of an answer read with {@link UpstreamResponse#readAll} (a
 * watchdog cancels the call at the deadline) and each wait of one read as a stream. Not matched:
 * bytes an upstream sends beyond its answer's framing are not detected before reuse.
 */
public final class OkHttpUpstreamClient implements UpstreamClient {

    /** Idle keep-alive connections kept across all providers (OkHttp's default is 5). */
    static final int MAX_IDLE_CONNECTIONS = 256;
    /** How long an idle connection is kept. */
    static final int KEEP_ALIVE_SECONDS = 60;
    /** Cancels calls whose exchange outlived its deadline: one daemon thread for all. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();
    /** Clients per distinct timeout, kept (they share the pool); beyond this, one is made per call. */
    private static final int MAX_TIMEOUT_CLIENTS = 64;

    private final OkHttpClient base;
    private final ConcurrentHashMap<Duration, OkHttpClient> byTimeout = new ConcurrentHashMap<>();

    public OkHttpUpstreamClient(Duration connectTimeout) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .followRedirects(false)
                .followSslRedirects(false)
                .protocols(List.of(Protocol.HTTP_1_1))
                .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS));
        if (!systemProxyConfigured(System.getProperties())) {
            // Asking the system proxy selector on every request showed in the profile; with none
            // configured its answer is always "direct".
            builder.proxy(Proxy.NO_PROXY);
        }
        this.base = builder.build();
    }

    /**
     * Whether the JVM is configured to use a proxy (the properties the default
     * {@link java.net.ProxySelector} reads), in which case upstream calls keep asking it.
     */
    static boolean systemProxyConfigured(Properties props) {
        for (String p : new String[] {"http.proxyHost", "https.proxyHost", "socksProxyHost"}) {
            String v = props.getProperty(p);
            if (v != null && !v.isBlank()) {
                return true;
            }
        }
        java.net.ProxySelector selector = java.net.ProxySelector.getDefault();
        return Boolean.parseBoolean(props.getProperty("java.net.useSystemProxies"))
                || selector != null && !selector.getClass().getName().equals("sun.net.spi.DefaultProxySelector");
    }

    /** The client whose read and write timeouts are {@code timeout} (the limit on each wait). */
    private OkHttpClient client(Duration timeout) {
        OkHttpClient c = byTimeout.get(timeout);
        if (c == null) {
            c = base.newBuilder().readTimeout(timeout).writeTimeout(timeout).build();
            if (byTimeout.size() < MAX_TIMEOUT_CLIENTS) {
                byTimeout.putIfAbsent(timeout, c);
            }
        }
        return c;
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        Call call;
        try {
            // The raw string keeps percent-escapes as they are (%3A, %2F in Bedrock ARNs stay encoded,
            // which SigV4 signatures over the path depend on).
            Request.Builder http =
                    new Request.Builder().url(HttpUrl.get(request.uri().toString()));
            if (request.body() == null) {
                http.get();
            } else {
                http.post(new OneShot(request.body()));
            }
            boolean acceptEncoding = false;
            for (Map.Entry<String, String> h : request.headers().entrySet()) {
                http.header(h.getKey(), h.getValue());
                acceptEncoding |= h.getKey().equalsIgnoreCase("accept-encoding");
            }
            if (!acceptEncoding) {
                http.header("Accept-Encoding", "identity");
            }
            call = client(request.timeout()).newCall(http.build());
        } catch (IllegalArgumentException e) {
            throw GatewayException.badGateway("The request for the provider at "
                    + request.uri().getHost() + " could not be made: " + e.getMessage() + ".");
        }
        Deadline deadline = new Deadline(call, request);
        try {
            return new OkResponse(call, call.execute(), request, deadline);
        } catch (IOException | RuntimeException e) {
            deadline.cancel();
            throw UpstreamFailures.map(
                    deadline.passed ? deadline.timeout() : e,
                    request,
                    "connecting or waiting for the response headers");
        }
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("jetway-okhttp-deadlines").factory());
        w.setRemoveOnCancelPolicy(true);
        return w;
    }

    /** The exchange's deadline: at it, the call is cancelled (its blocked read or write then fails). */
    private static final class Deadline {
        private final Duration timeout;
        private final ScheduledFuture<?> cut;
        volatile boolean passed;

        Deadline(Call call, UpstreamRequest request) {
            this.timeout = request.timeout();
            long spent = request.startedNanos() != 0 ? System.nanoTime() - request.startedNanos() : 0;
            this.cut = WATCHDOG.schedule(
                    () -> {
                        passed = true;
                        call.cancel();
                    },
                    Math.max(1, timeout.toNanos() - spent),
                    TimeUnit.NANOSECONDS);
        }

        void cancel() {
            cut.cancel(false);
        }

        SocketTimeoutException timeout() {
            return new SocketTimeoutException("no answer within " + timeout.toMillis() + " ms");
        }
    }

    /**
     * A request body OkHttp may write once only: it then never sends the request again on its own
     * (it would after a reused connection failed, even once the server had read the request).
     */
    private static final class OneShot extends RequestBody {
        private final byte[] bytes;

        OneShot(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public MediaType contentType() {
            return null;
        }

        @Override
        public long contentLength() {
            return bytes.length;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            sink.write(bytes);
        }

        @Override
        public boolean isOneShot() {
            return true;
        }
    }

    private static final class OkResponse implements UpstreamResponse {
        private final Call call;
        private final Response response;
        private final UpstreamRequest request;
        private final Body body;
        private final Deadline deadline;
        /** Set by {@link #readAll}, which reads through {@link #body()}: the deadline stays. */
        private boolean readingWhole;

        OkResponse(Call call, Response response, UpstreamRequest request, Deadline deadline) {
            this.call = call;
            this.response = response;
            this.request = request;
            this.deadline = deadline;
            ResponseBody b = response.body();
            this.body = new Body(b == null ? InputStream.nullInputStream() : b.byteStream(), deadline);
        }

        @Override
        public int status() {
            return response.code();
        }

        @Override
        public String header(String name) {
            return response.header(name);
        }

        @Override
        public void forEachHeader(java.util.function.BiConsumer<String, String> action) {
            Headers headers = response.headers();
            for (int i = 0, n = headers.size(); i < n; i++) {
                action.accept(headers.name(i), headers.value(i));
            }
        }

        /** The body as a stream: each wait has the request's timeout (OkHttp's read timeout), not the deadline. */
        @Override
        public InputStream body() {
            if (!readingWhole) {
                deadline.cancel();
            }
            return body;
        }

        /** The whole body, within the exchange's deadline. */
        @Override
        public byte[] readAll() {
            readingWhole = true;
            ResponseBody b = response.body();
            long declared = b == null ? 0 : b.contentLength();
            return Bodies.readAnswer(this, declared, request);
        }

        /**
         * A body read to its end leaves its connection to the pool. One abandoned before its end
         * (the client went away, the stream failed) is cancelled first: OkHttp would otherwise
         * spend up to 100 ms reading the rest of it to save the connection, and an LLM stream is
         * still flowing.
         */
        @Override
        public void close() {
            deadline.cancel();
            if (!body.ended) {
                call.cancel();
            }
            try {
                response.close();
            } catch (RuntimeException ignored) {
                // Closing a broken connection may fail again; the connection is discarded either way.
            }
        }
    }

    /** The response body, noting whether it was read to its end; a read cut off by the deadline is a timeout. */
    private static final class Body extends InputStream {
        private final InputStream in;
        private final Deadline deadline;
        volatile boolean ended;

        Body(InputStream in, Deadline deadline) {
            this.in = in;
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = in.read();
            } catch (IOException e) {
                throw deadline.passed ? deadline.timeout() : e;
            }
            if (b < 0) {
                ended = true;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(buf, off, len);
            } catch (IOException e) {
                throw deadline.passed ? deadline.timeout() : e;
            }
            if (n < 0) {
                ended = true;
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
