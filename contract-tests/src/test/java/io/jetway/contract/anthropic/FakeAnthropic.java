package io.jetway.contract.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Anthropic's Messages API wire format for {@link io.jetway.contract.fake.FakeUpstream}: whole
 * messages as JSON, streams as Anthropic writes them ({@code event: <type>} then
 * {@code data: <json>}, no {@code [DONE]}), errors as {@code {"type":"error","error":{…}}}.
 * Payloads follow https://docs.claude.com/en/docs/build-with-claude/streaming.
 */
final class FakeAnthropic {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FakeAnthropic() {}

    /** A 200 event stream of these event payloads, each named by its {@code type}. */
    static FakeResponse stream(List<String> eventPayloads) {
        StringBuilder sse = new StringBuilder();
        for (String payload : eventPayloads) {
            String type;
            try {
                JsonNode node = MAPPER.readTree(payload);
                type = node.path("type").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sse.append("event: ")
                    .append(type)
                    .append('\n')
                    .append("data: ")
                    .append(payload)
                    .append("\n\n");
        }
        return FakeResponse.sse(List.of())
                .withoutDone()
                .rawTail(sse.toString())
                .header("request-id", "req_011CSHoEeqs5C35K2UUqR7Fy");
    }

    /** A 200 message. */
    static FakeResponse message(String json) {
        return FakeResponse.json(200, json);
    }

    /** An Anthropic error answer. */
    static FakeResponse error(int status, String type, String message) {
        return FakeResponse.json(
                status,
                "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message
                        + "\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7G9\"}");
    }

    /** The documented tool-use stream: a text block, then a get_weather call streamed as JSON fragments. */
    static List<String> toolUseStream() {
        return List.of(
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_014p7gG3wDgGV9EUtLvnow3U\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"stop_sequence\":null,"
                        + "\"usage\":{\"input_tokens\":472,\"cache_creation_input_tokens\":0,"
                        + "\"cache_read_input_tokens\":0,\"output_tokens\":2},\"content\":[],\"stop_reason\":null}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "{\"type\": \"ping\"}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Okay\"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\", let's check"
                        + " the weather for San Francisco, CA:\"}}",
                "{\"type\":\"content_block_stop\",\"index\":0}",
                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
                        + "\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"name\":\"get_weather\",\"input\":{}}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
                        + "\"partial_json\":\"{\\\"location\\\":\"}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
                        + "\"partial_json\":\" \\\"San Francisc\"}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
                        + "\"partial_json\":\"o, CA\\\", \\\"unit\\\": \\\"fah\"}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
                        + "\"partial_json\":\"renheit\\\"}\"}}",
                "{\"type\":\"content_block_stop\",\"index\":1}",
                "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\","
                        + "\"id\":\"toolu_01XyZtime00000000000000\",\"name\":\"get_time\",\"input\":{}}}",
                "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\","
                        + "\"partial_json\":\"{\\\"timezone\\\": \\\"America/Los_Angeles\\\"}\"}}",
                "{\"type\":\"content_block_stop\",\"index\":2}",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                        + "\"usage\":{\"output_tokens\":89}}",
                "{\"type\":\"message_stop\"}");
    }
}
