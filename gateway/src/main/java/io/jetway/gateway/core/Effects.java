package io.jetway.gateway.core;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The gateway's contact with the world besides I/O: time, waiting, randomness, ids. Injected
 * everywhere they are needed so tests can pin them.
 */
public record Effects(Clock clock, Sleeper sleeper, RandomGenerator random, IdGenerator ids) {

    /**
     * Real time and sleeping; randomness from {@link ThreadLocalRandom} (every request thread uses
     * it at once: a single seeded generator such as L64X128MixRandom is not safe to share and
     * could hand two requests the same id); time-ordered trace ids.
     */
    public static Effects system() {
        RandomGenerator random = new RandomGenerator() {
            @Override
            public long nextLong() {
                return ThreadLocalRandom.current().nextLong();
            }

            @Override
            public double nextDouble() {
                return ThreadLocalRandom.current().nextDouble();
            }

            @Override
            public int nextInt(int bound) {
                return ThreadLocalRandom.current().nextInt(bound);
            }
        };
        Clock clock = Clock.systemUTC();
        return new Effects(clock, Sleeper.system(), random, IdGenerator.timeOrdered(clock, random));
    }
}
