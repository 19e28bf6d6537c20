package io.jetway.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergedChoicesTest {

    static byte[] completion(String id, String text, String usage) {
        return ("{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":7,\"model\":\"m\",\"choices\":[{"
                        + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text
                        + "\"},\"logprobs\":null,"
                        + "\"finish_reason\":\"stop\"}],\"usage\":" + usage + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode tree(String json) throws Exception {
        return Json.MAPPER.readTree(json);
    }

    @Test
    void answersBecomeOneWithAChoicePerCallTheFirstsFrameAndUsageSummedAtEveryDepth() throws Exception {
        byte[] merged = MergedChoices.completion(List.of(
                completion(
                        "first",
                        "a",
                        "{\"prompt_tokens\":10,\"completion_tokens\":1,\"total_tokens\":11,"
                                + "\"prompt_tokens_details\":{\"cached_tokens\":4}}"),
                completion(
                        "second",
                        "b",
                        "{\"prompt_tokens\":10,\"completion_tokens\":2,\"total_tokens\":12,"
                                + "\"prompt_tokens_details\":{\"cached_tokens\":4},\"completion_tokens_details\":"
                                + "{\"reasoning_tokens\":1}}")));

        JsonNode answer = Json.MAPPER.readTree(merged);
        assertThat(answer.get("id").asText()).isEqualTo("first");
        assertThat(answer.get("choices")).hasSize(2);
        assertThat(answer.at("/choices/0/index").asInt()).isZero();
        assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo("a");
        assertThat(answer.at("/choices/1/index").asInt()).isOne();
        assertThat(answer.at("/choices/1/message/content").asText()).isEqualTo("b");
        assertThat(answer.get("usage"))
                .isEqualTo(tree("{\"prompt_tokens\":20,\"completion_tokens\":3,"
                        + "\"total_tokens\":23,\"prompt_tokens_details\":{\"cached_tokens\":8},"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":1}}"));
        // The frame keeps its fields in their places.
        List<String> names = new ArrayList<>();
        answer.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("id", "object", "created", "model", "choices", "usage");
    }

    static String chunk(String id, String delta, String finish) {
        return "{\"id\":\"" + id
                + "\",\"object\":\"chat.completion.chunk\",\"created\":7,\"model\":\"m\",\"choices\":[{"
                + "\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    static String usageChunk(String id, int prompt, int completion) {
        return "{\"id\":\"" + id
                + "\",\"object\":\"chat.completion.chunk\",\"created\":7,\"model\":\"m\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":"
                + (prompt + completion) + "}}";
    }

    @Test
    void chunksTakeTheirCallsIndexAndTheFirstId() throws Exception {
        MergedChoices.Chunks merge = new MergedChoices.Chunks("first", 2);

        String c = merge.chunk(chunk("second", "{\"content\":\"b\"}", null), 1);

        assertThat(tree(c))
                .isEqualTo(tree(chunk("first", "{\"content\":\"b\"}", null).replace("\"index\":0", "\"index\":1")));
    }

    @Test
    void finishingChunksAndUsageWaitForTheEndThenComeInChoiceOrderWithOneSummedUsage() throws Exception {
        MergedChoices.Chunks merge = new MergedChoices.Chunks("first", 2);

        assertThat(merge.chunk(chunk("second", "{}", "length"), 1)).isNull();
        assertThat(merge.chunk(usageChunk("second", 10, 5), 1)).isNull();
        assertThat(merge.chunk(chunk("first", "{}", "stop"), 0)).isNull();
        assertThat(merge.chunk(usageChunk("first", 10, 2), 0)).isNull();
        List<String> end = merge.end();

        assertThat(end).hasSize(3);
        assertThat(tree(end.get(0)).at("/choices/0/index").asInt()).isZero();
        assertThat(tree(end.get(0)).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(tree(end.get(1)).at("/choices/0/index").asInt()).isOne();
        assertThat(tree(end.get(1)).at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(tree(end.get(2))).isEqualTo(tree(usageChunk("first", 20, 7)));
    }

    @Test
    void usageOnAChunkWithChoicesIsMovedToTheOneUsageChunk() throws Exception {
        MergedChoices.Chunks merge = new MergedChoices.Chunks("first", 1);
        String withUsage = chunk("first", "{\"content\":\"x\"}", null)
                .replace("}]}", "}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}");

        String c = merge.chunk(withUsage, 0);

        assertThat(tree(c).get("usage").isNull()).isTrue();
        assertThat(tree(merge.end().getFirst()).at("/usage/total_tokens").asInt())
                .isEqualTo(4);
        assertThat(tree(merge.end().getFirst()).get("choices")).isEmpty();
    }

    @Test
    void noUsageChunkIsMadeWhenNoCallSentUsage() {
        MergedChoices.Chunks merge = new MergedChoices.Chunks("first", 2);

        merge.chunk(chunk("first", "{\"content\":\"x\"}", null), 0);

        assertThat(merge.end()).isEmpty();
    }
}
