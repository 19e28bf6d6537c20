package io.jetway.gateway.provider.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.jetway.api.model.ChatCompletionChoice;
import io.jetway.api.model.ChatCompletionMessageAnyToolCall;
import io.jetway.api.model.ChatCompletionMessageToolCall;
import io.jetway.api.model.ChatCompletionResponseMessage;
import io.jetway.api.model.ChatCompletionTokenLogprob;
import io.jetway.api.model.ChoiceLogprobs;
import io.jetway.api.model.CreateChatCompletionResponse;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A translated answer as OpenAI writes a {@code chat.completion}
 * (CreateChatCompletionResponse in OpenAI's OpenAPI spec): every field OpenAI's spec requires is
 * there even when null — {@code message.content} (null on an answer of tool calls only),
 * {@code message.refusal}, {@code choices[].logprobs}, and {@code logprobs.content} /
 * {@code logprobs.refusal} — while optional fields left unset are omitted, as everywhere else
 * ({@link Json#MAPPER} writes no nulls). The models are serialised once, with those properties
 * marked to be written when null; nothing is parsed again.
 */
public final class Completions {

    private static final ObjectWriter WRITER = Json.MAPPER
            .copy()
            .addMixIn(ChatCompletionResponseMessage.class, MessageShape.class)
            .addMixIn(ChatCompletionChoice.class, ChoiceShape.class)
            .addMixIn(ChoiceLogprobs.class, LogprobsShape.class)
            .writer();

    private Completions() {}

    /**
     * The assistant message. {@code content} is the answer's text; next to tool calls, a null or
     * empty text is {@code content: null}, as OpenAI answers a call of tools only.
     *
     * @param toolCalls the calls, in order; empty for none
     */
    public static ChatCompletionResponseMessage message(String content, List<ChatCompletionMessageToolCall> toolCalls) {
        ChatCompletionResponseMessage message =
                new ChatCompletionResponseMessage().role(ChatCompletionResponseMessage.RoleEnum.ASSISTANT);
        if (toolCalls.isEmpty()) {
            message.content(content);
        } else {
            message.content(content == null || content.isEmpty() ? null : content)
                    .toolCalls(new ArrayList<ChatCompletionMessageAnyToolCall>(toolCalls));
        }
        return message;
    }

    /** A choice; its {@code logprobs} stays null unless the mapper sets them. */
    public static ChatCompletionChoice choice(
            int index, ChatCompletionResponseMessage message, FinishReasons.Reason finishReason) {
        return new ChatCompletionChoice().index(index).message(message).finishReason(finishReason.model());
    }

    /**
     * The whole {@code chat.completion}, as UTF-8 JSON.
     *
     * @param usage  null when the provider reported none
     * @param strict strict OpenAI compliance: no provider extras in the usage (see {@link Usage})
     */
    public static byte[] write(
            String id, long created, String model, List<ChatCompletionChoice> choices, Usage usage, boolean strict) {
        return write(id, created, model, choices, usage, strict, new CallFacts.Recorder());
    }

    /**
     * The whole {@code chat.completion}, its id, model, finish reasons and usage recorded in
     * {@code facts} as well.
     */
    public static byte[] write(
            String id,
            long created,
            String model,
            List<ChatCompletionChoice> choices,
            Usage usage,
            boolean strict,
            CallFacts.Recorder facts) {
        facts.identity(id, model);
        for (ChatCompletionChoice c : choices) {
            if (c.getFinishReason() != null) {
                facts.finished(
                        c.getIndex() == null ? 0 : c.getIndex(),
                        c.getFinishReason().toString());
            }
        }
        if (usage != null) {
            facts.usage(usage.toTokenUsage());
        }
        CreateChatCompletionResponse response = new CreateChatCompletionResponse()
                .id(id)
                ._object(CreateChatCompletionResponse.ObjectEnum.CHAT_COMPLETION)
                .created(created)
                .model(model)
                .choices(choices);
        if (usage != null) {
            response.usage(usage.toModel(strict));
        }
        try {
            return WRITER.writeValueAsBytes(response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the response model always serialises", e);
        }
    }

    /** OpenAI's required, nullable message fields: written as null rather than left out. */
    private abstract static class MessageShape {
        @JsonInclude(JsonInclude.Include.ALWAYS)
        abstract String getContent();

        @JsonInclude(JsonInclude.Include.ALWAYS)
        abstract String getRefusal();
    }

    /** {@code logprobs} is required in an answer's choice: null when not asked for. */
    private abstract static class ChoiceShape {
        @JsonInclude(JsonInclude.Include.ALWAYS)
        abstract ChoiceLogprobs getLogprobs();
    }

    /** Within logprobs, {@code content} and {@code refusal} are both required and nullable. */
    private abstract static class LogprobsShape {
        @JsonInclude(JsonInclude.Include.ALWAYS)
        abstract List<ChatCompletionTokenLogprob> getContent();

        @JsonInclude(JsonInclude.Include.ALWAYS)
        abstract List<ChatCompletionTokenLogprob> getRefusal();
    }
}
