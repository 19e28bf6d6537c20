package io.jetway.gateway.provider.openai;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.StreamMapper;
import io.jetway.sse.SseEvent;
import java.util.List;

/**
 * Passes OpenAI-format chunks through as they are (no JSON round trip), Azure's empty-choices
 * content-filter chunks included. {@code [DONE]} ends the stream; an {@code error} payload or
 * event mid-stream, or an end without {@code [DONE]}, becomes an error for the client.
 */
public final class OpenAiStreamMapper implements StreamMapper {

    private final String providerId;

    public OpenAiStreamMapper(String providerId) {
        this.providerId = providerId;
    }

    @Override
    public boolean onEvent(SseEvent event, List<String> out) {
        if (event.isDone()) {
            return true;
        }
        String data = event.data();
        if ("error".equals(event.event()) || isErrorPayload(data)) {
            throw OpenAiErrorMapper.fromStreamPayload(providerId, data);
        }
        out.add(data);
        return false;
    }

    @Override
    public GatewayException truncated() {
        return new GatewayException(502, GatewayException.UPSTREAM, "The provider " + providerId
                + " ended the stream before its final [DONE] event: the answer is incomplete.", null,
                "stream_truncated");
    }

    /** True for {@code {"error": …}}: the first key of the object is "error". */
    static boolean isErrorPayload(String data) {
        int i = skipSpace(data, 0);
        if (i >= data.length() || data.charAt(i) != '{') {
            return false;
        }
        i = skipSpace(data, i + 1);
        return data.startsWith("\"error\"", i);
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
