package io.jetway.client.sdk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;

/** A recording sleeper that moves a settable clock instead of waiting, and a jitter source that gives none. */
final class ClientTestSupport {

    private ClientTestSupport() {}

    static final class FakeTime extends Clock implements Sleeper {
        volatile Instant now = Instant.parse("2026-12-07T05:00:00Z");
        final List<Duration> pauses = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration d) {
            pauses.add(d);
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** nextDouble() == 0: the backoff is its full value, 0.5 s, 1 s, 2 s … */
    static final RandomGenerator NO_JITTER = () -> 0L;

    static JetwayClient.Builder client(FakeGateway gw, FakeTime time) {
        return JetwayClient.builder()
                .baseUrl(gw.url())
                .sleeper(time)
                .clock(time)
                .random(NO_JITTER)
                .timeouts(Timeouts.DEFAULTS.withRead(Duration.ofSeconds(5)));
    }

    static ChatRequest hello() {
        return ChatRequest.builder().model("gpt-4o-mini").addUserMessage("Hi").build();
    }
}
