package io.jetway.contract.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Anthropic's Messages wire format for the fake upstream, from Anthropic's documentation: a message
 * (https://docs.claude.com/en/api/messages, the response example), the streaming example with a tool
 * call (https://docs.claude.com/en/docs/build-with-claude/streaming) and the error shape
 * (https://docs.claude.com/en/api/errors).
 */
final class AnthropicWire {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The documented answer to "Hello, Claude". */
    static final String MESSAGE = """
            {"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",\
            "content":[{"type":"text","text":"Hi! My name is Claude."}],"stop_reason":"end_turn","stop_sequence":null,\
            "usage":{"input_tokens":2095,"output_tokens":503,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}""";

    /** The documented tool-use stream, with a ping. */
    static final List<String> TOOL_STREAM = List.of(
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_014p7gG3wDgGV9EUtLvnow3U\",\"type\":\"message\","
                    + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"stop_sequence\":null,"
                    + "\"usage\":{\"input_tokens\":472,\"output_tokens\":2},\"content\":[],\"stop_reason\":null}}",
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
                    + "\"partial_json\":\" \\\"San Francisco, CA\\\"}\"}}",
            "{\"type\":\"content_block_stop\",\"index\":1}",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                    + "\"usage\":{\"output_tokens\":89}}",
            "{\"type\":\"message_stop\"}");

    private AnthropicWire() {}

    /** The SSE text Anthropic writes for these events: {@code event: <type>}, {@code data: <json>}, a blank line. */
    static String sse(List<String> events) {
        StringBuilder sse = new StringBuilder();
        for (String payload : events) {
            sse.append("event: ")
                    .append(type(payload))
                    .append('\n')
                    .append("data: ")
                    .append(payload)
                    .append("\n\n");
        }
        return sse.toString();
    }

    static FakeResponse stream(List<String> events) {
        return FakeResponse.sse(List.of()).withoutDone().rawTail(sse(events));
    }

    static FakeResponse error(int status, String type, String message) {
        return FakeResponse.json(
                status,
                "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message
                        + "\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7G9\"}");
    }

    static String type(String payload) {
        try {
            JsonNode node = MAPPER.readTree(payload);
            return node.path("type").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
