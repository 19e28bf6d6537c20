package io.jetway.gateway.provider.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.StreamMapper;
import io.jetway.sse.SseEvent;
import java.io.IOException;
import java.util.List;

/**
 * Passes OpenAI-format chunks through as they are (no JSON round trip), Azure's empty-choices
 * content-filter chunks included. {@code [DONE]} ends the stream; an {@code error} payload or
 * event mid-stream, or an end without {@code [DONE]}, becomes an error for the client.
 */
public final class OpenAiStreamMapper implements StreamMapper {

    private final String providerId;
    private final CallFacts.Recorder facts;
    /** Whether usage-only chunks are left out: the caller did not ask for them ({@link StreamUsage}). */
    private final boolean hideUsageOnly;

    private boolean first = true;

    public OpenAiStreamMapper(String providerId) {
        this(providerId, new CallFacts.Recorder());
    }

    /** @param facts where the stream's id, model, finish reasons and usage are recorded (read from the chunks that hold them) */
    public OpenAiStreamMapper(String providerId, CallFacts.Recorder facts) {
        this(providerId, facts, false);
    }

    /**
     * @param hideUsageOnly leave out the usage-only chunk (its usage still recorded): the caller did not
     *                      set {@code stream_options.include_usage}, and the gateway asked for it (or the
     *                      provider sends it unasked)
     */
    public OpenAiStreamMapper(String providerId, CallFacts.Recorder facts, boolean hideUsageOnly) {
        this.providerId = providerId;
        this.facts = facts;
        this.hideUsageOnly = hideUsageOnly;
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
        if (first || OpenAiFacts.mayHoldFacts(data)) {
            first = false;
            record(data);
            if (hideUsageOnly && StreamUsage.usageOnly(data)) {
                return false;
            }
        }
        out.add(data);
        return false;
    }

    /** The chunk's facts; a chunk that is no JSON object is passed on as it is, its facts unread. */
    private void record(String data) {
        try (JsonParser p = Json.MAPPER.createParser(data)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                OpenAiFacts.read(p, facts);
            }
        } catch (IOException unreadable) {
            // Facts never fail a stream: the client gets the chunk as the provider sent it.
        }
    }

    @Override
    public GatewayException truncated() {
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                "The provider " + providerId
                        + " ended the stream before its final [DONE] event: the answer is incomplete.",
                null,
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
