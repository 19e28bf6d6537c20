package io.jetway.gateway.provider.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.anthropic.AnthropicErrorMapper;
import io.jetway.gateway.provider.google.GeminiErrorMapper;
import java.io.IOException;
import java.util.function.Function;

/**
 * Errors of Claude on Vertex AI ({@code rawPredict} / {@code streamRawPredict}), which come in
 * two shapes depending on who refused the call:
 * <ul>
 *   <li>the model's own API (bad request, overloaded, rate limit inside Anthropic's serving)
 *       answers as Anthropic does, {@code {"type":"error","error":{"type","message"},"request_id":"req_vrtx_…"}}
 *       (e.g. https://github.com/anthropics/claude-code/issues/12429: a 400
 *       {@code invalid_request_error} for an unknown {@code anthropic-beta} value): mapped by
 *       {@link AnthropicErrorMapper} (type and message kept, 529 as 503);</li>
 *   <li>Vertex's front end (authentication, IAM permission, unknown model or region, project
 *       quota) answers in Google's API error shape,
 *       {@code {"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED"}}}, sometimes in
 *       a one-element array (https://cloud.google.com/apis/design/errors): mapped by
 *       {@link GeminiErrorMapper} as for Gemini on Vertex.</li>
 * </ul>
 * Anything else (not JSON, an empty body) also goes to the Google mapper, which reports the
 * status and a snippet under the provider id {@code vertex-ai}. The HTTP status is kept either way.
 */
public final class VertexAnthropicErrorMapper {

    private VertexAnthropicErrorMapper() {}

    /** A non-2xx answer to a Claude call. */
    public static GatewayException map(int status, byte[] body, Function<String, String> headers) {
        return isAnthropicError(body)
                ? AnthropicErrorMapper.map(status, body, headers)
                : GeminiErrorMapper.map(VertexProvider.ID, status, body, headers);
    }

    /** An Anthropic error body: {@code type: error} at the top, or an {@code error} object with a {@code type}. */
    static boolean isAnthropicError(byte[] body) {
        if (body.length == 0) {
            return false;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException notJson) {
            return false;
        }
        if (root == null || !root.isObject()) {
            return false;
        }
        return "error".equals(root.path("type").asText(null))
                || root.path("error").path("type").isTextual();
    }
}
