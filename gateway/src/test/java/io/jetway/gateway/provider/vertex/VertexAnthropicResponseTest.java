package io.jetway.gateway.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.provider.ProviderCall;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Claude on Vertex AI, answer side, through {@link VertexProvider}: {@code rawPredict} answers and
 * {@code streamRawPredict} streams (Anthropic's Messages format, Vertex's spacing and ids) become
 * Chat Completions via the Anthropic mappers; the accumulated stream equals the non-stream answer.
 */
class VertexAnthropicResponseTest {

    private static final Map<ProviderOption, String> OPTIONS =
            Map.of(ProviderOption.VERTEX_PROJECT_ID, "my-project", ProviderOption.VERTEX_REGION, "us-east5");

    private final VertexProvider provider = new VertexProvider(account -> "unused");

    private static ProviderCall call(boolean stream, boolean includeUsage) {
        ChatRequest request = VertexFixtures.request("{\"model\":\"claude-sonnet-4-5@20250929\",\"stream\":" + stream
                + (includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"What's the weather in San Francisco?\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}}}}}]}");
        return VertexFixtures.call(request, "ya29.t", null, OPTIONS);
    }

    /** Drains the provider's chunk source over an SSE fixture: the chunks, then the error it ended with, if any. */
    private record Drained(List<String> chunks, GatewayException error) {}

    private Drained stream(ProviderCall call, String fixture) {
        List<String> chunks = new ArrayList<>();
        try (ChunkSource source = provider.translate(call).stream(
                VertexFixtures.upstreamRequest(), VertexFixtures.upstreamResponse(VertexFixtures.bytes(fixture)))) {
            for (String chunk = source.next(); chunk != null; chunk = source.next()) {
                chunks.add(chunk);
            }
        } catch (GatewayException e) {
            return new Drained(chunks, e);
        }
        return new Drained(chunks, null);
    }

    @Test
    void mapsTheRawPredictAnswerWithTheAnthropicResponseMapper() {
        byte[] out =
                provider.translate(call(false, false)).answer(VertexFixtures.bytes("response/claude-tool.vertex.json"));
        assertThat(VertexFixtures.json(out)).isEqualTo(VertexFixtures.json("response/claude-tool.openai.json"));
    }

    @Test
    void thinkingOnlyAppearsWithStrictComplianceOff() {
        String answer = """
                {"id":"msg_vrtx_01Think","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
                 "content":[{"type":"thinking","thinking":"Paris is the capital.","signature":"EqQBCgIYAhIM"},
                            {"type":"text","text":"Paris."}],
                 "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":20}}""";
        ChatRequest request = VertexFixtures.request("""
                {"model":"claude-sonnet-4-5@20250929","messages":[{"role":"user","content":"Capital of France?"}]}""");
        JsonNode strict =
                VertexFixtures.json(provider.translate(VertexFixtures.call(request, "t", null, null, OPTIONS, true))
                        .answer(answer.getBytes(StandardCharsets.UTF_8)));
        JsonNode open =
                VertexFixtures.json(provider.translate(VertexFixtures.call(request, "t", null, null, OPTIONS, false))
                        .answer(answer.getBytes(StandardCharsets.UTF_8)));
        assertThat(strict.at("/choices/0/message/content").asText()).isEqualTo("Paris.");
        assertThat(strict.toString()).doesNotContain("Paris is the capital.");
        assertThat(open.at("/choices/0/message/reasoning_content").asText()).isEqualTo("Paris is the capital.");
    }

    @Test
    void streamsTheStreamRawPredictEventsAsChatCompletionChunks() {
        Drained d = stream(call(true, true), "stream/claude-tool.vertex.sse");
        assertThat(d.error()).isNull();
        List<JsonNode> chunks = d.chunks().stream().map(VertexFixtures::parse).toList();
        assertThat(chunks).extracting(c -> c.path("id").asText()).containsOnly("msg_vrtx_01UZhFsyrYaUuvRKEzxJ7FkK");
        assertThat(chunks).extracting(c -> c.path("object").asText()).containsOnly("chat.completion.chunk");
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        JsonNode start = chunks.stream()
                .filter(c -> c.at("/choices/0/delta/tool_calls/0/id").isTextual())
                .findFirst()
                .orElseThrow();
        assertThat(start.at("/choices/0/delta/tool_calls/0/id").asText())
                .isEqualTo("toolu_vrtx_01A09q90qw90lq917835lq9");
        assertThat(start.at("/choices/0/delta/tool_calls/0/function/name").asText())
                .isEqualTo("get_weather");
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.at("/usage/total_tokens").asInt()).isEqualTo(476);
    }

    @Test
    void theAccumulatedStreamEqualsTheNonStreamAnswerToTheSameMessage() {
        Drained d = stream(call(true, true), "stream/claude-tool.vertex.sse");
        assertThat(d.error()).isNull();
        JsonNode whole = VertexFixtures.json(provider.translate(call(false, false))
                .answer(VertexFixtures.bytes("response/claude-tool.vertex.json")));
        assertThat(accumulate(d.chunks())).isEqualTo(comparable(whole));
    }

    @Test
    void anAnthropicErrorEventMidStreamEndsTheStreamWithItsStatus() {
        Drained d = stream(call(true, false), "stream/claude-overloaded-mid-stream.vertex.sse");
        assertThat(d.chunks()).hasSize(2); // role, "Hello"
        assertThat(d.error()).isNotNull();
        assertThat(d.error().status()).isEqualTo(503);
        assertThat(d.error().type()).isEqualTo("overloaded_error");
        assertThat(d.error().getMessage()).isEqualTo("Overloaded");
    }

