package io.jetway.gateway.provider;

import io.jetway.gateway.core.GatewayException;
import io.jetway.sse.SseEvent;
import java.util.List;

/** Maps one provider's SSE stream to client chunks. Stateful: one instance per request. */
public interface StreamMapper extends FramedChunkSource.Mapper<SseEvent> {

    /**
     * Maps one upstream event, appending zero or more client payloads to {@code out}.
     *
     * @return true when this was the provider's terminal event (nothing more will be read)
     * @throws GatewayException when the event is an error the provider sent mid-stream
     */
    boolean onEvent(SseEvent event, List<String> out);

    @Override
    default boolean onFrame(SseEvent event, List<String> out) {
        return onEvent(event, out);
    }
}
