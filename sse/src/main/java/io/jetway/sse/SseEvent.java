package io.jetway.sse;

/**
 * One dispatched Server-Sent Event, as produced by {@link SseDecoder}.
 *
 * @param event the event type given by the {@code event:} field, or {@code null} when the stream gave
 *              none (or gave an empty one), which means the default type {@code "message"}
 * @param data  the event's {@code data:} lines joined with {@code '\n'} (the final line feed removed);
 *              never {@code null} for a dispatched event, but may be empty
 * @param id    the value of the {@code id:} field given in this event, or {@code null} when this event
 *              had none; see {@link SseDecoder#lastEventId()} for the stream-level last event ID
 * @param retry the reconnection time in milliseconds given by a valid {@code retry:} field in this
 *              event, or {@code null} when this event had none
 */
public record SseEvent(String event, String data, String id, Long retry) {

    /** The sentinel data value OpenAI-style streams send as their last event. */
    public static final String DONE = "[DONE]";

    /**
     * Returns whether this is the OpenAI-style end-of-stream marker, i.e. its data is exactly
     * {@code [DONE]}.
     *
     * @return {@code true} if {@link #data()} equals {@code "[DONE]"}
     */
    public boolean isDone() {
        return DONE.equals(data);
    }
}
