package io.jetway.gateway.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.provider.ProviderCall;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    void aStreamThatEndsBeforeMessageStopIsAnErrorNamingVertex() {
        String sse =
                new String(VertexFixtures.caseBytes("claude-weather-tool", "stream.upstream"), StandardCharsets.UTF_8);
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
}
