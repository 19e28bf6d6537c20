package io.jetway.gateway.provider.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.ChunkSource;
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
import java.io.ByteArrayInputStream;
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

    @TestFactory
    Stream<DynamicTest> everyCaseFolderOfTheProvider() throws IOException {
        Path root = folder(provider());
        List<Path> cases;
        try (Stream<Path> s = Files.list(root)) {
            cases = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(cases).as("cases under %s", root).isNotEmpty();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path c : cases) {
            String name = c.getFileName().toString();
            tests.add(DynamicTest.dynamicTest(
                    name + ": the upstream bodies follow the provider's published schema",
                    () -> upstreamBodiesFollowTheSchema(c)));
            if (Files.exists(c.resolve("request.upstream.json"))) {
                tests.add(DynamicTest.dynamicTest(
                        name + ": the upstream body is the documented one", () -> upstreamBodyIsTheDocumentedOne(c)));
            }
            if (Files.exists(c.resolve("answer.upstream.json"))) {
                tests.add(DynamicTest.dynamicTest(
                        name + ": the accumulated stream equals the answer", () -> streamEqualsAnswer(c)));
            }
            if (Files.exists(c.resolve("error.upstream.json"))) {
                tests.add(DynamicTest.dynamicTest(
                        name + ": an error keeps the provider's status and message",
                        () -> errorKeepsStatusAndMessage(c)));
            }
        }
        return tests.stream();
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
        List<String> chunks = new ArrayList<>();
        try (ChunkSource source = streamed.stream(upstreamRequest(), upstreamResponse(stream(c)))) {
            for (String chunk = source.next(); chunk != null; chunk = source.next()) {
                chunks.add(chunk);
            }
        }

        assertThat(accumulate(chunks)).isEqualTo(comparable(answer));
        CallFacts answerFacts = whole.facts().facts();
        CallFacts streamFacts = streamed.facts().facts();
        assertThat(streamFacts).isEqualTo(answerFacts);
        assertThat(answerFacts.usage()).as("usage").isNotNull();
        assertThat(answerFacts.finishReasons())
                .as("finish reasons")
                .isNotEmpty()
                .doesNotContainNull();
    }

    private void errorKeepsStatusAndMessage(Path c) throws IOException {
        JsonNode upstream =
                Json.MAPPER.readTree(c.resolve("error.upstream.json").toFile());
        JsonNode expected =
                Json.MAPPER.readTree(c.resolve("error.expected.json").toFile());
        Provider provider = providerUnderTest();

        int status = upstream.get("status").asInt();
        byte[] body = Json.MAPPER.writeValueAsBytes(upstream.get("body"));
        GatewayException e = provider.translate(call(request(c, false), c)).error(status, body, name -> null);
        GatewayException sameForAnyEndpoint = provider.mapError(call(request(c, false)), status, body, name -> null);

        assertThat(sameForAnyEndpoint.status()).isEqualTo(e.status());
        assertThat(sameForAnyEndpoint.getMessage()).isEqualTo(e.getMessage());

        assertThat(e.status()).isEqualTo(expected.get("status").asInt());
        assertThat(e.getMessage()).isEqualTo(expected.get("message").asText());
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
            tree.remove("stream");
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

    private static byte[] stream(Path c) throws IOException {
        Path sse = c.resolve("stream.upstream");
        if (Files.exists(sse)) {
            return Files.readAllBytes(sse);
        }
        JsonNode events =
                Json.MAPPER.readTree(c.resolve("stream.upstream.events.json").toFile());
        List<byte[]> frames = new ArrayList<>();
        for (JsonNode e : events) {
            frames.add(EventStreamFrames.event(
                    e.get("event").asText(), e.get("payload").toString()));
        }
        return EventStreamFrames.concat(frames.toArray(new byte[0][]));
    }

    /**
     * The chunks as one {@code chat.completion}, in the shape {@link #comparable} gives an answer:
     * each choice's content, tool calls and finish reason; the model; the usage chunk's usage.
     */
    static ObjectNode accumulate(List<String> chunks) {
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
        return normalisedArguments(out);
    }

    /** An answer in the shape {@link #accumulate} gives. */
    static ObjectNode comparable(JsonNode answer) {
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
        return normalisedArguments(out);
    }

    private static ObjectNode newChoice() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Tool call arguments as parsed JSON, so that spacing the stream's fragments carried does not count. */
    private static ObjectNode normalisedArguments(ObjectNode completion) {
        for (JsonNode choice : completion.path("choices")) {
            for (JsonNode call : choice.path("tool_calls")) {
                ((ObjectNode) call)
                        .set("arguments", parse(call.path("arguments").asText("")));
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

    private static UpstreamResponse upstreamResponse(byte[] body) {
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
                return new ByteArrayInputStream(body);
            }

            @Override
            public byte[] readAll() {
                return body;
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
