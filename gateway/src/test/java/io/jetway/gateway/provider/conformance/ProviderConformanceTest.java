package io.jetway.gateway.provider.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.ErrorBodies;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Providers;
import io.jetway.gateway.provider.Translation;
import io.jetway.gateway.provider.bedrock.eventstream.EventStreamFrames;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One provider's conformance, the same for every provider: each case folder under
 * {@code conformance/<provider>/} (layout: {@code conformance/README.md}) is found and run without
 * being listed, and each capability the provider declares, or lacks, becomes a case of its own.
 *
 * <p>For each folder: the answer the gateway makes of the provider's answer equals the accumulated
 * chunks it makes of the same answer streamed, both report the same typed facts, and an error answer
 * keeps the provider's status and message.
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

    /**
     * In an expected file, this text stands for a value the gateway makes itself (a completion id,
     * {@code created}, a generated tool-call id): the actual value there must be a non-empty string
     * or a number, and is otherwise not compared. Text after the marker is a literal suffix the actual
     * value must end with (Gemini's tool-call ids carry the thought signature after the generated part:
     * {@code "<generated>__thought__CiQ…"}). Values the provider sent are written out literally.
     */
    static final String GENERATED = "<generated>";

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
        Drained drained = drain(streamed, Integer.MAX_VALUE, stream(c));
        assertThat(drained.error).as("the stream's error").isNull();

        boolean jsonContent = asksForJson(c);
        ObjectNode accumulated = accumulate(drained.chunks, jsonContent);
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
     * expected {@code {"error": …}} (see {@link #assertError}) means the answer is refused with that error.
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

        Drained drained = drain(providerUnderTest().translate(call(request(c, true), c)), piece, stream(c));

        List<JsonNode> chunks = new ArrayList<>();
        for (int i = 0; i < drained.chunks.size(); i++) {
            JsonNode chunk = parse(drained.chunks.get(i));
            chunks.add(i < expected.size() ? withGenerated(chunk, expected.get(i)) : chunk);
        }
        assertThat(chunks).containsExactlyElementsOf(expected);
        assertThat(drained.chunks.stream()
                        .map(ch -> parse(ch).path("id").asText())
                        .distinct())
                .as("the chunks' ids")
                .hasSizeLessThanOrEqualTo(1);
        if (expectedError == null) {
            assertThat(drained.error).as("the stream's error").isNull();
        } else {
            assertError(drained.error, expectedError);
        }
        assertThat(drained.released).as("the upstream response is released").isTrue();
    }

    /**
     * {@code error.upstream.json} ({@code {status, headers?, body | bodyText}}) is answered with
     * {@code error.expected.json} (see {@link #assertError}), the same through the chat translation and
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

    private static boolean isError(JsonNode expected) {
        return expected.size() == 1 && expected.has("error");
    }

    /**
     * An expected error: {@code {status, message}}, and where given {@code type}, {@code code},
     * {@code param} (each may be {@code null}) and {@code headers} (the response headers passed on).
     * The client's error body ({@code ErrorBodies}) carries the same message, type, param and code.
     */
    static void assertError(GatewayException e, JsonNode expected) {
        assertThat(e).as("an error %s", expected).isNotNull();
        assertThat(e.status()).as("status").isEqualTo(expected.get("status").asInt());
        assertThat(e.getMessage())
                .as("message")
                .isEqualTo(expected.get("message").asText());
        JsonNode body =
                parse(new String(ErrorBodies.json(e), StandardCharsets.UTF_8)).path("error");
        assertThat(body.path("message").asText()).as("the error body's message").isEqualTo(e.getMessage());
        for (String field : new String[] {"type", "code", "param"}) {
            if (expected.has(field)) {
                assertThat(body.get(field)).as(field).isEqualTo(expected.get(field));
            }
        }
        if (expected.has("headers")) {
            assertThat(Json.MAPPER.<JsonNode>valueToTree(e.headers()))
                    .as("headers")
                    .isEqualTo(expected.get("headers"));
        }
    }

    /**
     * {@code actual} with each value the expected file marks {@link #GENERATED} replaced by the
     * expected text, when the actual value is one the gateway could have generated (a non-empty string
     * ending with the marker's suffix, or a number); anything else stays as it is and so fails the
     * comparison.
     */
    static JsonNode withGenerated(JsonNode actual, JsonNode expected) {
        if (expected.isTextual() && expected.asText().startsWith(GENERATED)) {
            String suffix = expected.asText().substring(GENERATED.length());
            boolean generated = (actual.isTextual()
                            && actual.asText().endsWith(suffix)
                            && actual.asText().length() > suffix.length())
                    || (actual.isNumber() && suffix.isEmpty());
            return generated ? expected : actual;
        }
        if (actual.isObject() && expected.isObject()) {
            ObjectNode copy = ((ObjectNode) actual).deepCopy();
            for (Map.Entry<String, JsonNode> field : actual.properties()) {
                if (expected.has(field.getKey())) {
                    copy.set(field.getKey(), withGenerated(field.getValue(), expected.get(field.getKey())));
                }
            }
            return copy;
        }
        if (actual.isArray() && expected.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < actual.size(); i++) {
                copy.add(i < expected.size() ? withGenerated(actual.get(i), expected.get(i)) : actual.get(i));
            }
            return copy;
        }
        return actual;
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

    /** What a stream gave: its chunks, the error it ended with if any, whether the upstream was released. */
    private record Drained(List<String> chunks, GatewayException error, boolean released) {}

    private static Drained drain(Translation streamed, int piece, byte[] upstream) {
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        List<String> chunks = new ArrayList<>();
        GatewayException error = null;
        try (ChunkSource source = streamed.stream(upstreamRequest(), upstreamResponse(upstream, piece, closed))) {
            for (String chunk = source.next(); chunk != null; chunk = source.next()) {
                chunks.add(chunk);
            }
        } catch (GatewayException e) {
            error = e;
        }
        boolean released;
        try {
            // A finished stream may be released after its remaining body is read, on another thread.
            released = closed.await(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            released = false;
        }
        return new Drained(chunks, error, released);
    }

    private static byte[] stream(Path c) throws IOException {
        Path sse = c.resolve("stream.upstream");
        if (Files.exists(sse)) {
            return Files.readAllBytes(sse);
        }
        JsonNode events =
                Json.MAPPER.readTree(c.resolve("stream.upstream.events.json").toFile());
        List<byte[]> frames = new ArrayList<>();
        for (JsonNode e : events) {
            frames.add(
                    e.has("event")
                            ? EventStreamFrames.event(
                                    e.get("event").asText(), e.get("payload").toString())
                            : EventStreamFrames.exception(
                                    e.get("exception").asText(),
                                    e.get("payload").toString()));
        }
        return EventStreamFrames.concat(frames.toArray(new byte[0][]));
    }

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

    private static UpstreamRequest upstreamRequest() {
        return new UpstreamRequest(
                URI.create("https://upstream.example/v1"), Map.of(), new byte[0], Duration.ofSeconds(30), false);
    }

    /** A 200 answer whose body reads at most {@code piece} bytes at a time; closing it counts {@code closed} down. */
    private static UpstreamResponse upstreamResponse(
            byte[] body, int piece, java.util.concurrent.CountDownLatch closed) {
        InputStream in = new InputStream() {
            private int at;

            @Override
            public int read() {
                return at < body.length ? body[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (at >= body.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, piece), body.length - at);
                System.arraycopy(body, at, b, off, n);
                at += n;
                return n;
            }
        };
        return new UpstreamResponse() {
            @Override
            public int status() {
                return 200;
            }

            @Override
            public void forEachHeader(BiConsumer<String, String> action) {
                // none
            }

            @Override
            public String header(String name) {
                return null;
            }

            @Override
            public InputStream body() {
                return in;
            }

            @Override
            public byte[] readAll() {
                return body;
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };
    }
}
