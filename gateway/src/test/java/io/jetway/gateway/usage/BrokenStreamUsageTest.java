package io.jetway.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.TokenUsage;
import org.junit.jupiter.api.Test;

class BrokenStreamUsageTest {

    @Test
    void aStreamThatReportedNothingIsEstimatedFromItsRequestAndTheChunksItRelayed() {
        TokenUsage u = CallUsage.ofBrokenStream(null, 400, 7);
        assertThat(u).isEqualTo(new TokenUsage(100, 0, 0, 7, 0, true));
    }

    @Test
    void whatTheProviderReportedBeforeTheBreakIsKeptAndTheRestEstimated() {
        // Anthropic's message_start: input (and cache) tokens known, output not yet.
        TokenUsage started = new TokenUsage(25, 5, 3, 1, 0, false);
        TokenUsage u = CallUsage.ofBrokenStream(started, 4000, 12);
        assertThat(u).isEqualTo(new TokenUsage(25, 5, 3, 12, 0, true));
    }

    @Test
    void reportedOutputAboveTheChunkCountIsKept() {
        TokenUsage u = CallUsage.ofBrokenStream(new TokenUsage(10, 0, 0, 40, 8, false), 100, 3);
        assertThat(u).isEqualTo(new TokenUsage(10, 0, 0, 40, 8, true));
    }
}
