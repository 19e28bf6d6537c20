package io.jetway.client.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.CreateChatCompletionStreamResponse;
import io.jetway.api.model.ErrorResponse;
import io.jetway.sse.SseDecoder;
import io.jetway.sse.SseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streamed chat completion: the chunks as typed objects, in order, as they arrive. Ends
 * normally at {@code data: [DONE]}; an error event, or an end without {@code [DONE]}, throws
 * {@link JetwayApiException} from {@link #hasNext()}. Close it (try-with-resources) to release
 * the connection, also when stopping early.
 *
 * @deprecated Use {@link JetwayClient}: typed errors by status, retries, timeouts, open answers.
 */
@Deprecated
public final class ChatCompletionStream implements Iterator<CreateChatCompletionStreamResponse>, AutoCloseable {

    private final InputStream body;
    private final SseDecoder decoder;
    private final ObjectMapper mapper;
    private CreateChatCompletionStreamResponse next;
    private boolean done;

    ChatCompletionStream(InputStream body, ObjectMapper mapper) {
        this.body = body;
        this.decoder = new SseDecoder(body);
        this.mapper = mapper;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        try {
            SseEvent event = decoder.next();
            if (event == null) {
                done = true;
                close();
                throw new JetwayApiException(
                        200,
                        new io.jetway.api.model.Error()
                                .message("The stream ended before [DONE]: the answer is incomplete.")
                                .type("stream_truncated"));
            }
            if (event.isDone()) {
                done = true;
                close();
                return false;
            }
            ObjectNode node = (ObjectNode) mapper.readTree(event.data());
            if (node.has("error") && !node.has("choices")) {
                done = true;
                close();
                throw new JetwayApiException(
                        200, mapper.treeToValue(node, ErrorResponse.class).getError());
            }
            // Azure's content-filter chunks carry "object": "" — they are chunks all the same.
            node.put("object", "chat.completion.chunk");
            next = mapper.treeToValue(node, CreateChatCompletionStreamResponse.class);
            return true;
        } catch (IOException e) {
            done = true;
            close();
            throw new UncheckedIOException("reading the stream failed", e);
        }
    }

    @Override
    public CreateChatCompletionStreamResponse next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CreateChatCompletionStreamResponse chunk = next;
        next = null;
        return chunk;
    }

    /** The chunks as a {@link Stream}; closing it closes this. */
    public Stream<CreateChatCompletionStreamResponse> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // Already closed or broken: nothing more to release.
        }
    }
}
