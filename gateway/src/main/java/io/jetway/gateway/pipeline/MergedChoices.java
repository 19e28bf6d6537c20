package io.jetway.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Several one-choice answers to one request, made into one answer with a choice each: the calls that
 * {@link ChoicesInterceptor} makes for OpenAI's {@code n}. The first call's answer is the frame (its
 * {@code id}, {@code created}, {@code model}, …); each call's choice takes the call's place as its
 * {@code index}; {@code usage} is the sum of the calls' usages, field by field at every depth (prompt
 * tokens included: each call sent the whole prompt, and the provider bills it each time).
 *
 * <p>The answers are the gateway's own OpenAI-shaped JSON (the providers' mappers wrote them), parsed
 * as trees: a cost only requests with {@code n > 1} on such providers pay.
 */
final class MergedChoices {

    private MergedChoices() {}

    /** The {@code chat.completion}s of the calls, in call order, as one. */
    static byte[] completion(List<byte[]> answers) {
        ObjectNode merged = null;
        ArrayNode choices = Json.MAPPER.createArrayNode();
        ObjectNode usage = null;
        for (byte[] answer : answers) {
            ObjectNode tree = object(answer);
            for (JsonNode choice : tree.path("choices")) {
                if (choice instanceof ObjectNode c) {
                    c.put("index", choices.size());
                }
                choices.add(choice);
            }
            usage = add(usage, tree.get("usage"));
            if (merged == null) {
                merged = tree;
            }
        }
        merged.set("choices", choices);
        if (usage != null) {
            merged.set("usage", usage);
        }
        return bytes(merged);
    }

    /**
     * The chunks of the calls' streams, interleaved: each chunk's choices take the index of its call and
     * the first call's id. As in OpenAI's streams with {@code n}, the chunks that finish a choice (a
     * {@code finish_reason}) come after every choice's other chunks: they are held until every call
     * ended, then sent in choice order (SDK accumulators, the OpenAI SDKs' included, take the n
     * choices to be complete when every index seen so far has finished). The calls' usage chunks
     * ({@code choices: []}, sent when the caller asked for {@code stream_options.include_usage}) become
     * one, sent last. One per merged stream; not thread-safe.
     */
    static final class Chunks {
        private final String id;
        /** Per call, its chunks that finish a choice. */
        private final List<List<String>> finishes;

        private ObjectNode usageChunk;
        private ObjectNode usage;

        /**
         * @param id    the first call's id, given to every chunk; null keeps each chunk's own
         * @param calls how many calls are merged
         */
        Chunks(String id, int calls) {
            this.id = id;
            this.finishes = new ArrayList<>(calls);
            for (int i = 0; i < calls; i++) {
                finishes.add(new ArrayList<>(1));
            }
        }

        /** The id of a stream's first chunk, or null if it has none. */
        static String id(String firstPayload) {
            JsonNode id = firstPayload == null ? null : parse(firstPayload).get("id");
            return id != null && id.isTextual() ? id.asText() : null;
        }

        /**
         * The chunk as part of the merged stream, or null when it is held for {@link #end()}: a usage
         * chunk, or one that finishes its choice.
         */
        String chunk(String payload, int call) {
            JsonNode parsed = parse(payload);
            if (!(parsed instanceof ObjectNode chunk)) {
                return payload;
            }
            JsonNode u = chunk.get("usage");
            if (u != null && u.isObject()) {
                usage = add(usage, u);
                if (chunk.path("choices").isEmpty()) {
                    usageChunk = chunk;
                    return null;
                }
                if (usageChunk == null) {
                    // Usage on a chunk with choices: the one usage chunk is made after its frame.
                    usageChunk = chunk.deepCopy();
                    usageChunk.putArray("choices");
                }
                chunk.putNull("usage");
            }
            if (id != null && chunk.has("id")) {
                chunk.put("id", id);
            }
            boolean finishes = false;
            for (JsonNode choice : chunk.path("choices")) {
                if (choice instanceof ObjectNode c) {
                    c.put("index", call);
                    finishes |= c.hasNonNull("finish_reason");
                }
            }
            String merged = new String(bytes(chunk), StandardCharsets.UTF_8);
            if (finishes) {
                this.finishes.get(call).add(merged);
                return null;
            }
            return merged;
        }

        /**
         * What was held, once every call ended: the chunks that finish the choices, in choice order,
         * then the one usage chunk (the last call's, with the summed usage) when any call sent one.
         */
        List<String> end() {
            List<String> last = new ArrayList<>(finishes.size() + 1);
            finishes.forEach(last::addAll);
            if (usageChunk != null) {
                if (id != null && usageChunk.has("id")) {
                    usageChunk.put("id", id);
                }
                usageChunk.set("usage", usage);
                last.add(new String(bytes(usageChunk), StandardCharsets.UTF_8));
            }
            return last;
        }
    }

    /** {@code sum} plus {@code more}: numbers added, objects merged field by field, anything else kept from the first. */
    static ObjectNode add(ObjectNode sum, JsonNode more) {
        if (more == null || !more.isObject()) {
            return sum;
        }
        if (sum == null) {
            return ((ObjectNode) more).deepCopy();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = more.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode mine = sum.get(e.getKey());
            JsonNode theirs = e.getValue();
            if (mine == null || mine.isNull()) {
                sum.set(e.getKey(), theirs.deepCopy());
            } else if (mine.isIntegralNumber() && theirs.isIntegralNumber()) {
                sum.put(e.getKey(), mine.longValue() + theirs.longValue());
            } else if (mine.isNumber() && theirs.isNumber()) {
                sum.put(e.getKey(), mine.doubleValue() + theirs.doubleValue());
            } else if (mine.isObject()) {
                add((ObjectNode) mine, theirs);
            }
        }
        return sum;
    }

    private static ObjectNode object(byte[] json) {
        try {
            JsonNode tree = Json.MAPPER.readTree(json);
            if (tree instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException notJson) {
            // reported below
        }
        // The providers' mappers write these answers: anything else is the gateway's own fault.
        throw new IllegalStateException("a mapped answer is a JSON object");
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    private static byte[] bytes(JsonNode tree) {
        try {
            return Json.MAPPER.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON tree always serialises", e);
        }
    }
}
