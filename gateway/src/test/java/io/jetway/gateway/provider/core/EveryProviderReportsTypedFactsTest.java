package io.jetway.gateway.provider.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.core.TokenUsage;
import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRegistry;
import io.jetway.gateway.provider.Providers;
import io.jetway.gateway.provider.Translation;
import io.jetway.gateway.provider.bedrock.eventstream.EventStreamFrames;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every provider's translation reports what the answer turned out to be as typed facts (id,
 * model, finish reasons, usage in {@link TokenUsage}'s convention), for a whole answer and for a
 * stream alike, the stream's usage even when the caller did not ask for the usage chunk (the
 * provider sends it anyway; OpenAI-format providers only when asked, so they are asked here).
 */
class EveryProviderReportsTypedFactsTest {

    private static final ProviderRegistry PROVIDERS = Providers.defaults();

    /** One provider's upstream answer and the same answer streamed, and the facts both must give. */
    private record Case(
            String provider,
            String model,
            byte[] answer,
            byte[] stream,
            boolean askUsage,
            String answeredModel,
            TokenUsage usage) {
        @Override
        public String toString() {
            return provider + " " + model;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sse(String... events) {
        return String.join("\n\n", events) + "\n\n";
    }

    private static final String OPENAI_CHUNK = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1,\"model\":\"gpt-4o-2024-08-06\",";
    private static final Case OPENAI = new Case(
            "openai",
            "gpt-4o",
            utf8("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-2024-08-06\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,"
                    + "\"total_tokens\":17,\"prompt_tokens_details\":{\"cached_tokens\":2},"
                    + "\"completion_tokens_details\":{\"reasoning_tokens\":1}}}"),
            utf8(sse(
                    "data: " + OPENAI_CHUNK + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                            + "\"content\":\"Hi\"},\"finish_reason\":null}],\"usage\":null}",
                    "data: " + OPENAI_CHUNK + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                            + "\"usage\":null}",
                    "data: " + OPENAI_CHUNK + "\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,"
                            + "\"total_tokens\":17,\"prompt_tokens_details\":{\"cached_tokens\":2},"
                            + "\"completion_tokens_details\":{\"reasoning_tokens\":1}}}",
                    "data: [DONE]")),
            true,
            "gpt-4o-2024-08-06",
            new TokenUsage(12, 2, 0, 5, 1, false));

    private static final String ANTHROPIC_ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}],"
            + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":5,"
            + "\"cache_read_input_tokens\":2,\"cache_creation_input_tokens\":3}}";
    private static final String ANTHROPIC_STREAM = sse(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                    + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],"
                    + "\"stop_reason\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":1,"
                    + "\"cache_read_input_tokens\":2,\"cache_creation_input_tokens\":3}}}",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}",
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                    + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":5}}",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}");
    /** Anthropic's cache reads and writes are added into the input tokens (TokenUsage's convention). */
    private static final TokenUsage ANTHROPIC_USAGE = new TokenUsage(15, 2, 3, 5, 0, false);

    private static final String GEMINI_USAGE = "\"usageMetadata\":{\"promptTokenCount\":12,\"candidatesTokenCount\":5,"
            + "\"totalTokenCount\":17,\"cachedContentTokenCount\":2}";
    private static final Case GEMINI = new Case(
            "google",
            "gemini-2.5-flash",
            utf8("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hi\"}]},"
                    + "\"finishReason\":\"STOP\",\"index\":0}]," + GEMINI_USAGE
                    + ",\"modelVersion\":\"gemini-2.5-flash-001\",\"responseId\":\"r1\"}"),
            utf8(sse(
                    "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hi\"}]},"
                            + "\"index\":0}],\"modelVersion\":\"gemini-2.5-flash-001\",\"responseId\":\"r1\"}",
                    "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"\"}]},"
                            + "\"finishReason\":\"STOP\",\"index\":0}]," + GEMINI_USAGE
                            + ",\"modelVersion\":\"gemini-2.5-flash-001\",\"responseId\":\"r1\"}")),
            false,
            "gemini-2.5-flash-001",
            new TokenUsage(12, 2, 0, 5, 0, false));

    private static final String COHERE_USAGE = "\"usage\":{\"billed_units\":{\"input_tokens\":12,\"output_tokens\":5},"
            + "\"tokens\":{\"input_tokens\":12,\"output_tokens\":5}}";
    private static final Case COHERE = new Case(
            "cohere",
            "command-a-03-2025",
            utf8("{\"id\":\"c1\",\"finish_reason\":\"COMPLETE\",\"message\":{\"role\":\"assistant\","
                    + "\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}," + COHERE_USAGE + "}"),
            utf8(sse(
                    "event: message-start\ndata: {\"id\":\"c1\",\"type\":\"message-start\",\"delta\":{\"message\":"
                            + "{\"role\":\"assistant\",\"content\":[]}}}",
                    "event: content-start\ndata: {\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":"
                            + "{\"content\":{\"type\":\"text\",\"text\":\"\"}}}}",
                    "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":"
                            + "{\"content\":{\"text\":\"Hi\"}}}}",
                    "event: content-end\ndata: {\"type\":\"content-end\",\"index\":0}",
                    "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\","
                            + COHERE_USAGE + "}}",
                    "data: [DONE]")),
            false,
            "command-a-03-2025",
            new TokenUsage(12, 0, 0, 5, 0, false));

    private static final Case BEDROCK = new Case(
            "bedrock",
            "anthropic.claude-3-haiku-20240307-v1:0",
            utf8("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Hi\"}]}},"
                    + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":12,\"outputTokens\":5,"
                    + "\"totalTokens\":17},\"metrics\":{\"latencyMs\":100}}"),
            EventStreamFrames.concat(
                    EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}"),
                    EventStreamFrames.event(
                            "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hi\"}}"),
                    EventStreamFrames.event("contentBlockStop", "{\"contentBlockIndex\":0}"),
                    EventStreamFrames.event("messageStop", "{\"stopReason\":\"end_turn\"}"),
                    EventStreamFrames.event(
                            "metadata",
                            "{\"usage\":{\"inputTokens\":12,\"outputTokens\":5,"
                                    + "\"totalTokens\":17},\"metrics\":{\"latencyMs\":100}}")),
            false,
            "anthropic.claude-3-haiku-20240307-v1:0",
            new TokenUsage(12, 0, 0, 5, 0, false));

    static Stream<Arguments> cases() {
        return Stream.of(
                        OPENAI,
                        new Case(
                                "azure-openai",
                                "gpt-4o",
                                OPENAI.answer(),
                                OPENAI.stream(),
                                true,
                                OPENAI.answeredModel(),
                                OPENAI.usage()),
                        new Case(
                                "anthropic",
                                "claude-sonnet-4-5",
                                utf8(ANTHROPIC_ANSWER),
                                utf8(ANTHROPIC_STREAM),
                                false,
                                "claude-sonnet-4-5-20250929",
                                ANTHROPIC_USAGE),
                        new Case(
                                "vertex-ai",
                                "claude-sonnet-4-5@20250929",
                                utf8(ANTHROPIC_ANSWER),
                                utf8(ANTHROPIC_STREAM),
                                false,
                                "claude-sonnet-4-5-20250929",
                                ANTHROPIC_USAGE),
                        GEMINI,
                        new Case(
                                "vertex-ai",
                                "gemini-2.5-flash",
                                GEMINI.answer(),
                                GEMINI.stream(),
                                false,
                                GEMINI.answeredModel(),
                                GEMINI.usage()),
                        COHERE,
                        BEDROCK)
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aWholeAnswerReportsItsModelFinishReasonAndUsage(Case c) {
        ProviderCall call = call(c, false);

        Translation translation =
                PROVIDERS.get(c.provider(), "x-portkey-provider").translate(call);
        translation.answer(c.answer());

        CallFacts facts = translation.facts().facts();
        assertThat(facts.model()).isEqualTo(c.answeredModel());
        assertThat(facts.finishReasons()).containsExactly("stop");
        assertThat(facts.usage()).isEqualTo(c.usage());
        assertThat(facts.id()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aStreamReportsTheSameFactsAsTheWholeAnswer(Case c) {
        ProviderCall whole = call(c, false);
        Provider provider = PROVIDERS.get(c.provider(), "x-portkey-provider");
        Translation answered = provider.translate(whole);
        answered.answer(c.answer());
        Translation streamed = provider.translate(call(c, true));

        try (ChunkSource chunks = streamed.stream(upstreamRequest(), upstreamResponse(c.stream()))) {
            while (chunks.next() != null) {
                // drained: the facts are complete at the stream's end
            }
        }

        CallFacts facts = streamed.facts().facts();
        assertThat(facts.usage()).isEqualTo(c.usage());
        assertThat(facts.finishReasons()).isEqualTo(answered.facts().facts().finishReasons());
        assertThat(facts.model()).isEqualTo(answered.facts().facts().model());
    }

    private static ProviderCall call(Case c, boolean stream) {
        String json = "{\"model\":\"" + c.model() + "\",\"stream\":" + stream
                + (stream && c.askUsage() ? ",\"stream_options\":{\"include_usage\":true}" : "")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        ChatRequest request = new RequestParser(Json.MAPPER).parse("application/json", utf8(json));
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        options.put(ProviderOption.AWS_ACCESS_KEY_ID, "AKIDEXAMPLE");
        options.put(ProviderOption.AWS_SECRET_ACCESS_KEY, "secret");
        options.put(ProviderOption.VERTEX_PROJECT_ID, "p");
        options.put(ProviderOption.AZURE_RESOURCE_NAME, "res");
        options.put(ProviderOption.AZURE_DEPLOYMENT_ID, "dep");
        Target target = new Target(c.provider(), "key", null, null, options, null, Map.of(), true);
        return new ProviderCall(request, target, "trace-1", Instant.parse("2026-01-01T00:00:00Z"));
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
