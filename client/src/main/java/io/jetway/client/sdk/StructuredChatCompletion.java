package io.jetway.client.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a {@link StructuredChatRequest}: each choice's content read as {@code T}.
 *
 * @param <T> what the content is read as
 */
public final class StructuredChatCompletion<T> {

    private final ChatCompletion completion;
    private final Class<T> type;
    private final ObjectMapper mapper;

    StructuredChatCompletion(ChatCompletion completion, Class<T> type, ObjectMapper mapper) {
        this.completion = completion;
        this.type = type;
        this.mapper = mapper;
    }

    /**
     * The first choice's content as a {@code T}. Throws {@link JetwayInvalidDataException} when it is
     * missing (a refusal: its text is in the message) or does not read as a {@code T}.
     */
    public T content() {
        return read(completion.message());
    }

    /** Every choice's content as a {@code T}, in order. */
    public List<T> contents() {
        List<T> all = new ArrayList<>();
        completion.messages().forEach(m -> all.add(read(m)));
        return all;
    }

    /** The answer itself. */
    public ChatCompletion completion() {
        return completion;
    }

    private T read(ChatCompletionMessage message) {
        String content = message.content();
        if (content == null) {
            throw new JetwayInvalidDataException(
                    "the answer has no content to read as " + type.getSimpleName()
                            + (message.refusal() == null ? "" : " (refused: " + message.refusal() + ")"),
                    null,
                    null);
        }
        try {
            return mapper.readValue(content, type);
        } catch (Exception e) {
            throw new JetwayInvalidDataException("the answer's content is not a " + type.getSimpleName(), content, e);
        }
    }
}
