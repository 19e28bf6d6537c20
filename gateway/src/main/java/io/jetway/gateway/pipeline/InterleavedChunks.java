package io.jetway.gateway.pipeline;

import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The streams of the calls {@link ChoicesInterceptor} made for one request, as one stream: each call's
 * chunks are read by a virtual thread of its own as they arrive and handed on in the order they
 * arrived, made chunks of the one answer by {@link MergedChoices.Chunks} (the call's place as the
 * choice's index). The stream ends after every call ended properly, with the chunks that finish the
 * choices and then the one usage chunk when the calls sent theirs. A call's failure is the stream's: the chunks that arrived before it are handed on,
 * then it is thrown, and the other calls are cancelled.
 *
 * <p>The calls are read ahead of the client: what the client has not taken yet waits in memory (at
 * most the answers themselves). {@link #close()} and {@link #cancel()} cancel the calls still running;
 * each reader closes its own call's source when it is done.
 */
final class InterleavedChunks implements ChunkSource {

    private sealed interface Event {}

    private record Chunk(int call, String payload) implements Event {}

    private record Ended(int call) implements Event {}

    private record Failed(int call, RuntimeException failure) implements Event {}

    private final BlockingQueue<Event> arrived = new LinkedBlockingQueue<>();
    private final List<Reader> readers;
    private final MergedChoices.Chunks merge;
    /** Payloads ready for the client, in order. */
    private final ArrayDeque<String> out = new ArrayDeque<>();

    private int running;
    private RuntimeException failure;

    /**
     * @param calls the calls' sources, in call order, each with its first payload already pulled (the
     *              first call's is taken here, without waiting, for the merged stream's id)
     */
    InterleavedChunks(List<ChunkSource> calls) {
        String first = null;
        RuntimeException failedFirst = null;
        try {
            first = calls.getFirst().next();
        } catch (RuntimeException e) {
            failedFirst = e;
        }
        merge = new MergedChoices.Chunks(MergedChoices.Chunks.id(first), calls.size());
        running = calls.size();
        if (failedFirst != null) {
            arrived.add(new Failed(0, failedFirst));
        } else if (first != null) {
            arrived.add(new Chunk(0, first));
        }
        List<Reader> started = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            Reader r = new Reader(i, calls.get(i));
            started.add(r);
            if (i == 0 && (failedFirst != null || first == null)) {
                r.ended = true;
                if (failedFirst == null) {
                    arrived.add(new Ended(0));
                }
                calls.getFirst().close();
            } else {
                Thread.ofVirtual().name("jetway-choice-" + i).start(r);
            }
        }
        readers = started;
    }

    @Override
    public String next() {
        while (out.isEmpty() && failure == null && running > 0) {
            try {
                handle(arrived.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                throw new GatewayException(
                        503,
                        GatewayException.SERVER,
                        "The gateway stopped while the answer " + "was streaming; please retry.",
                        null,
                        null);
            }
        }
        if (!out.isEmpty()) {
            return out.poll();
        }
        if (failure != null) {
            throw failure;
        }
        return null;
    }

    /** Exact: what arrived is handled here, without waiting, so that a true answer holds for {@link #next()}. */
    @Override
    public boolean ready() {
        Event e;
        while (out.isEmpty() && failure == null && running > 0 && (e = arrived.poll()) != null) {
            handle(e);
        }
        return !out.isEmpty() || failure != null || running == 0;
    }

    private void handle(Event event) {
        switch (event) {
            case Chunk c -> {
                String payload = merge.chunk(c.payload(), c.call());
                if (payload != null) {
                    out.add(payload);
                }
            }
            case Ended e -> {
                if (--running == 0) {
                    out.addAll(merge.end());
                }
            }
            case Failed f -> {
                failure = f.failure();
                running = 0;
                cancel();
            }
        }
    }

    /** Cancels the calls still running (thread-safe: the client watch calls it). */
    @Override
    public void cancel() {
        for (Reader r : readers) {
            if (!r.ended) {
                r.source.cancel();
            }
        }
    }

    @Override
    public void close() {
        running = 0;
        cancel();
    }

    /** Reads one call's stream into {@link #arrived}. */
    private final class Reader implements Runnable {
        private final int call;
        private final ChunkSource source;
        private volatile boolean ended;

        Reader(int call, ChunkSource source) {
            this.call = call;
            this.source = source;
        }

        @Override
        public void run() {
            try {
                for (String p = source.next(); p != null; p = source.next()) {
                    arrived.add(new Chunk(call, p));
                }
                ended = true;
                arrived.add(new Ended(call));
            } catch (RuntimeException e) {
                ended = true;
                arrived.add(new Failed(call, e));
            } finally {
                source.close();
            }
        }
    }
}
