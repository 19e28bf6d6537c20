package io.jetway.gateway.core;

import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * The gateway's contact with the world besides I/O: time, waiting, randomness, ids. Injected
 * everywhere they are needed so tests can pin them.
 */
public record Effects(Clock clock, Sleeper sleeper, RandomGenerator random, IdGenerator ids) {

    public static Effects system() {
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        return new Effects(Clock.systemUTC(), Sleeper.system(), random, IdGenerator.random(random));
    }
}
