package io.jetway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.support.OpenApiContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The translating providers' golden outputs (the answers and chunks their mappers are asserted to
 * produce, in {@code gateway/src/test/resources/providers/}) validate against openapi.yaml: every
 * {@code chat.completion} and {@code chat.completion.chunk} found in any fixture, strict and
 * non-strict variants alike. The schema requires what OpenAI's requires even when null
 * ({@code message.content}, {@code message.refusal}, {@code choices[].logprobs}, a chunk choice's
 * {@code finish_reason}), so a translated answer missing one fails here.
 */
class ProviderGoldensContractTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path GOLDENS = Path.of(System.getProperty("jetway.openapi", "../openapi/openapi.yaml"))
            .toAbsolutePath()
            .getParent()
            .getParent()
            .resolve("gateway/src/test/resources/providers");

    /** provider, and how many golden answers and chunks it has at least (so a moved fixture is noticed). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"anthropic, 3, 5", "google, 3, 5", "cohere, 3, 5", "bedrock, 3, 5", "vertex, 1, 0"})
    void everyGoldenAnswerAndChunkMatchesTheSchema(String provider, int minAnswers, int minChunks) throws IOException {
        List<JsonNode> answers = new ArrayList<>();
        List<JsonNode> chunks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(GOLDENS.resolve(provider))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json")) {
                    collect(JSON.readTree(file.toFile()), answers, chunks);
                } else if (name.endsWith(".jsonl")) {
                    for (String line : Files.readAllLines(file)) {
                        if (!line.isBlank()) {
                            collect(JSON.readTree(line), answers, chunks);
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
