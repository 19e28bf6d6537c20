package io.jetway.gateway.core;

import java.util.UUID;
import java.util.random.RandomGenerator;

/** Source of generated ids (trace ids, completion ids). Injected so tests can pin them. */
public interface IdGenerator {

    /** A trace id for a request that brought none. */
    String traceId();

    /** Random UUIDs from the given generator (a fast non-cryptographic one is fine: ids are not secrets). */
    static IdGenerator random(RandomGenerator random) {
        return () -> new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }
}
