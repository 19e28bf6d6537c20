package io.jetway.gateway.provider.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Usage in OpenAI's shape, the same in a whole answer and in a stream's usage chunk. */
class UsageTest {

    private static final Usage CACHED = new Usage(1709, 393, 1500L, 188L, 100L);

    private static JsonNode inAnswer(Usage usage, boolean strict) throws Exception {
        byte[] answer = Completions.write(
                "id",
                1,
                "m",
                List.of(Completions.choice(0, Completions.message("x", List.of()), FinishReasons.Reason.STOP)),
                usage,
                strict);
        return Json.MAPPER.readTree(answer).get("usage");
    }

    private static JsonNode inChunk(Usage usage, boolean strict) throws Exception {
        return Json.MAPPER
                .readTree(new ChunkWriter("id", 1, "m").usage(usage, strict))
                .get("usage");
    }

    @Test
    void inStrictModeCacheCountsAreOpenAisPromptTokensDetailsOnly() throws Exception {
        assertThat(inAnswer(CACHED, true)).isEqualTo(Json.MAPPER.readTree("""
                {"prompt_tokens":1709,"completion_tokens":393,"total_tokens":2102,
                 "prompt_tokens_details":{"cached_tokens":1500,"cache_write_tokens":188},
                 "completion_tokens_details":{"reasoning_tokens":100}}"""));
    }

    @Test
    void withStrictComplianceOffPortkeysCacheFieldsComeToo() throws Exception {
        JsonNode usage = inAnswer(CACHED, false);
        assertThat(usage.path("cache_read_input_tokens").asLong()).isEqualTo(1500);
        assertThat(usage.path("cache_creation_input_tokens").asLong()).isEqualTo(188);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asLong())
                .isEqualTo(1500);
    }

    @ParameterizedTest(name = "strict={0}")
    @ValueSource(booleans = {true, false})
    void theUsageChunkCarriesExactlyTheUsageOfAWholeAnswer(boolean strict) throws Exception {
        for (Usage usage : List.of(CACHED, new Usage(12, 4, null, null, null), new Usage(30, 9, 0L, null, null))) {
            assertThat(inChunk(usage, strict)).as("%s", usage).isEqualTo(inAnswer(usage, strict));
        }
    }
}
