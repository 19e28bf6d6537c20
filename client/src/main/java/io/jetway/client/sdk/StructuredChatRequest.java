package io.jetway.client.sdk;

/**
 * A chat request whose answer's content follows the JSON schema of {@code T} and is read back as a
 * {@code T} by {@link JetwayClient#chat(StructuredChatRequest)}. Made by
 * {@link ChatRequest.Builder#responseFormat(Class)}.
 *
 * @param request the request, with its {@code response_format}
 * @param type    what the content is read as
 * @param <T>     what the content is read as
 */
public record StructuredChatRequest<T>(ChatRequest request, Class<T> type) {

    /** The {@link ChatRequest.Builder} it came from, with the type its answers are read as. */
    public static final class Builder<T> {
        private final ChatRequest.Builder request;
        private final Class<T> type;

        Builder(ChatRequest.Builder request, Class<T> type) {
            this.request = request;
            this.type = type;
        }

        public Builder<T> addUserMessage(String content) {
            request.addUserMessage(content);
            return this;
        }

        public Builder<T> addSystemMessage(String content) {
            request.addSystemMessage(content);
            return this;
        }

        public Builder<T> addMessage(ChatCompletionMessage answer) {
            request.addMessage(answer);
            return this;
        }

        public Builder<T> putAdditionalBodyProperty(String name, Object value) {
            request.putAdditionalBodyProperty(name, value);
            return this;
        }

        public Builder<T> putHeader(String name, String value) {
            request.putHeader(name, value);
            return this;
        }

        /** The request; checked like {@link ChatRequest.Builder#build()}. */
        public StructuredChatRequest<T> build() {
            return new StructuredChatRequest<>(request.build(), type);
        }
    }
}
