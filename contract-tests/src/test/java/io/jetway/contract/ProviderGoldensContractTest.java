package io.jetway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jetway.contract.support.OpenApiContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The translating providers' golden outputs (the answers and chunks their mappers are asserted to
 * produce: the conformance cases' {@code answer.expected.json} and {@code stream.expected.jsonl} in
 * {@code gateway/src/test/resources/conformance/}) validate against openapi.yaml: every
 * {@code chat.completion} and {@code chat.completion.chunk} found in any fixture, strict and
 * non-strict variants alike. A value the cases write as {@code "<generated>"} (one the gateway makes
 * itself, see {@code conformance/README.md}) is given a value of its type first. The schema requires what OpenAI's requires even when null
 * ({@code message.content}, {@code message.refusal}, {@code choices[].logprobs}, a chunk choice's
 * {@code finish_reason}), so a translated answer missing one fails here.
 */
class ProviderGoldensContractTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String GENERATED = "<generated>";
    static final Path GOLDENS = Path.of(System.getProperty("jetway.openapi", "../openapi/openapi.yaml"))
            .toAbsolutePath()
            .getParent()
            .getParent()
            .resolve("gateway/src/test/resources/conformance");

    /** provider, and how many golden answers and chunks it has at least (so a moved fixture is noticed). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"anthropic, 9, 20", "google, 5, 20", "cohere, 8, 20", "bedrock, 7, 20", "vertex-ai, 1, 10"})
    void everyGoldenAnswerAndChunkMatchesTheSchema(String provider, int minAnswers, int minChunks) throws IOException {
        List<JsonNode> answers = new ArrayList<>();
        List<JsonNode> chunks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(GOLDENS.resolve(provider))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.equals("answer.expected.json")) {
                    collect(generatedFilledIn(JSON.readTree(file.toFile())), answers, chunks);
                } else if (name.equals("stream.expected.jsonl")) {
                    for (String line : Files.readAllLines(file)) {
                        if (!line.isBlank()) {
                            collect(generatedFilledIn(JSON.readTree(line)), answers, chunks);
                        }
                    }
                }
            }
        }

        assertThat(answers).as("golden answers of %s", provider).hasSizeGreaterThanOrEqualTo(minAnswers);
        assertThat(chunks).as("golden chunks of %s", provider).hasSizeGreaterThanOrEqualTo(minChunks);
        for (JsonNode answer : answers) {
            OpenApiContract.get().assertValid("CreateChatCompletionResponse", answer.toString());
        }
        for (JsonNode chunk : chunks) {
            OpenApiContract.get().assertValid("CreateChatCompletionStreamResponse", chunk.toString());
        }
    }

    /**
     * The tree with each {@code "<generated>…"} value replaced: {@code created} by a timestamp, any
     * other by a string (the marker's suffix kept), as the gateway would have made them.
     */
    static JsonNode generatedFilledIn(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JsonNode value = field.getValue();
                if (value.isTextual() && value.asText().startsWith(GENERATED)) {
                    copy.set(
                            field.getKey(),
                            field.getKey().equals("created")
                                    ? LongNode.valueOf(1767225600L)
                                    : TextNode.valueOf(
                                            "generated" + value.asText().substring(GENERATED.length())));
                } else {
                    copy.set(field.getKey(), generatedFilledIn(value));
                }
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(generatedFilledIn(element)));
            return copy;
        }
        return node;
    }

    /** Every object anywhere in the tree whose {@code object} says what it is. */
    static void collect(JsonNode node, List<JsonNode> answers, List<JsonNode> chunks) {
        if (node.isObject()) {
            String kind = node.path("object").asText("");
            if (kind.equals("chat.completion")) {
                answers.add(node);
                return;
            }
            if (kind.equals("chat.completion.chunk")) {
                chunks.add(node);
                return;
            }
        }
        if (node.isContainerNode()) {
            node.forEach(child -> collect(child, answers, chunks));
        }
        if (node.isTextual() && node.asText().contains("chat.completion")) {
            // Some fixtures keep the SSE text the client receives: validate its data payloads too.
            for (String line : node.asText().split("\n")) {
                if (line.startsWith("data: {")) {
                    try {
                        collect(JSON.readTree(line.substring(6)), answers, chunks);
                    } catch (IOException notJson) {
                        // not a payload
                    }
                }
            }
        }
    }
}