    @Test
    void aGoogleErrorPayloadMidStreamEndsTheStreamWithItsStatusInsteadOfBeingSkipped() {
        Drained d = stream(call(true, false), "stream/claude-google-error-mid-stream.vertex.sse");
        assertThat(d.chunks()).hasSize(1);
        assertThat(d.error()).isNotNull();
        assertThat(d.error().status()).isEqualTo(429);
        assertThat(d.error().type()).isEqualTo("rate_limit_error");
        assertThat(d.error().code()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(d.error().getMessage()).startsWith("Quota exceeded for aiplatform.googleapis.com/");
    }

    @Test
    void aStreamThatEndsBeforeMessageStopIsAnErrorNamingVertex() {
        String sse = new String(VertexFixtures.bytes("stream/claude-tool.vertex.sse"), StandardCharsets.UTF_8);
        String cut = sse.substring(0, sse.indexOf("event: message_delta"));
        List<String> chunks = new ArrayList<>();
        ChunkSource source = provider.translate(call(true, false)).stream(
                VertexFixtures.upstreamRequest(),
                VertexFixtures.upstreamResponse(cut.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> {
                    for (String c = source.next(); c != null; c = source.next()) {
                        chunks.add(c);
                    }
                })
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.code()).isEqualTo("stream_truncated");
                    assertThat(e.getMessage()).contains("vertex-ai");
                });
        assertThat(chunks).isNotEmpty();
        source.close();
    }

    @Test
    void onlyPayloadsStartingLikeAGoogleErrorAreLookedAtTwice() {
        assertThat(VertexAnthropicStreamMapper.mayBeGoogleError("{\"error\": {\"code\": 429}}"))
                .isTrue();
        assertThat(VertexAnthropicStreamMapper.mayBeGoogleError(" [{\"error\":{}}]"))
                .isTrue();
        assertThat(VertexAnthropicStreamMapper.mayBeGoogleError("{\n  \"error\" : {}}"))
                .isTrue();
        assertThat(VertexAnthropicStreamMapper.mayBeGoogleError("{\"type\":\"error\",\"error\":{}}"))
                .isFalse();
        assertThat(VertexAnthropicStreamMapper.mayBeGoogleError("{\"type\":\"ping\"}"))
                .isFalse();
        assertThat(VertexAnthropicStreamMapper.mayBeGoogleError("")).isFalse();
    }

    // ------------------------------------------------------------------ accumulation as SDKs do it

    /** content, tool calls (arguments parsed), finish reason and usage of the chunks, accumulated. */
    private static ObjectNode accumulate(List<String> chunks) {
        StringBuilder content = new StringBuilder();
        Map<Integer, ObjectNode> calls = new TreeMap<>();
        Map<Integer, StringBuilder> args = new TreeMap<>();
        String finish = null;
        JsonNode usage = null;
        String id = null;
        String model = null;
        for (String c : chunks) {
            JsonNode chunk = VertexFixtures.parse(c);
            id = chunk.path("id").asText();
            model = chunk.path("model").asText();
            if (chunk.hasNonNull("usage")) {
                usage = chunk.get("usage");
            }
            for (JsonNode choice : chunk.path("choices")) {
                JsonNode delta = choice.path("delta");
                if (delta.path("content").isTextual()) {
                    content.append(delta.path("content").asText());
                }
                for (JsonNode tc : delta.path("tool_calls")) {
                    int index = tc.path("index").asInt();
                    ObjectNode call = calls.computeIfAbsent(index, k -> Json.MAPPER.createObjectNode());
                    if (tc.path("id").isTextual()) {
                        call.put("id", tc.path("id").asText());
                        call.put("name", tc.at("/function/name").asText());
                    }
                    args.computeIfAbsent(index, k -> new StringBuilder())
                            .append(tc.at("/function/arguments").asText(""));
                }
                if (choice.path("finish_reason").isTextual()) {
                    finish = choice.path("finish_reason").asText();
                }
            }
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", id).put("model", model).put("content", content.toString()).put("finish_reason", finish);
        ArrayNode toolCalls = out.putArray("tool_calls");
        calls.forEach((index, call) -> {
            call.set("arguments", VertexFixtures.parse(args.get(index).toString()));
            toolCalls.add(call);
        });
        out.set("usage", usage);
        return out;
    }

    /** The same view of a non-stream {@code chat.completion}. */
    private static ObjectNode comparable(JsonNode completion) {
        JsonNode message = completion.at("/choices/0/message");
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", completion.path("id").asText())
                .put("model", completion.path("model").asText())
                .put("content", message.path("content").asText(""))
                .put("finish_reason", completion.at("/choices/0/finish_reason").asText());
        ArrayNode toolCalls = out.putArray("tool_calls");
        for (JsonNode tc : message.path("tool_calls")) {
            ObjectNode call = toolCalls.addObject();
            call.put("id", tc.path("id").asText());
            call.put("name", tc.at("/function/name").asText());
            call.set(
                    "arguments",
                    VertexFixtures.parse(tc.at("/function/arguments").asText()));
        }
        out.set("usage", completion.get("usage"));
        return out;
    }
}
