package io.jetway.gateway.provider.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.TreeMap;

/**
 * A stream's chunks folded into one {@code chat.completion} the way SDKs accumulate them, and a whole
 * answer in the same shape, so that the two can be compared.
 */
final class AccumulatedCompletion {

    private AccumulatedCompletion() {}

    /**
     * The chunks as one {@code chat.completion}, in the shape {@link #comparable} gives an answer:
     * each choice's content, reasoning (when strict compliance is off), tool calls and finish reason; the model; the usage chunk's usage.
     */
    static ObjectNode accumulate(List<String> chunks, boolean jsonContent) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        TreeMap<Integer, ObjectNode> choices = new TreeMap<>();
        for (String chunk : chunks) {
            JsonNode c = parse(chunk);
            out.put("id", c.path("id").asText());
            out.put("model", c.path("model").asText());
            if (c.hasNonNull("usage")) {
                out.set("usage", c.get("usage"));
            }
            for (JsonNode choice : c.path("choices")) {
                ObjectNode acc = choices.computeIfAbsent(choice.path("index").asInt(), i -> newChoice());
                JsonNode delta = choice.path("delta");
                if (delta.hasNonNull("content")
                        && !delta.get("content").asText().isEmpty()) {
                    acc.put(
                            "content",
                            acc.path("content").asText("")
                                    + delta.get("content").asText());
                }
                if (delta.hasNonNull("reasoning_content")
                        && !delta.get("reasoning_content").asText().isEmpty()) {
                    acc.put(
                            "reasoning_content",
                            acc.path("reasoning_content").asText("")
                                    + delta.get("reasoning_content").asText());
                }
                for (JsonNode call : delta.path("tool_calls")) {
                    ArrayNode calls = acc.withArray("tool_calls");
                    int i = call.path("index").asInt();
                    while (calls.size() <= i) {
                        calls.addObject().put("arguments", "");
                    }
                    ObjectNode target = (ObjectNode) calls.get(i);
                    if (call.hasNonNull("id")) {
                        target.put("id", call.get("id").asText());
                    }
                    if (call.path("function").hasNonNull("name")) {
                        target.put("name", call.path("function").get("name").asText());
                    }
                    target.put(
                            "arguments",
                            target.get("arguments").asText()
                                    + call.path("function").path("arguments").asText(""));
                }
                if (choice.hasNonNull("finish_reason")) {
                    acc.put("finish_reason", choice.get("finish_reason").asText());
                }
            }
        }
        ArrayNode list = out.putArray("choices");
        choices.values().forEach(list::add);
        if (!out.has("usage")) {
            out.putNull("usage");
        }
        return normalised(out, jsonContent);
    }

    /** An answer in the shape {@link #accumulate} gives. */
    static ObjectNode comparable(JsonNode answer, boolean jsonContent) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", answer.path("id").asText());
        out.put("model", answer.path("model").asText());
        ArrayNode list = out.putArray("choices");
        for (JsonNode choice : answer.path("choices")) {
            ObjectNode acc = newChoice();
            JsonNode message = choice.path("message");
            if (message.hasNonNull("content")
                    && !message.get("content").asText().isEmpty()) {
                acc.put("content", message.get("content").asText());
            }
            if (message.hasNonNull("reasoning_content")
                    && !message.get("reasoning_content").asText().isEmpty()) {
                acc.put("reasoning_content", message.get("reasoning_content").asText());
            }
            for (JsonNode call : message.path("tool_calls")) {
                acc.withArray("tool_calls")
                        .addObject()
                        .put(
                                "arguments",
                                call.path("function").path("arguments").asText())
                        .put("id", call.path("id").asText())
                        .put("name", call.path("function").path("name").asText());
            }
            acc.put("finish_reason", choice.path("finish_reason").asText());
            list.add(acc);
        }
        out.set("usage", answer.hasNonNull("usage") ? answer.get("usage") : JsonNodeFactory.instance.nullNode());
        return normalised(out, jsonContent);
    }

    private static ObjectNode newChoice() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * Tool call arguments (and, for a JSON answer, the content) as parsed JSON, so that spacing the
     * stream's fragments carried does not count.
     */
    private static ObjectNode normalised(ObjectNode completion, boolean jsonContent) {
        for (JsonNode choice : completion.path("choices")) {
            for (JsonNode call : choice.path("tool_calls")) {
                ((ObjectNode) call)
                        .set("arguments", parse(call.path("arguments").asText("")));
            }
            if (jsonContent && choice.hasNonNull("content")) {
                ((ObjectNode) choice).set("content", parse(choice.get("content").asText()));
            }
        }
        return completion;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
