package io.jetway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The AOT cache's training run still drives the real request path: every answer it gets is the
 * expected one (it throws otherwise). One round here; the cache itself is made by {@code ./jetway build},
 * not by the tests.
 */
class AotTrainingTest {

    @Test
    void oneRoundOfTheTrainingWorkloadIsAnsweredAsExpected() throws Exception {
        // 4 chat shapes, plus on the first round a config with the cache, 2 refusals, /health, /metrics, a 404.
        assertThat(AotTraining.run(1)).isEqualTo(10);
    }
}
