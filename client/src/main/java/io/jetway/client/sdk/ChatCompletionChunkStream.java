package io.jetway.client.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.sse.SseDecoder;
import io.jetway.sse.SseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streamed answer's chunks, in order, as they arrive. Ends normally at {@code data: [DONE]}. An error
 * event, or an end or break before {@code [DONE]}, throws {@link JetwayStreamException}; a pause longer
 * than the read timeout throws {@link JetwayTimeoutException}; a chunk that is not JSON throws
 * {@link JetwayInvalidDataException}. Close it (try-with-resources) to release the connection, also
 * when stopping early.
 */
public final class ChatCompletionChunkStream implements Iterator<ChatCompletionChunk>, AutoCloseable {

    private final InputStream body;
    private final SseDecoder decoder;
    private final ObjectMapper mapper;
    private final String traceId;
    private ChatCompletionChunk next;
    private boolean done;

    ChatCompletionChunkStream(InputStream body, ObjectMapper mapper, String traceId) {
        this.body = body;
        this.decoder = new SseDecoder(body);
        this.mapper = mapper;
        this.traceId = traceId;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        SseEvent event;
        try {
            event = decoder.next();
        } catch (HttpTimeoutException e) {
            throw end(new JetwayTimeoutException("the stream fell silent for longer than the read timeout", e));
        } catch (IOException e) {
            throw end(new JetwayStreamException(
                    "the stream broke before [DONE]: the answer is incomplete",
                    "stream_truncated",
                    null,
                    null,
                    traceId,
                    e));
        }
        if (event == null) {
            throw end(new JetwayStreamException(
                    "the stream ended before [DONE]: the answer is incomplete",
                    "stream_truncated",
                    null,
                    null,
                    traceId,
                    null));
        }
        if (event.isDone()) {
            end(null);
            return false;
        }
        JsonNode node;
        try {
            node = mapper.readTree(event.data());
        } catch (IOException e) {
            throw end(new JetwayInvalidDataException("a stream event is not JSON", event.data(), e));
        }
        if (!(node instanceof ObjectNode chunk)) {
            throw end(new JetwayInvalidDataException("a stream event is not a JSON object", event.data(), null));
        }
        if (chunk.has("error") && !chunk.has("choices")) {
            JsonNode error = chunk.get("error");
            throw end(new JetwayStreamException(
                    error.isObject() ? String.valueOf(Json.text(error, "message")) : error.asText(),
                    Json.text(error, "type"),
                    Json.text(error, "code"),
                    Json.text(error, "param"),
                    traceId,
                    null));
        }
        next = new ChatCompletionChunk(chunk, mapper);
        return true;
    }

    @Override
    public ChatCompletionChunk next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ChatCompletionChunk chunk = next;
        next = null;
        return chunk;
    }

    /** The chunks as a {@link Stream}; closing it closes this. */
    public Stream<ChatCompletionChunk> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    /** The call's {@code x-portkey-trace-id}, or null. */
    public String traceId() {
        return traceId;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // Already closed or broken: nothing more to release.
        }
    }

    private RuntimeException end(RuntimeException failure) {
        done = true;
        close();
        return failure;
    }
}
