package io.jetway.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnswerFactsTest {

    @Test
    void readsIdModelAndUsageFromACompletion() {
        AnswerFacts facts = AnswerFacts.ofCompletion(MetricsTest.COMPLETION.getBytes(StandardCharsets.UTF_8));

        assertThat(facts).isEqualTo(new AnswerFacts("chatcmpl-1", "gpt-4o-2024-08-06", 12, 5));
    }

    @Test
    void aCompletionWithoutUsageHasUnknownTokens() {
        AnswerFacts facts = AnswerFacts.ofCompletion("{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"message\":{\"usage\":{\"prompt_tokens\":1}}}]}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(facts).isEqualTo(new AnswerFacts("x", "m", -1, -1));
        assertThat(facts.hasUsage()).isFalse();
    }

    @Test
    void anUnreadableBodyKeepsWhatWasReadBeforeTheFault() {
        assertThat(AnswerFacts.ofCompletion("{\"id\":\"x\",\"model\":".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new AnswerFacts("x", null, -1, -1));
        assertThat(AnswerFacts.ofCompletion("[]".getBytes(StandardCharsets.UTF_8))).isEqualTo(AnswerFacts.NONE);
    }

    @Test
    void onlyAUsageKeyFollowedByAnObjectIsAUsageChunk() {
        assertThat(AnswerFacts.hasUsageObject("{\"choices\":[],\"usage\":{\"prompt_tokens\":1}}")).isTrue();
        assertThat(AnswerFacts.hasUsageObject("{\"choices\":[], \"usage\" :\n {\"prompt_tokens\":1}}")).isTrue();
        assertThat(AnswerFacts.hasUsageObject("{\"choices\":[],\"usage\":null}")).isFalse();
        assertThat(AnswerFacts.hasUsageObject("{\"choices\":[{\"delta\":{\"content\":\"\\\"usage\\\":{\"}}]}")).isFalse();
        assertThat(AnswerFacts.hasUsageObject("{\"choices\":[{\"delta\":{\"content\":\"usage\"}}]}")).isFalse();
    }

    @Test
    void chunksAreParsedOnlyWhenTheyCarryUsageOrTheIdIsStillWanted() {
        String plain = "{\"id\":\"c\",\"model\":\"m\",\"choices\":[],\"usage\":null}";
        String usage = "{\"id\":\"c\",\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2}}";

        assertThat(AnswerFacts.ofChunk(plain, false)).isSameAs(AnswerFacts.NONE);
        assertThat(AnswerFacts.ofChunk(plain, true)).isEqualTo(new AnswerFacts("c", "m", -1, -1));
        assertThat(AnswerFacts.ofChunk(usage, false)).isEqualTo(new AnswerFacts("c", "m", 7, 2));
        assertThat(new AnswerFacts("first", "m", -1, -1).with(new AnswerFacts("later", null, 7, 2)))
                .isEqualTo(new AnswerFacts("first", "m", 7, 2));
    }
}
