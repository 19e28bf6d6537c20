package io.jetway.client.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ChatCompletionAccumulatorTest {

    final ObjectMapper json = Json.MAPPER;
    final ChatCompletionAccumulator acc = new ChatCompletionAccumulator();

    ChatCompletionChunk chunk(String text) throws Exception {
        return new ChatCompletionChunk((ObjectNode) json.readTree(text), json);
    }

    @Test
    void textUsageAndFinishReasonAreGatheredAndChunksWithoutChoicesAreTolerated() throws Exception {
        acc.accumulate(chunk("{\"id\":\"c1\",\"object\":\"\",\"created\":0,\"model\":\"\",\"choices\":[],"
                + "\"prompt_filter_results\":[]}"));
        acc.accumulate(chunk(FakeGateway.chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)));
        acc.accumulate(chunk(FakeGateway.chunk("{\"content\":\"Hel\"}", null)));
        acc.accumulate(chunk(FakeGateway.chunk("{}", null)));
        acc.accumulate(chunk(FakeGateway.chunk("{\"content\":\"lo\",\"reasoning_content\":\"why\"}", "stop")));
        acc.accumulate(chunk("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}"));

        ChatCompletion answer = acc.chatCompletion();

        assertThat(acc.text()).isEqualTo("Hello");
        assertThat(answer.content()).isEqualTo("Hello");
        assertThat(answer.finishReason()).isEqualTo("stop");
        assertThat(answer.usage().getTotalTokens()).isEqualTo(5);
        assertThat(answer.message().json().get("reasoning_content").asText()).isEqualTo("why");
        assertThat(answer.id()).isEqualTo("c1");
    }

    @Test
    void toolCallsAreGatheredByIndexWithTheirArgumentsConcatenated() throws Exception {
        acc.accumulate(chunk(FakeGateway.chunk(
                "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                        + "{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"Weather\",\"arguments\":\"\"}}]}",
                null)));
        acc.accumulate(chunk(FakeGateway.chunk(
                "{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"Time\",\"arguments\":\"{\\\"tz\\\":\"}}]}",
                null)));
        acc.accumulate(chunk(FakeGateway.chunk(
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", null)));
        acc.accumulate(chunk(FakeGateway.chunk(
                "{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"\\\"CET\\\"}\"}},"
                        + "{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}",
                null)));
        acc.accumulate(chunk(FakeGateway.chunk("{}", "tool_calls")));

        ChatCompletion answer = acc.chatCompletion();

        assertThat(answer.content()).isNull();
        assertThat(answer.finishReason()).isEqualTo("tool_calls");
        assertThat(answer.message().toolCalls()).extracting(ToolCall::id).containsExactly("call_a", "call_b");
        assertThat(answer.message().toolCalls()).extracting(ToolCall::name).containsExactly("Weather", "Time");
        assertThat(answer.message().toolCalls())
                .extracting(ToolCall::arguments)
                .containsExactly("{\"city\":\"Paris\"}", "{\"tz\":\"CET\"}");
    }

    @Test
    void severalChoicesAreKeptApart() throws Exception {
        acc.accumulate(
                chunk("{\"id\":\"c\",\"choices\":[{\"index\":1,\"delta\":{\"content\":\"B\"},\"finish_reason\":null},"
                        + "{\"index\":0,\"delta\":{\"content\":\"A\"},\"finish_reason\":null}]}"));
        acc.accumulate(chunk(
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"},"
                        + "{\"index\":1,\"delta\":{},\"finish_reason\":\"length\"}]}"));

        ChatCompletion answer = acc.chatCompletion();

        assertThat(answer.choiceCount()).isEqualTo(2);
        assertThat(answer.message(0).content()).isEqualTo("Aa");
        assertThat(answer.message(1).content()).isEqualTo("B");
        assertThat(answer.finishReason(1)).isEqualTo("length");
    }
}
