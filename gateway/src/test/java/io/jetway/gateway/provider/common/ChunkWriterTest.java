package io.jetway.gateway.provider.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkWriterTest {

    /** Every ASCII character alone and in company, and text beyond ASCII (a surrogate pair included). */
    private static List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (char c = 0; c < 0x80; c++) {
            texts.add(String.valueOf(c));
            texts.add("a" + c + "b");
        }
        texts.addAll(List.of(
                "",
                "Hello, world!",
                "line\nbreak\ttab",
                "\"quoted\" \\ back\\slash",
                "</script>",
                "é ü 日本語",
                "emoji 😀 pair",
                "\u2028\u2029",
                "{\"content\":\"\"}"));
        return texts;
    }

    @Test
    void aTextChunkOfTheFirstChoiceIsTheSameJsonTheGeneratorWritesForAnyText() throws Exception {
        // An id and model that need escaping, one holding what the fast path searches for.
        ChunkWriter w = new ChunkWriter("msg_\"content\":\"\"", 1_700_000_000L, "model \"x\" \\ y");
        for (String text : texts()) {
            // The generator's own output for choice 1, with the index set to 0 and written again by the generator.
            ObjectNode expected = (ObjectNode) Json.MAPPER.readTree(w.content(1, text));
            ((ObjectNode) expected.get("choices").get(0)).put("index", 0);

            String chunk = w.content(0, text);

            assertThat(chunk).as("text %s", text).isEqualTo(Json.MAPPER.writeValueAsString(expected));
            assertThat(Json.MAPPER
                            .readTree(chunk)
                            .at("/choices/0/delta/content")
                            .asText())
                    .isEqualTo(text);
        }
    }
}
