package io.jetway.gateway.provider.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.StreamMapper;
import io.jetway.gateway.provider.anthropic.AnthropicStreamMapper;
import io.jetway.gateway.provider.google.GeminiErrorMapper;
import io.jetway.sse.SseEvent;
import java.io.IOException;
import java.util.List;

/**
 * The {@code streamRawPredict} stream of Claude on Vertex AI: Anthropic's Messages events, framed
 * as Anthropic frames them
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude), so
 * every event goes to an {@link AnthropicStreamMapper}. Two Vertex specifics on top:
 * <ul>
 *   <li>an event whose payload is a Google API error ({@code {"error":{"code","message","status"}}},
 *       or that in an array) rather than an Anthropic event ends the stream with that error and
 *       its status, instead of being skipped as an unknown event type (it has no {@code type});</li>
 *   <li>a stream that ends before {@code message_stop} is reported under {@code vertex-ai}.</li>
 * </ul>
 * Stateful, one per request, like the mapper it wraps.
 */
final class VertexAnthropicStreamMapper implements StreamMapper {

    private final StreamMapper anthropic;

    /** @param anthropic the Anthropic events' mapper: to chat ({@code AnthropicStreamMapper}) or relayed ({@code MessagesRelay}) */
    VertexAnthropicStreamMapper(StreamMapper anthropic) {
        this.anthropic = anthropic;
    }

    @Override
    public boolean onEvent(SseEvent event, List<String> out) {
        String data = event.data();
        if (mayBeGoogleError(data)) {
            JsonNode payload = parse(data);
            if (payload != null && isGoogleError(payload)) {
                throw GeminiErrorMapper.fromStreamPayload(VertexProvider.ID, payload);
            }
        }
        return anthropic.onEvent(event, out);
    }

    @Override
    public GatewayException truncated() {
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                "The provider vertex-ai ended the Claude stream "
                        + "before its message_stop event: the answer is incomplete.",
                null,
                "stream_truncated");
    }

    /**
     * A cheap look at the start of the payload, so ordinary events are parsed once (by the
     * Anthropic mapper): an array, or an object whose first key is {@code error}. Anthropic's
     * events start with {@code "type"}.
     */
    static boolean mayBeGoogleError(String data) {
        int i = skipSpace(data, 0);
        if (i >= data.length()) {
            return false;
        }
        if (data.charAt(i) == '[') {
            return true;
        }
        if (data.charAt(i) != '{') {
            return false;
        }
        i = skipSpace(data, i + 1);
        return data.startsWith("\"error\"", i);
    }

    private static boolean isGoogleError(JsonNode payload) {
        JsonNode root = payload.isArray() && !payload.isEmpty() ? payload.get(0) : payload;
        JsonNode error = root.path("error");
        return error.isObject() && !root.has("type") && !error.has("type");
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static JsonNode parse(String data) {
        try {
            return Json.MAPPER.readTree(data);
        } catch (IOException notJson) {
            return null; // the Anthropic mapper reports it
        }
    }
}
