package io.jetway.gateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The facts of OpenAI-format answers and chunks that pass through unchanged. */
class OpenAiFactsTest {

    @Test
    void aWholeAnswerGivesItsIdModelFinishReasonsAndUsageInTheSamePassAsItsCheck() {
        CallFacts.Recorder facts = new CallFacts.Recorder();
        byte[] body = ("{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"index\":1,\"finish_reason\":\"length\","
                        + "\"message\":{\"usage\":{\"prompt_tokens\":99}}},{\"index\":0,\"finish_reason\":\"stop\"}, 7],"
                        + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"prompt_tokens_details\":"
                        + "{\"cached_tokens\":3,\"cache_write_tokens\":1},\"completion_tokens_details\":{\"reasoning_tokens\":2}}}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(OpenAiAnswers.checked("openai", body, facts)).isSameAs(body);

        assertThat(facts.facts())
                .isEqualTo(new CallFacts("x", "m", List.of("stop", "length"), new TokenUsage(12, 3, 1, 5, 2, false)));
    }

    @Test
    void aChunkMayHoldFactsOnlyWithAUsageObjectOrAFinishReasonKeyNotInsideAString() {
        assertThat(OpenAiFacts.mayHoldFacts("{\"choices\":[],\"usage\":{\"prompt_tokens\":1}}"))
                .isTrue();
        assertThat(OpenAiFacts.mayHoldFacts("{\"choices\":[], \"usage\" :\n {\"prompt_tokens\":1}}"))
                .isTrue();
        assertThat(OpenAiFacts.mayHoldFacts("{\"choices\":[{\"finish_reason\":\"stop\"}],\"usage\":null}"))
                .isTrue();
        assertThat(OpenAiFacts.mayHoldFacts("{\"choices\":[{\"finish_reason\":null}],\"usage\":null}"))
                .isFalse();
        assertThat(OpenAiFacts.mayHoldFacts("{\"choices\":[{\"delta\":{\"content\":\"\\\"usage\\\":{\"}}]}"))
                .isFalse();
        assertThat(OpenAiFacts.mayHoldFacts("{\"choices\":[{\"delta\":{\"content\":\"usage\"}}]}"))
                .isFalse();
    }

    @Test
    void aStreamRecordsTheFirstChunksIdentityAndLaterFinishReasonsAndUsageAndPassesChunksUnchanged() {
        CallFacts.Recorder facts = new CallFacts.Recorder();
        OpenAiStreamMapper mapper = new OpenAiStreamMapper("openai", facts);
        List<String> out = new ArrayList<>();
        String first = "{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}";
        String last =
                "{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}";
        String usage =
                "{\"id\":\"c\",\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2}}";

        for (String payload : List.of(first, last, usage)) {
            mapper.onEvent(new io.jetway.sse.SseEvent(null, payload, null, null), out);
        }

        assertThat(out).containsExactly(first, last, usage);
        assertThat(out.getFirst()).isSameAs(first);
        assertThat(facts.facts())
                .isEqualTo(new CallFacts("c", "m", List.of("stop"), new TokenUsage(7, 0, 0, 2, 0, false)));
    }
}
