package io.jetway.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.bedrock.eventstream.EventStreamFrames;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A chat call is translated once: what preparing decided (JSON-output mode, include-usage, the
 * model) is what its answer and stream are read with, and each upstream attempt records facts of
 * its own. The decisions are shown to be the prepared ones by changing the caller's request after
 * preparing: a mapper that decided again from the request would read the answer differently.
 */
class TranslationTest {

    private static final ProviderRegistry PROVIDERS = Providers.defaults();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "anthropic, claude-3-5-haiku-20241022",
        "vertex-ai, claude-3-5-haiku@20241022",
        "bedrock, anthropic.claude-3-haiku-20240307-v1:0"
    })
    void theAnswerReadsTheJsonToolPreparingForcedEvenIfTheRequestChangesAfterwards(String provider, String model)
            throws IOException {
        ProviderCall call = call(
                provider,
                "{\"model\":\"" + model + "\",\"response_format\":{\"type\":\"json_object\"},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Give me JSON\"}]}");
        Translation translation = PROVIDERS.get(provider, "x-portkey-provider").translate(call);
        String tool =
                forcedTool(provider, Json.MAPPER.readTree(translation.request().body()));
        assertThat(tool).as("the body forces a JSON tool").isNotBlank();

        call.request().body().setResponseFormat(null);
        call.request().body().setModel("a-model-set-after-preparing");

        JsonNode answer = Json.MAPPER.readTree(translation.answer(utf8(toolAnswer(provider, tool))));
        JsonNode message = answer.at("/choices/0/message");
        assertThat(message.path("content").asText()).isEqualTo("{\"a\":1}");
        assertThat(message.has("tool_calls")).isFalse();
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(answer.path("model").asText()).isNotEqualTo("a-model-set-after-preparing");
        assertThat(translation.facts().facts().finishReasons()).containsExactly("stop");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "anthropic, claude-sonnet-4-5",
        "google, gemini-2.5-flash",
        "cohere, command-a-03-2025",
        "bedrock, anthropic.claude-3-haiku-20240307-v1:0"
    })
    void theStreamSendsTheUsageChunkTheRequestAskedForWhenItWasPrepared(String provider, String model) {
        ProviderCall call = call(
                provider,
                "{\"model\":\"" + model + "\",\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        Translation translation = PROVIDERS.get(provider, "x-portkey-provider").translate(call);

        call.request().body().setStreamOptions(null);

        List<String> chunks = drain(translation.stream(upstreamRequest(), upstreamResponse(stream(provider))));
        assertThat(chunks.getLast()).contains("\"completion_tokens\":5").contains("\"choices\":[]");
    }

    @Test
    void eachAttemptRecordsItsOwnFactsAndSharesTheRequestAndTheDecisions() {
        ProviderCall call = call(
                "cohere",
                "{\"model\":\"command-a-03-2025\"," + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        Translation first = PROVIDERS.get("cohere", "x-portkey-provider").translate(call);
        Translation second = first.nextAttempt();

        second.answer(utf8(COHERE_ANSWER));

        assertThat(second.request()).isSameAs(first.request());
        assertThat(second.reader()).isSameAs(first.reader());
        assertThat(second.facts().facts())
                .isEqualTo(new CallFacts(
                        "c1",
                        "command-a-03-2025",
                        List.of("stop"),
                        second.facts().facts().usage()));
        assertThat(first.facts().facts()).isEqualTo(CallFacts.UNKNOWN);
    }

    // ------------------------------------------------------------------------------------------

    private static String forcedTool(String provider, JsonNode body) {
        return provider.equals("bedrock")
                ? body.at("/toolConfig/toolChoice/tool/name").asText()
                : body.at("/tool_choice/name").asText();
    }

    /** The upstream's answer that uses the forced JSON tool with input {@code {"a":1}}. */
    private static String toolAnswer(String provider, String tool) {
        if (provider.equals("bedrock")) {
            return "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"t1\","
                    + "\"name\":\"" + tool + "\",\"input\":{\"a\":1}}}]}},\"stopReason\":\"tool_use\","
                    + "\"usage\":{\"inputTokens\":3,\"outputTokens\":5,\"totalTokens\":8}}";
        }
        return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-3-5-haiku-20241022\","
                + "\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"" + tool
                + "\",\"input\":{\"a\":1}}],"
                + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":5}}";
    }

    private static final String COHERE_USAGE = "\"usage\":{\"tokens\":{\"input_tokens\":3,\"output_tokens\":5}}";
    private static final String COHERE_ANSWER = "{\"id\":\"c1\",\"finish_reason\":\"COMPLETE\",\"message\":"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}," + COHERE_USAGE + "}";

    /** A one-word answer streamed in each provider's format, with 5 output tokens in its usage. */
    private static byte[] stream(String provider) {
        return switch (provider) {
            case "anthropic" ->
                utf8(sse(
                        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
                                + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
                                + "\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}",
                        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}",
                        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
                        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":5}}",
                        "event: message_stop\ndata: {\"type\":\"message_stop\"}"));
            case "google" ->
                utf8(sse("data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hi\"}]},"
                        + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":3,"
                        + "\"candidatesTokenCount\":5,\"totalTokenCount\":8},\"modelVersion\":\"gemini-2.5-flash\"}"));
            case "cohere" ->
                utf8(sse(
                        "event: message-start\ndata: {\"id\":\"c1\",\"type\":\"message-start\",\"delta\":{\"message\":"
                                + "{\"role\":\"assistant\",\"content\":[]}}}",
                        "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":"
                                + "{\"content\":{\"text\":\"Hi\"}}}}",
                        "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\","
                                + COHERE_USAGE + "}}"));
            case "bedrock" ->
                EventStreamFrames.concat(
                        EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}"),
                        EventStreamFrames.event(
                                "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hi\"}}"),
                        EventStreamFrames.event("messageStop", "{\"stopReason\":\"end_turn\"}"),
                        EventStreamFrames.event(
                                "metadata",
                                "{\"usage\":{\"inputTokens\":3,\"outputTokens\":5,"
                                        + "\"totalTokens\":8},\"metrics\":{\"latencyMs\":100}}"));
            default -> throw new IllegalArgumentException(provider);
        };
    }

    private static ProviderCall call(String provider, String json) {
        ChatRequest request = new RequestParser(Json.MAPPER).parse("application/json", utf8(json));
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        options.put(ProviderOption.VERTEX_PROJECT_ID, "p");
        Target target = new Target(provider, "key", null, null, options, null, Map.of(), true);
        return new ProviderCall(request, target, "trace-1", Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static List<String> drain(ChunkSource source) {
        List<String> chunks = new ArrayList<>();
        try (source) {
            for (String chunk = source.next(); chunk != null; chunk = source.next()) {
                chunks.add(chunk);
            }
        }
        return chunks;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sse(String... events) {
        return String.join("\n\n", events) + "\n\n";
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
