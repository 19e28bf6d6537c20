package io.jetway.gateway.pipeline;

import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.provider.ProviderCall;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * OpenAI's {@code n} for providers that answer one choice per call ({@code supportsN} false: Anthropic,
 * Bedrock, Cohere, Claude on Vertex, OpenAI-compatible providers without {@code n}): the provider call
 * below runs once per choice, all at once, and the answers become one with choices {@code 0..n-1}
 * ({@link MergedChoices}; streams interleaved as they arrive by {@link InterleavedChunks}). At most
 * {@link #MAX_CALLS} calls: a larger {@code n} is a 400 for such a provider. Providers that take
 * {@code n} get it in their one call, and this step does nothing.
 *
 * <p>The calls are one attempt: if any fails before the answer goes to the client (a whole answer, or
 * a stream before its first chunk), the attempt fails with that failure (the first call's when it
 * failed, else the first to fail) and what the others answered is closed unread, so routing retries or
 * falls back as for one call. A stream that fails later ends with that call's error event.
 *
 * <p>Threads: the first call runs on the request's thread (so the attempt's observation sees it: its
 * status and its wait, which the others overlap), the others on virtual threads of their own. They
 * share the exchange: the provider call below only reads it.
 */
final class ChoicesInterceptor implements Interceptor {

    /** The most calls one request makes (its {@code n}) on a provider that answers one choice per call. */
    static final int MAX_CALLS = 8;

    /**
     * How many upstream calls the prepared call stands for: the request's {@code n} (from
     * {@code override_params} when set there) on a provider that answers one choice per call, else 1.
     */
    static int calls(PreparedCall prepared) {
        ProviderCall call = prepared.call();
        if (prepared.provider().supportsN(call)) {
            return 1;
        }
        Integer n = call.effective().body().getN();
        return n == null || n < 1 ? 1 : n;
    }

    @Override
    public GatewayResponse intercept(Chain chain) {
        PreparedCall prepared = chain.exchange().prepared();
        int n = calls(prepared);
        if (n == 1) {
            return chain.proceed();
        }
        if (n > MAX_CALLS) {
            throw GatewayException.invalidRequest(
                    prepared.provider().id() + " answers one choice per call, so the "
                            + "gateway makes one call per choice, at most " + MAX_CALLS + ": n must be at most "
                            + MAX_CALLS
                            + ", not " + n + ".",
                    "n");
        }
        BlockingQueue<Call> settled = new LinkedBlockingQueue<>();
        List<Call> others = new ArrayList<>(n - 1);
        for (int i = 1; i < n; i++) {
            Call other = new Call(chain, settled);
            others.add(other);
            Thread.ofVirtual().name("jetway-choice-" + i).start(other);
        }
        GatewayResponse first;
        try {
            first = chain.proceed();
        } catch (RuntimeException e) {
            others.forEach(Call::abandon);
            throw e;
        }
        for (int waiting = n - 1; waiting > 0; waiting--) {
            Call done;
            try {
                done = settled.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                discard(first);
                others.forEach(Call::abandon);
                throw new GatewayException(
                        503,
                        GatewayException.SERVER,
                        "The gateway stopped while waiting for the " + "provider's answers; please retry.",
                        null,
                        null);
            }
            if (done.failure != null) {
                discard(first);
                others.forEach(Call::abandon);
                throw done.failure;
            }
        }
        List<GatewayResponse> answers = new ArrayList<>(n);
        answers.add(first);
        others.forEach(c -> answers.add(c.answer));
        return merge(answers);
    }

    private static GatewayResponse merge(List<GatewayResponse> answers) {
        GatewayResponse first = answers.getFirst();
        return switch (first) {
            case GatewayResponse.Complete c -> {
                List<byte[]> bodies = new ArrayList<>(answers.size());
                List<CallFacts> facts = new ArrayList<>(answers.size());
                for (GatewayResponse a : answers) {
                    bodies.add(((GatewayResponse.Complete) a).body());
                    facts.add(a.facts());
                }
                yield new GatewayResponse.Complete(
                        c.status(), c.headers(), MergedChoices.completion(bodies), CallFacts.merged(facts));
            }
            case GatewayResponse.Streaming s -> {
                List<ChunkSource> streams = new ArrayList<>(answers.size());
                for (GatewayResponse a : answers) {
                    streams.add(((GatewayResponse.Streaming) a).chunks());
                }
                // Read when asked (at the stream's end): each call's facts are complete once all have ended.
                yield new GatewayResponse.Streaming(
                        s.status(),
                        s.headers(),
                        new InterleavedChunks(streams),
                        () -> CallFacts.merged(
                                answers.stream().map(GatewayResponse::facts).toList()));
            }
        };
    }

    /** Closes an answer nobody will read (a stream holds an upstream connection). */
    private static void discard(GatewayResponse answer) {
        if (answer instanceof GatewayResponse.Streaming s) {
            s.chunks().close();
        }
    }

    /** One call besides the first, on its own thread; settles once, with an answer or a failure. */
    private static final class Call implements Runnable {
        private final Chain chain;
        private final BlockingQueue<Call> settled;
        /** Set before the call is queued as settled; read after it is taken. */
        private GatewayResponse answer;

        private RuntimeException failure;
        private boolean abandoned;

        Call(Chain chain, BlockingQueue<Call> settled) {
            this.chain = chain;
            this.settled = settled;
        }

        @Override
        public void run() {
            GatewayResponse a = null;
            RuntimeException f = null;
            try {
                a = chain.proceed();
            } catch (RuntimeException e) {
                f = e;
            } catch (Error e) {
                // Settled all the same: the request's thread waits for every call.
                f = new IllegalStateException("a call for one of the choices failed: " + e, e);
            }
            synchronized (this) {
                if (abandoned) {
                    if (a != null) {
                        discard(a);
                    }
                    return;
                }
                answer = a;
                failure = f;
            }
            settled.add(this);
        }

        /** Nobody waits for this call any more: its answer is closed, now or when it comes. */
        synchronized void abandon() {
            abandoned = true;
            if (answer != null) {
                discard(answer);
                answer = null;
            }
        }
    }
}
