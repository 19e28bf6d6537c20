package io.jetway.gateway.provider.conformance;

import static io.jetway.gateway.provider.conformance.AccumulatedCompletion.accumulate;
import static io.jetway.gateway.provider.conformance.AccumulatedCompletion.comparable;
import static io.jetway.gateway.provider.conformance.ExpectedOutputs.assertError;
import static io.jetway.gateway.provider.conformance.ExpectedOutputs.isError;
import static io.jetway.gateway.provider.conformance.ExpectedOutputs.withGenerated;
import static io.jetway.gateway.provider.conformance.FakeUpstream.drain;
import static io.jetway.gateway.provider.conformance.FakeUpstream.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Providers;
import io.jetway.gateway.provider.Translation;
import io.jetway.gateway.requests.RequestParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One provider's conformance, the same for every provider: each case folder under
 * {@code conformance/<provider>/} (layout: {@code conformance/README.md}) is found and run without
 * being listed, and each capability the provider declares, or lacks, becomes a case of its own.
 *
 * <p>For each folder, as its files say: the bodies sent upstream follow the provider's schema and are the
 * documented ones; the answer the gateway makes of the provider's answer is the expected one and equals
 * the accumulated chunks it makes of the same answer streamed, both reporting the same typed facts; the
 * chunks of a stream, read in pieces of 1, 7 and all bytes, are the expected ones, ending cleanly or with
 * the expected error; an error answer keeps the provider's status and message. Expected files are
 * compared by {@link ExpectedOutputs}, streams accumulated by {@link AccumulatedCompletion} and served
 * by {@link FakeUpstream}.
 */
abstract class ProviderConformanceTest {

    /** What a request can ask for that some providers cannot do, with a request field that asks for it. */
    enum Capability {
        TOOLS("tools", "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]"),
        VISION("messages", null),
        JSON_SCHEMA(
                "response_format",
                "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"r\","
                        + "\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}}"),
        THINKING("thinking", "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}"),
        N("n", "\"n\":2"),
        LOGPROBS("logprobs", "\"logprobs\":true"),
        SEED("seed", "\"seed\":7");

        final String field;
        final String sample;

        Capability(String field, String sample) {
            this.field = field;
            this.sample = sample;
        }
    }

    private static final String PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    private static final RequestParser PARSER = new RequestParser(Json.MAPPER);
    private static final Instant RECEIVED = Instant.parse("2026-01-01T00:00:00Z");

    /** The provider's id, which is also its folder under {@code conformance/}. */
    abstract String provider();

    /** The provider as registered; a suite whose provider does I/O while preparing gives it a stub. */
    Provider providerUnderTest() {
        return Providers.defaults().get(provider(), "x-portkey-provider");
    }

    /** A model the capability cases use. */
    abstract String model();

    /** What the provider does for the model (carries out in its call); every other capability it must refuse or name. */
    abstract Set<Capability> capabilities();

    // ---- golden folders ------------------------------------------------------------------------------

    /** Every file name a case folder may hold (layout: {@code conformance/README.md}); any other fails the build. */
    static final Set<String> CASE_FILES = Set.of(
            "request.json",
            "request.upstream.json",
            "target.json",
            "answer.upstream.json",
            "answer.expected.json",
            "stream.upstream",
            "stream.upstream.events.json",
            "stream.expected.jsonl",
            "error.upstream.json",
            "error.expected.json");

    /** The sizes in which a case's upstream stream is handed to the decoder: byte by byte, odd pieces, all at once. */
    private static final int[] PIECES = {1, 7, Integer.MAX_VALUE};

