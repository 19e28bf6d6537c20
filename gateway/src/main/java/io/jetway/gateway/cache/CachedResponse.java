package io.jetway.gateway.cache;

import java.time.Instant;
import java.util.List;

/**
 * A stored successful answer: a whole JSON body, or the {@code data:} payloads of a stream that
 * ended normally (replayed as a fresh SSE stream, the server adding {@code [DONE]}).
 */
public sealed interface CachedResponse {

    /** The provider's 2xx status. */
    int status();

    /** When the answer stops being servable ({@code max_age} after it was stored). */
    Instant expiresAt();

    /** Approximate bytes held, for the in-process cache's size bound. */
    long weight();

    record Complete(int status, byte[] body, Instant expiresAt) implements CachedResponse {
        @Override
        public long weight() {
            return 64L + body.length;
        }
    }

    /** @param payloads the stream's {@code data:} payloads in order, without {@code [DONE]} */
    record Stream(int status, List<String> payloads, Instant expiresAt) implements CachedResponse {
        public Stream {
            payloads = List.copyOf(payloads);
        }

        @Override
        public long weight() {
            long w = 64;
            for (String p : payloads) {
                // Java strings hold up to two bytes per char; count what is held, not what is sent.
                w += 40L + 2L * p.length();
            }
            return w;
        }
    }
}
