package io.jetway.gateway.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;
import java.util.List;
import java.util.TreeMap;

/**
 * Folds OpenAI chunks into the chat.completion they describe, the way SDK accumulators do:
 * content and reasoning concatenated, tool calls by index (arguments concatenated), thinking
 * content blocks by index, the finish reason and the usage chunk.
 */
final class ChunkAccumulator {

    private ChunkAccumulator() {}

    static ObjectNode accumulate(List<String> chunks) {
        String id = null;
        long created = 0;
        String model = null;
        StringBuilder content = null;
        StringBuilder reasoning = null;
        String finish = null;
        JsonNode usage = null;
        TreeMap<Integer, ObjectNode> calls = new TreeMap<>();
        TreeMap<Integer, StringBuilder> thinkingBlocks = new TreeMap<>();
        for (String payload : chunks) {
            JsonNode chunk = CohereFixtures.tree(payload);
            id = chunk.path("id").asText();
            created = chunk.path("created").asLong();
            model = chunk.path("model").asText();
            if (chunk.has("usage")) {
                usage = chunk.get("usage");
            }
            for (JsonNode choice : chunk.path("choices")) {
                JsonNode delta = choice.path("delta");
                if (delta.has("content")) {
                    content = (content == null ? new StringBuilder() : content)
                            .append(delta.get("content").asText());
                }
                if (delta.has("reasoning_content")) {
                    reasoning = (reasoning == null ? new StringBuilder() : reasoning)
                            .append(delta.get("reasoning_content").asText());
                }
                for (JsonNode block : delta.path("content_blocks")) {
                    thinkingBlocks
                            .computeIfAbsent(block.path("index").asInt(), i -> new StringBuilder())
                            .append(block.path("delta").path("thinking").asText());
                }
                for (JsonNode call : delta.path("tool_calls")) {
                    ObjectNode acc = calls.computeIfAbsent(call.path("index").asInt(), i -> {
                        ObjectNode c = Json.MAPPER.createObjectNode();
                        c.put("id", call.path("id").asText());
                        c.put("type", "function");
                        c.putObject("function")
                                .put("name", call.path("function").path("name").asText())
                                .put("arguments", "");
                        return c;
                    });
                    ObjectNode fn = (ObjectNode) acc.get("function");
                    fn.put(
                            "arguments",
                            fn.get("arguments").asText()
                                    + call.path("function").path("arguments").asText());
                }
                if (!choice.path("finish_reason").isNull() && choice.has("finish_reason")) {
                    finish = choice.get("finish_reason").asText();
                }
            }
        }
        ObjectNode completion = Json.MAPPER.createObjectNode();
        completion.put("id", id);
        completion.put("object", "chat.completion");
        completion.put("created", created);
        completion.put("model", model);
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        // As OpenAI's SDKs accumulate: no text next to tool calls is content null (the role chunk's
        // empty content is no text), and nothing streamed a refusal or log probabilities.
        message.put("content", content == null || content.isEmpty() && !calls.isEmpty() ? null : content.toString());
        message.putNull("refusal");
        if (!calls.isEmpty()) {
            ArrayNode list = message.putArray("tool_calls");
            calls.values().forEach(list::add);
        }
        if (reasoning != null) {
            message.put("reasoning_content", reasoning.toString());
        }
        if (!thinkingBlocks.isEmpty()) {
            ArrayNode blocks = message.putArray("content_blocks");
            thinkingBlocks
                    .values()
                    .forEach(t -> blocks.addObject().put("type", "thinking").put("thinking", t.toString()));
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finish);
        if (usage != null) {
            completion.set("usage", usage);
        }
        // Re-read so numbers get the node types a parsed answer has (int vs long nodes differ in equals).
        return (ObjectNode) CohereFixtures.tree(completion.toString());
    }
}
