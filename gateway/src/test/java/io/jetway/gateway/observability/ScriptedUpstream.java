package io.jetway.gateway.observability;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.upstream.UpstreamClient;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * An upstream client answering from a script, with no network. Waiting on the provider is
 * simulated by advancing a {@link ManualTicker}: by {@code sendMillis} when sent, by
 * {@code readMillis} for each body read that returns data (a stream returns one SSE event per read).
 */
final class ScriptedUpstream implements UpstreamClient {

    /** A ticker that only moves when told to. */
    static final class ManualTicker implements Ticker {
        long now = 1_000_000_000L;

        @Override
        public long nanos() {
            return now;
        }

        void advanceMillis(long millis) {
            now += millis * 1_000_000L;
        }
    }

    record Reply(
            int status,
            Map<String, String> headers,
            List<String> events,
            byte[] body,
            long sendMillis,
            long readMillis,
            GatewayException failure) {}

    private final ManualTicker ticker;
    private final Deque<Reply> script = new ArrayDeque<>();
    final List<UpstreamRequest> sent = new ArrayList<>();

    ScriptedUpstream(ManualTicker ticker) {
        this.ticker = ticker;
    }

    ScriptedUpstream json(int status, String body, long sendMillis, long readMillis) {
        script.add(new Reply(
                status,
                Map.of("content-type", "application/json"),
                null,
                body.getBytes(StandardCharsets.UTF_8),
                sendMillis,
                readMillis,
                null));
        return this;
    }

    /** SSE events ({@code data: <payload>}); a stream without {@code [DONE]} ends early. */
    ScriptedUpstream sse(List<String> payloads, boolean done, long sendMillis, long readMillis) {
        List<String> events = new ArrayList<>();
        for (String p : payloads) {
            events.add("data: " + p + "\n\n");
        }
        if (done) {
            events.add("data: [DONE]\n\n");
        }
        script.add(new Reply(
                200, Map.of("content-type", "text/event-stream"), events, null, sendMillis, readMillis, null));
        return this;
    }

    ScriptedUpstream failing(GatewayException failure, long sendMillis) {
        script.add(new Reply(0, Map.of(), null, null, sendMillis, 0, failure));
        return this;
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        sent.add(request);
        Reply reply = script.poll();
        if (reply == null) {
            throw new AssertionError("no scripted reply for " + request);
        }
        ticker.advanceMillis(reply.sendMillis());
        if (reply.failure() != null) {
            throw reply.failure();
        }
        return new UpstreamResponse() {
            private final Deque<byte[]> events = new ArrayDeque<>(
                    reply.events() == null
                            ? List.of()
                            : reply.events().stream()
                                    .map(e -> e.getBytes(StandardCharsets.UTF_8))
                                    .toList());

            @Override
            public int status() {
                return reply.status();
            }

            @Override
            public void forEachHeader(java.util.function.BiConsumer<String, String> action) {
                // no headers
            }

            @Override
            public String header(String name) {
                return reply.headers().get(name.toLowerCase(java.util.Locale.ROOT));
            }

            @Override
            public InputStream body() {
                return new InputStream() {
                    private byte[] current;
                    private int at;

                    @Override
                    public int read() throws IOException {
                        byte[] one = new byte[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (current == null || at == current.length) {
                            current = events.poll();
                            at = 0;
                            if (current == null) {
                                return -1;
                            }
                            ticker.advanceMillis(reply.readMillis());
                        }
                        int n = Math.min(len, current.length - at);
                        System.arraycopy(current, at, b, off, n);
                        at += n;
                        return n;
                    }
                };
            }

            @Override
            public byte[] readAll() {
                ticker.advanceMillis(reply.readMillis());
                return reply.body();
            }

            @Override
            public void close() {}
        };
    }
}