    @TestFactory
    Stream<DynamicTest> everyCaseFolderOfTheProvider() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path c : cases(provider())) {
            String name = c.getFileName().toString();
            tests.add(DynamicTest.dynamicTest(
                    name + ": the upstream bodies follow the provider's published schema",
                    () -> upstreamBodiesFollowTheSchema(c)));
            if (Files.exists(c.resolve("request.upstream.json"))) {
                tests.add(DynamicTest.dynamicTest(
                        name + ": the upstream body is the documented one", () -> upstreamBodyIsTheDocumentedOne(c)));
            }
            if (Files.exists(c.resolve("answer.upstream.json")) && hasStream(c)) {
                tests.add(DynamicTest.dynamicTest(
                        name + ": the accumulated stream equals the answer", () -> streamEqualsAnswer(c)));
            }
            if (Files.exists(c.resolve("answer.expected.json"))) {
                tests.add(DynamicTest.dynamicTest(
                        name + ": the answer is the expected one", () -> answerIsTheExpectedOne(c)));
            }
            if (Files.exists(c.resolve("stream.expected.jsonl"))) {
                for (int piece : PIECES) {
                    tests.add(DynamicTest.dynamicTest(
                            name + ": the stream read in pieces of " + (piece == Integer.MAX_VALUE ? "all" : piece)
                                    + " bytes is the expected chunks",
                            () -> streamIsTheExpectedChunks(c, piece)));
                }
            }
            if (Files.exists(c.resolve("error.upstream.json"))) {
                tests.add(DynamicTest.dynamicTest(
                        name + ": an error keeps the provider's status and message",
                        () -> errorKeepsStatusAndMessage(c)));
            }
        }
        return tests.stream();
    }

    /** The case folders of a provider, in name order; there is at least one. */
    static List<Path> cases(String provider) throws IOException {
        Path root = folder(provider);
        List<Path> cases;
        try (Stream<Path> s = Files.list(root)) {
            cases = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(cases).as("cases under %s", root).isNotEmpty();
        return cases;
    }

    private static boolean hasStream(Path c) {
        return Files.exists(c.resolve("stream.upstream")) || Files.exists(c.resolve("stream.upstream.events.json"));
    }

    /** The body sent for the case's request, whole and streamed, validates against the provider's schema. */
    private void upstreamBodiesFollowTheSchema(Path c) throws IOException {
        Provider provider = providerUnderTest();
        for (boolean stream : new boolean[] {false, true}) {
            ProviderRequest sent =
                    provider.translate(call(request(c, stream), c)).request();
            assertThat(UpstreamSchemas.problems(provider(), sent))
                    .as("schema problems (stream=%s) of %s", stream, new String(sent.body(), StandardCharsets.UTF_8))
                    .isEmpty();
        }
    }

    /** The body sent for the case's request (streamed if it says so) is the one the provider's docs show for it. */
    private void upstreamBodyIsTheDocumentedOne(Path c) throws IOException {
        Provider provider = providerUnderTest();
        boolean asWritten = Json.MAPPER
                .readTree(c.resolve("request.json").toFile())
                .path("stream")
                .asBoolean(false);
        ProviderRequest sent =
                provider.translate(call(request(c, asWritten), c)).request();
        assertThat(Json.MAPPER.readTree(sent.body()))
                .isEqualTo(
                        Json.MAPPER.readTree(c.resolve("request.upstream.json").toFile()));
    }

    private void streamEqualsAnswer(Path c) throws IOException {
        Provider provider = providerUnderTest();
        Translation whole = provider.translate(call(request(c, false), c));
        JsonNode answer = Json.MAPPER.readTree(whole.answer(Files.readAllBytes(c.resolve("answer.upstream.json"))));

        Translation streamed = provider.translate(call(request(c, true), c));
        FakeUpstream.Drained drained = drain(streamed, Integer.MAX_VALUE, stream(c));
        assertThat(drained.error()).as("the stream's error").isNull();

        boolean jsonContent = asksForJson(c);
        ObjectNode accumulated = accumulate(drained.chunks(), jsonContent);
        ObjectNode expected = comparable(answer, jsonContent);
        if (!asksForUsage(c)) {
            assertThat(accumulated.get("usage"))
                    .as("a usage chunk nobody asked for")
                    .isEqualTo(NullNode.getInstance());
            expected.putNull("usage");
        }
        assertThat(accumulated).isEqualTo(expected);
        CallFacts answerFacts = whole.facts().facts();
        CallFacts streamFacts = streamed.facts().facts();
        assertThat(streamFacts).isEqualTo(answerFacts);
        assertThat(answerFacts.usage()).as("usage").isNotNull();
        assertThat(answerFacts.finishReasons())
                .as("finish reasons")
                .isNotEmpty()
                .doesNotContainNull();
    }

    /**
     * The answer the gateway makes of {@code answer.upstream.json} is {@code answer.expected.json}; an
     * expected {@code {"error": …}} (see {@link ExpectedOutputs#assertError}) means the answer is refused with that error.
     */
    private void answerIsTheExpectedOne(Path c) throws IOException {
        JsonNode expected =
                Json.MAPPER.readTree(c.resolve("answer.expected.json").toFile());
        Translation whole = providerUnderTest().translate(call(request(c, false), c));
        byte[] upstream = Files.readAllBytes(c.resolve("answer.upstream.json"));
        if (isError(expected)) {
            GatewayException refused = null;
            try {
                whole.answer(upstream);
            } catch (GatewayException e) {
                refused = e;
            }
            assertError(refused, expected.get("error"));
            return;
        }
        JsonNode answer = Json.MAPPER.readTree(whole.answer(upstream));
        assertThat(withGenerated(answer, expected)).isEqualTo(expected);
    }

    /**
     * The chunks the gateway makes of the case's upstream stream, read in pieces of {@code piece}
     * bytes, are the lines of {@code stream.expected.jsonl}, all with one id; a last line
     * {@code {"error": …}} means the stream ends with that error (sent as an SSE error event),
     * otherwise it ends cleanly. Either way the upstream response is released.
     */
    private void streamIsTheExpectedChunks(Path c, int piece) throws IOException {
        List<JsonNode> expected = new ArrayList<>();
        for (String line : Files.readAllLines(c.resolve("stream.expected.jsonl"), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                expected.add(Json.MAPPER.readTree(line));
            }
        }
        JsonNode expectedError = !expected.isEmpty() && isError(expected.getLast())
                ? expected.removeLast().get("error")
                : null;

        FakeUpstream.Drained drained =
                drain(providerUnderTest().translate(call(request(c, true), c)), piece, stream(c));

        List<JsonNode> chunks = new ArrayList<>();
        for (int i = 0; i < drained.chunks().size(); i++) {
            JsonNode chunk = parse(drained.chunks().get(i));
            chunks.add(i < expected.size() ? withGenerated(chunk, expected.get(i)) : chunk);
        }
        assertThat(chunks).containsExactlyElementsOf(expected);
        assertThat(drained.chunks().stream()
                        .map(ch -> parse(ch).path("id").asText())
                        .distinct())
                .as("the chunks' ids")
                .hasSizeLessThanOrEqualTo(1);
        if (expectedError == null) {
            assertThat(drained.error()).as("the stream's error").isNull();
        } else {
            assertError(drained.error(), expectedError);
        }
        assertThat(drained.released()).as("the upstream response is released").isTrue();
    }

    /**
     * {@code error.upstream.json} ({@code {status, headers?, body | bodyText}}) is answered with
     * {@code error.expected.json} (see {@link ExpectedOutputs#assertError}), the same through the chat translation and
     * through {@code mapError} as any endpoint uses it.
     */
    private void errorKeepsStatusAndMessage(Path c) throws IOException {
        JsonNode upstream =
                Json.MAPPER.readTree(c.resolve("error.upstream.json").toFile());
        JsonNode expected =
                Json.MAPPER.readTree(c.resolve("error.expected.json").toFile());
        Provider provider = providerUnderTest();

        int status = upstream.get("status").asInt();
        byte[] body = upstream.has("bodyText")
                ? upstream.get("bodyText").asText().getBytes(StandardCharsets.UTF_8)
                : Json.MAPPER.writeValueAsBytes(upstream.get("body"));
        JsonNode headers = upstream.path("headers");
        java.util.function.Function<String, String> header = name -> {
            for (Map.Entry<String, JsonNode> h : headers.properties()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue().asText();
                }
            }
            return null;
        };
        GatewayException e = provider.translate(call(request(c, false), c)).error(status, body, header::apply);
        GatewayException sameForAnyEndpoint = provider.mapError(call(request(c, false)), status, body, header::apply);

        assertThat(sameForAnyEndpoint.status()).isEqualTo(e.status());
        assertThat(sameForAnyEndpoint.getMessage()).isEqualTo(e.getMessage());

        assertError(e, expected);
    }

    // ---- capabilities --------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> eachCapabilityIsCarriedOutOrRefusedOrNamedAsDropped() {
        return Arrays.stream(Capability.values())
                .map(cap -> capabilities().contains(cap)
                        ? DynamicTest.dynamicTest(cap + " is carried out", () -> carriedOut(cap))
                        : DynamicTest.dynamicTest(cap + " is refused or named as dropped", () -> refusedOrNamed(cap)));
    }

    private void carriedOut(Capability cap) {
        ProviderRequest with = prepare(withCapability(cap));
        ProviderRequest without = prepare(baseline());

        assertThat(with.droppedParams()).doesNotContain(cap.field);
        assertThat(UpstreamSchemas.problems(provider(), with))
                .as("schema problems of %s", new String(with.body(), StandardCharsets.UTF_8))
                .isEmpty();
        assertThat(with.uri().equals(without.uri()) && Arrays.equals(with.body(), without.body()))
                .as("%s changes the upstream call", cap)
                .isFalse();
        if (cap == Capability.VISION) {
            assertThat(new String(with.body(), StandardCharsets.UTF_8)).contains(PNG);
        }
    }

    private void refusedOrNamed(Capability cap) {
        ProviderRequest with;
        try {
            with = prepare(withCapability(cap));
        } catch (GatewayException refused) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.param()).startsWith(cap.field);
            return;
        }
        assertThat(with.droppedParams())
                .as("%s is neither refused nor named", cap)
                .contains(cap.field);
        assertThat(UpstreamSchemas.problems(provider(), with))
                .as("schema problems of %s", new String(with.body(), StandardCharsets.UTF_8))
                .isEmpty();
    }

    private String baseline() {
        return "{\"model\":\"" + model() + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    private String withCapability(Capability cap) {
        if (cap == Capability.VISION) {
            return "{\"model\":\"" + model() + "\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                    + "\"text\":\"Hi\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,"
                    + PNG + "\"}}]}]}";
        }
        return "{\"model\":\"" + model() + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]," + cap.sample
                + "}";
    }

    private ProviderRequest prepare(String json) {
        return providerUnderTest()
                .translate(call(PARSER.parse("application/json", json.getBytes(StandardCharsets.UTF_8))))
                .request();
    }

    // ---- plumbing ------------------------------------------------------------------------------------

    static Path folder(String provider) {
        try {
            URI uri = ProviderConformanceTest.class
                    .getResource("/conformance/" + provider)
                    .toURI();
            return Path.of(uri);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no folder conformance/" + provider, e);
        }
    }

    private static ChatRequest request(Path c, boolean stream) throws IOException {
        ObjectNode tree =
                (ObjectNode) Json.MAPPER.readTree(c.resolve("request.json").toFile());
        if (stream) {
            tree.put("stream", true);
        } else {
            if (tree.path("stream").asBoolean(false)) {
                tree.remove("stream"); // an explicit "stream": false is kept, as the caller wrote it
            }
            tree.remove("stream_options");
        }
        return PARSER.parse("application/json", Json.MAPPER.writeValueAsBytes(tree));
    }

    /**
     * The call for a case's request: the suite's target, with strict OpenAI compliance as the case's
     * optional {@code target.json} says ({@code {"strict_open_ai_compliance": false}}).
     */
    private ProviderCall call(ChatRequest request, Path c) throws IOException {
        Path target = c.resolve("target.json");
        boolean strict = !Files.exists(target)
                || Json.MAPPER
                        .readTree(target.toFile())
                        .path("strict_open_ai_compliance")
                        .asBoolean(true);
        return call(request, strict);
    }

    private ProviderCall call(ChatRequest request) {
        return call(request, true);
    }

    private ProviderCall call(ChatRequest request, boolean strict) {
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        options.put(ProviderOption.AWS_ACCESS_KEY_ID, "AKIDEXAMPLE");
        options.put(ProviderOption.AWS_SECRET_ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        options.put(ProviderOption.VERTEX_PROJECT_ID, "p");
        options.put(ProviderOption.AZURE_RESOURCE_NAME, "res");
        options.put(ProviderOption.AZURE_DEPLOYMENT_ID, "dep");
        options.put(ProviderOption.WORKERS_AI_ACCOUNT_ID, "023e105f4ecef8ad9ca31a8372d0c353");
        Target target = new Target(provider(), "key", null, null, options, null, Map.of(), strict);
        return new ProviderCall(request, target, "trace-conformance", RECEIVED);
    }

    /** Whether the case's request asks for the usage chunk ({@code stream_options.include_usage}). */
    private static boolean asksForUsage(Path c) throws IOException {
        return Json.MAPPER
                .readTree(c.resolve("request.json").toFile())
                .path("stream_options")
                .path("include_usage")
                .asBoolean(false);
    }

    /**
     * Whether the case's request asks for a JSON answer ({@code response_format} other than text):
     * its content is then compared as parsed JSON, as the stream's fragments may space it differently.
     */
    private static boolean asksForJson(Path c) throws IOException {
        String type = Json.MAPPER
                .readTree(c.resolve("request.json").toFile())
                .path("response_format")
                .path("type")
                .asText("text");
        return !type.equals("text");
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
