package io.jetway.gateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnthropicDeltaTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}",
                "{\"type\":\"content_block_delta\",\"index\":3,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\":\"}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Hm\"}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"EqQB\"}}",
                "{\"index\":2,\"delta\":{\"text\":\"é 😀\",\"type\":\"text_delta\",\"extra\":[1,{\"x\":null}]},\"type\":\"content_block_delta\"}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"citations_delta\",\"citation\":{\"type\":\"x\"}}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{}}"
            })
    void aWellFormedDeltaEventReadsTheSameParsedAsReadAsATree(String event) throws Exception {
        AnthropicDelta parsed = AnthropicDelta.parse(event);

        assertThat(parsed).isNotNull().isEqualTo(AnthropicDelta.of(Json.MAPPER.readTree(event)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"type\":\"content_block_delta\",\"index\":\"0\",\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":5}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\",\"text\":\"b\"}}",
                "{\"type\":\"content_block_delta\",\"index\":4294967296,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}",
                "{\"type\":\"message_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}",
                "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}} {}",
                "[1]",
                "not json"
            })
    void anythingUnusualIsLeftToTheTreeRead(String event) {
        assertThat(AnthropicDelta.parse(event)).isNull();
    }
}
