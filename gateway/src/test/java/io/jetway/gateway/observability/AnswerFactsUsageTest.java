package io.jetway.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.TokenUsage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The usage the seam hands to usage, cost and limits: cached, cache-write and reasoning tokens included. */
class AnswerFactsUsageTest {

    @Test
    void aCompletionsUsageDetailsBecomeTheSharedTokenUsage() {
        String body = """
                {"id":"c","model":"o4-mini","choices":[],"usage":{"prompt_tokens":2006,"completion_tokens":300,
                 "total_tokens":2306,"prompt_tokens_details":{"cached_tokens":1920,"cache_write_tokens":40,
                 "audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":128,"audio_tokens":0}}}""";

        assertThat(AnswerFacts.ofCompletion(body.getBytes(StandardCharsets.UTF_8)).tokenUsage())
                .isEqualTo(new TokenUsage(2006, 1920, 40, 300, 128, false));
    }

    @Test
    void aStreamsUsageChunkGivesItsDetailsAndAnAnswerWithoutUsageGivesNone() {
        AnswerFacts first = AnswerFacts.ofChunk("{\"id\":\"c\",\"model\":\"m\",\"choices\":[{}],\"usage\":null}", true);
        AnswerFacts usage = AnswerFacts.ofChunk("{\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,"
                + "\"completion_tokens\":2,\"prompt_tokens_details\":{\"cached_tokens\":5}}}", false);

        assertThat(first.tokenUsage()).isNull();
        assertThat(first.with(usage).tokenUsage()).isEqualTo(new TokenUsage(7, 5, 0, 2, 0, false));
    }
}
