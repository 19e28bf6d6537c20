package io.jetway.client.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the whole answer from a stream's chunks: each choice's text (and refusal, and any other text a
 * provider streams, e.g. {@code reasoning_content}) concatenated, tool calls gathered by their
 * {@code index} (id, type and name from the first delta that has them, arguments concatenated), finish
 * reasons and the usage. Chunks without choices (usage, content filter) are taken as they come.
 *
 * <pre>{@code
 * ChatCompletionAccumulator acc = new ChatCompletionAccumulator();
 * try (ChatCompletionChunkStream chunks = client.chatStream(request)) {
 *     chunks.forEachRemaining(chunk -> System.out.print(acc.accumulate(chunk).text()));
 * }
 * ChatCompletion answer = acc.chatCompletion();
 * }</pre>
 */
public final class ChatCompletionAccumulator {

    private static final Set<String> HANDLED = Set.of("role", "content", "tool_calls");

    private final ObjectMapper mapper = Json.MAPPER;
    private final ObjectNode head = mapper.createObjectNode();
    private final Map<Integer, ObjectNode> messages = new TreeMap<>();
    private final Map<Integer, Map<Integer, ObjectNode>> toolCalls = new TreeMap<>();
    private final Map<Integer, String> finishReasons = new TreeMap<>();
    private JsonNode usage;

    /** Takes {@code chunk} in; returns it, to print its text on the way. */
    public ChatCompletionChunk accumulate(ChatCompletionChunk chunk) {
        ObjectNode json = chunk.raw();
        for (String field : new String[] {"id", "created", "model", "system_fingerprint", "service_tier"}) {
            JsonNode v = json.get(field);
            if (v != null && !v.isNull() && !head.has(field)) {
                head.set(field, v);
            }
        }
        if (json.has("usage") && !json.get("usage").isNull()) {
            usage = json.get("usage");
        }
        for (JsonNode choice : chunk.choices()) {
            int index = choice.path("index").asInt(0);
            ObjectNode message = messages.computeIfAbsent(index, i -> {
                ObjectNode m = mapper.createObjectNode();
                m.put("role", "assistant");
                m.putNull("content");
                return m;
            });
            JsonNode delta = choice.path("delta");
            appendText(message, "content", delta.get("content"));
            delta.fields().forEachRemaining(e -> {
                if (!HANDLED.contains(e.getKey())) {
                    if (e.getValue().isTextual()) {
                        appendText(message, e.getKey(), e.getValue());
                    } else if (!e.getValue().isNull()) {
                        message.set(e.getKey(), e.getValue());
                    }
                }
            });
            if (delta.get("tool_calls") instanceof ArrayNode calls) {
                for (JsonNode call : calls) {
                    addToolCall(index, call);
                }
            }
            JsonNode finish = choice.get("finish_reason");
            if (finish != null && !finish.isNull()) {
                finishReasons.put(index, finish.asText());
            }
        }
        return chunk;
    }

    /** The text of the first choice so far (empty when none). */
    public String text() {
        ObjectNode m = messages.get(0);
        return m == null || !m.path("content").isTextual()
                ? ""
                : m.get("content").asText();
    }

    /** The answer as streamed so far, shaped like a non-stream answer. */
    public ChatCompletion chatCompletion() {
        ObjectNode answer = head.deepCopy();
        answer.put("object", "chat.completion");
        ArrayNode choices = answer.putArray("choices");
        messages.forEach((index, message) -> {
            ObjectNode choice = choices.addObject();
            choice.put("index", index);
            ObjectNode m = message.deepCopy();
            Map<Integer, ObjectNode> calls = toolCalls.get(index);
            if (calls != null) {
                ArrayNode list = m.putArray("tool_calls");
                calls.values().forEach(c -> list.add(c.deepCopy()));
            }
            choice.set("message", m);
            String finish = finishReasons.get(index);
            if (finish == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finish);
            }
        });
        if (usage != null) {
            answer.set("usage", usage);
        }
        return ChatCompletion.read(answer, mapper, null);
    }

    private void addToolCall(int choice, JsonNode delta) {
        int index = delta.path("index").asInt(0);
        ObjectNode call = toolCalls
                .computeIfAbsent(choice, c -> new TreeMap<>())
                .computeIfAbsent(index, i -> {
                    ObjectNode c = mapper.createObjectNode();
                    c.putNull("id");
                    c.put("type", "function");
                    return c;
                });
        delta.fields().forEachRemaining(e -> {
            String key = e.getKey();
            JsonNode v = e.getValue();
            if (key.equals("index") || v.isNull()) {
                return;
            }
            if (v instanceof ObjectNode part) {
                // function / custom: name set once, arguments (or input) concatenated
                ObjectNode body = call.get(key) instanceof ObjectNode o ? o : call.putObject(key);
                part.fields().forEachRemaining(p -> {
                    if (p.getKey().equals("arguments") || p.getKey().equals("input")) {
                        appendText(body, p.getKey(), p.getValue());
                    } else if (!p.getValue().isNull()) {
                        body.set(p.getKey(), p.getValue());
                    }
                });
            } else {
                call.set(key, v);
            }
        });
    }

    private static void appendText(ObjectNode into, String field, JsonNode piece) {
        if (piece == null || !piece.isTextual()) {
            return;
        }
        JsonNode before = into.get(field);
        into.put(field, before == null || !before.isTextual() ? piece.asText() : before.asText() + piece.asText());
    }
}
