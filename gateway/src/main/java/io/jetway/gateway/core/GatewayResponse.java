package io.jetway.gateway.core;

import java.util.Map;

/**
 * What the pipeline answers: a complete JSON body, or a stream of {@code data:} payloads that the
 * server writes as SSE as they are pulled. Interceptors (cache, retry) can wrap either.
 */
public sealed interface GatewayResponse {

    int status();

    /** Response headers besides content type and length (mutable: interceptors add theirs). */
    Map<String, String> headers();

    /** A whole {@code chat.completion} (or other JSON) body. */
    record Complete(int status, Map<String, String> headers, byte[] body) implements GatewayResponse {
    }

    /** A {@code chat.completion.chunk} stream; the server adds {@code data: [DONE]} after a normal end. */
    record Streaming(int status, Map<String, String> headers, ChunkSource chunks) implements GatewayResponse {
    }
}
