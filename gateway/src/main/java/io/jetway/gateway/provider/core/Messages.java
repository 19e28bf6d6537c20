package io.jetway.gateway.provider.core;

import io.jetway.api.model.ChatCompletionRequestAssistantMessage;
import io.jetway.api.model.ChatCompletionRequestDeveloperMessage;
import io.jetway.api.model.ChatCompletionRequestFunctionMessage;
import io.jetway.api.model.ChatCompletionRequestMessage;
import io.jetway.api.model.ChatCompletionRequestSystemMessage;
import io.jetway.api.model.ChatCompletionRequestToolMessage;
import io.jetway.api.model.ChatCompletionRequestUserMessage;
import io.jetway.api.types.MessageContent;

/** Reading Chat Completions messages the same way for every provider. */
public final class Messages {

    private Messages() {}

    /** A message's content (text or parts); null for a function message or when absent. */
    // Deprecated in OpenAI's spec (max_tokens, functions, the function role, user, seed), still sent by callers.
    @SuppressWarnings("deprecation")
    public static MessageContent content(ChatCompletionRequestMessage m) {
        return switch (m) {
            case ChatCompletionRequestSystemMessage s -> s.getContent();
            case ChatCompletionRequestDeveloperMessage d -> d.getContent();
            case ChatCompletionRequestUserMessage u -> u.getContent();
            case ChatCompletionRequestAssistantMessage a -> a.getContent();
            case ChatCompletionRequestToolMessage t -> t.getContent();
            case ChatCompletionRequestFunctionMessage f -> null;
        };
    }
}
