package io.jetway.gateway.core;

import java.util.Map;
import java.util.function.Supplier;

/**
 * What the pipeline answers: a complete JSON body, or a stream of {@code data:} payloads that the
 * server writes as SSE as they are pulled. Interceptors (cache, retry) can wrap either.
 */
public sealed interface GatewayResponse {

    int status();

    /** Response headers besides content type and length (mutable: interceptors add theirs). */
    Map<String, String> headers();

    /**
     * What the provider's translation learnt about the answer: id, model, finish reasons, token
     * usage ({@link CallFacts}). For a stream, what is known so far: all of it once the stream has
     * ended. {@link CallFacts#UNKNOWN} for an answer no provider call made (a cache hit).
     */
    CallFacts facts();

    /** A whole {@code chat.completion} (or other JSON) body. */
    record Complete(int status, Map<String, String> headers, byte[] body, CallFacts facts) implements GatewayResponse {

        /** An answer without facts (a cache hit, an error body). */
        public Complete(int status, Map<String, String> headers, byte[] body) {
            this(status, headers, body, CallFacts.UNKNOWN);
        }
    }

    /** A {@code chat.completion.chunk} stream; the server adds {@code data: [DONE]} after a normal end. */
    record Streaming(int status, Map<String, String> headers, ChunkSource chunks, Supplier<CallFacts> factsSource)
            implements GatewayResponse {

        /** A stream without facts (a cache hit). */
        public Streaming(int status, Map<String, String> headers, ChunkSource chunks) {
            this(status, headers, chunks, null);
        }

        /** The same stream's facts over other chunks (a wrapper that observes or records them). */
        public Streaming withChunks(ChunkSource other) {
            return new Streaming(status, headers, other, factsSource);
        }

        @Override
        public CallFacts facts() {
            return factsSource == null ? CallFacts.UNKNOWN : factsSource.get();
        }
    }
}
