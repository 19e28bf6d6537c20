package io.jetway.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the {@code chat.completion} a client SDK assembles from {@code chat.completion.chunk}s,
 * the way OpenAI's SDK accumulators do: content and reasoning concatenated, tool calls by
 * {@code index} (id, type and name from their first delta, argument fragments concatenated), the
 * finish reason, and the usage chunk. It also checks the stream's invariants as it goes: one id,
 * created time and model throughout, the role first, nothing after the usage chunk.
 */
final class ChunkAccumulator {

    private String id;
    private JsonNode created;
    private String model;
    private boolean roleSeen;
    private StringBuilder content;
    private StringBuilder reasoning;
    private final Map<Integer, ObjectNode> toolCalls = new TreeMap<>();
    private final Map<Integer, StringBuilder> arguments = new TreeMap<>();
    private final Map<Integer, ObjectNode> contentBlocks = new TreeMap<>();
    private String finishReason;
    private JsonNode usage;

    static ObjectNode accumulate(List<String> chunks) {
        ChunkAccumulator acc = new ChunkAccumulator();
        chunks.forEach(acc::add);
        return acc.completion();
    }

    void add(String chunkJson) {
        JsonNode chunk = Fixtures.parse(chunkJson);
        if (usage != null) {
            throw new AssertionError("a chunk after the usage chunk: " + chunkJson);
        }
        same("id", chunk.path("id").asText());
        if (!"chat.completion.chunk".equals(chunk.path("object").asText())) {
            throw new AssertionError("not a chat.completion.chunk: " + chunkJson);
        }
        if (created == null) {
            created = chunk.path("created");
            model = chunk.path("model").asText();
        } else if (!created.equals(chunk.path("created"))
                || !model.equals(chunk.path("model").asText())) {
            throw new AssertionError("created/model changed mid-stream: " + chunkJson);
        }
        if (chunk.has("usage") && !chunk.get("usage").isNull()) {
            if (!chunk.path("choices").isArray() || !chunk.path("choices").isEmpty()) {
                throw new AssertionError("the usage chunk must have choices: []: " + chunkJson);
            }
            usage = chunk.get("usage");
            return;
        }
        for (JsonNode choice : chunk.path("choices")) {
            JsonNode delta = choice.path("delta");
            if (delta.has("role")) {
                if (roleSeen) {
                    throw new AssertionError("role sent twice");
                }
                roleSeen = true;
            } else if (!roleSeen) {
                throw new AssertionError("a delta before the role: " + chunkJson);
            }
            if (delta.path("content").isTextual()) {
                content = (content == null ? new StringBuilder() : content)
                        .append(delta.path("content").asText());
            }
            if (delta.path("reasoning_content").isTextual()) {
                reasoning = (reasoning == null ? new StringBuilder() : reasoning)
                        .append(delta.path("reasoning_content").asText());
            }
            for (JsonNode call : delta.path("tool_calls")) {
                int index = call.path("index").asInt();
                ObjectNode known = toolCalls.get(index);
                if (known == null) {
                    if (!call.has("id") || !call.path("function").has("name")) {
                        throw new AssertionError("the first delta of tool call " + index + " lacks id or name");
                    }
                    known = Json.MAPPER.createObjectNode();
                    known.put("id", call.path("id").asText());
                    known.put("type", call.path("type").asText());
                    known.putObject("function")
                            .put("name", call.path("function").path("name").asText());
                    toolCalls.put(index, known);
                    arguments.put(index, new StringBuilder());
                } else if (call.has("id") || call.path("function").has("name")) {
                    throw new AssertionError("tool call " + index + " got its id or name again");
                }
                arguments
                        .get(index)
                        .append(call.path("function").path("arguments").asText(""));
            }
            for (JsonNode block : delta.path("content_blocks")) {
                ObjectNode acc =
                        contentBlocks.computeIfAbsent(block.path("index").asInt(), i -> Json.MAPPER.createObjectNode());
                block.path("delta").properties().iterator().forEachRemaining(f -> {
                    if (f.getKey().equals("type")) {
                        acc.put("type", f.getValue().asText());
                    } else {
                        acc.put(
                                f.getKey(),
                                acc.path(f.getKey()).asText("") + f.getValue().asText());
                    }
                });
            }
            if (choice.path("finish_reason").isTextual()) {
                if (finishReason != null) {
                    throw new AssertionError("finish_reason sent twice");
                }
                finishReason = choice.path("finish_reason").asText();
            }
        }
    }

    private void same(String what, String value) {
        if (id == null) {
            id = value;
        } else if (!id.equals(value)) {
            throw new AssertionError(what + " changed mid-stream: " + value);
        }
    }

    /** The content_blocks deltas accumulated by index (strict compliance off). */
    Map<Integer, ObjectNode> contentBlocks() {
        return contentBlocks;
    }

    ObjectNode completion() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", id);
        out.put("object", "chat.completion");
        out.set("created", created);
        out.put("model", model);
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content == null ? null : content.toString());
        message.putNull("refusal");
        if (!toolCalls.isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            toolCalls.forEach((i, call) -> {
                ((ObjectNode) call.get("function"))
                        .put("arguments", arguments.get(i).toString());
                calls.add(call);
            });
        }
        if (reasoning != null) {
            message.put("reasoning_content", reasoning.toString());
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        if (usage != null) {
            out.set("usage", usage);
        }
        return out;
    }
}
