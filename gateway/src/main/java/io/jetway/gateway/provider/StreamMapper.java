package io.jetway.gateway.provider;

import io.jetway.gateway.core.GatewayException;
import io.jetway.sse.SseEvent;
import java.util.List;

/** Maps one provider's SSE stream to client chunks. Stateful: one instance per request. */
public interface StreamMapper {

    /**
     * Maps one upstream event, appending zero or more client payloads to {@code out}.
     *
     * @return true when this was the provider's terminal event (nothing more will be read)
     * @throws GatewayException when the event is an error the provider sent mid-stream
     */
    boolean onEvent(SseEvent event, List<String> out);

    /** The error to report when the upstream stream ended before its terminal event. */
    GatewayException truncated();

    /**
     * Called when the upstream stream ended (end of input) before {@link #onEvent} reported a
     * terminal event. For providers whose stream has no terminal event and simply ends (Gemini),
     * this decides whether the end was clean: it may append last payloads to {@code out} (e.g. a
     * usage chunk held back until the end) and return normally, or throw.
     *
     * @throws GatewayException when the stream ended early; by default always ({@link #truncated()})
     */
    default void onEnd(List<String> out) {
        throw truncated();
    }
}
