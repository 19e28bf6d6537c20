package io.jetway.gateway.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.api.model.ChatCompletionChoice;
import io.jetway.api.model.ChatCompletionMessageToolCall;
import io.jetway.api.model.ChatCompletionResponseMessage;
import io.jetway.api.model.ChoiceLogprobs;
import io.jetway.api.model.ContentBlock;
import io.jetway.api.model.FunctionCall;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.common.Completions;
import io.jetway.gateway.provider.common.FinishReasons;
import io.jetway.gateway.provider.common.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemini {@code GenerateContentResponse} (https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse)
 * → {@code chat.completion}. Pure.
 *
 * <ul>
 *   <li>Each candidate is a choice (its {@code index}, else its position). Text parts are the
 *       content; thought parts ({@code thought: true}) never are: with strict OpenAI compliance
 *       off they become {@code reasoning_content} and a {@code thinking} content block (followed
 *       by a {@code text} block), otherwise they are left out.</li>
 *   <li>{@code functionCall} parts are tool calls with generated ids ({@link GeminiToolCallIds})
 *       and {@code finish_reason: tool_calls}; other finish reasons map by
 *       {@link GeminiFinishReason}.</li>
 *   <li>{@code usageMetadata} → usage: prompt tokens include tool-use prompt tokens; completion
 *       tokens include thought tokens ({@code thoughtsTokenCount}, also reported as
 *       {@code reasoning_tokens}), as OpenAI counts reasoning.</li>
 *   <li>A blocked prompt ({@code promptFeedback.blockReason}) is an error, not an empty answer.</li>
 * </ul>
 */
public final class GeminiResponseMapper {

    private final String providerId;

    public GeminiResponseMapper(String providerId) {
        this.providerId = providerId;
    }

    /** The answer to a request prepared with {@code plan}; its facts go to {@code facts}. */
    public byte[] map(AnswerPlan plan, byte[] upstreamBody, CallFacts.Recorder facts) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(upstreamBody);
        } catch (IOException e) {
            throw GatewayException.badGateway("The provider " + providerId + " answered with a body that is not JSON.");
        }
        if (root == null || !root.isObject()) {
            throw GatewayException.badGateway(
                    "The provider " + providerId + " answered with JSON that is not an object.");
        }
        if (GeminiErrorMapper.isError(root)) {
            throw GeminiErrorMapper.fromStreamPayload(providerId, root);
        }
        JsonNode candidates = root.path("candidates");
        if (candidates.isEmpty() && root.path("promptFeedback").hasNonNull("blockReason")) {
            throw GeminiErrorMapper.promptBlocked(providerId, root.get("promptFeedback"));
        }
        boolean strict = plan.strict();
        List<ChatCompletionChoice> choices = new ArrayList<>(Math.max(1, candidates.size()));
        for (int p = 0; p < candidates.size(); p++) {
            choices.add(choice(plan, candidates.get(p), p, strict));
        }
        return Completions.write(
                plan.completionId(),
                plan.created(),
                model(plan, root),
                choices,
                usage(root.get("usageMetadata")),
                strict,
                facts);
    }

    /** Gemini's {@code modelVersion}, else the model the caller asked for. */
    static String model(AnswerPlan plan, JsonNode root) {
        String version = root.path("modelVersion").asText(null);
        return version != null && !version.isEmpty() ? version : plan.model();
    }

    /** The candidate's choice index: its {@code index}, else its position. */
    static int index(JsonNode candidate, int position) {
        JsonNode index = candidate.get("index");
        return index != null && index.canConvertToInt() ? index.asInt() : position;
    }

    private ChatCompletionChoice choice(AnswerPlan plan, JsonNode candidate, int position, boolean strict) {
        int index = index(candidate, position);
        StringBuilder text = new StringBuilder();
        StringBuilder thoughts = new StringBuilder();
        String thoughtSignature = null;
        List<ChatCompletionMessageToolCall> toolCalls = new ArrayList<>();
        for (JsonNode part : candidate.path("content").path("parts")) {
            JsonNode fc = part.get("functionCall");
            if (fc != null && fc.isObject()) {
                String id = GeminiToolCallIds.withSignature(
                        GeminiToolCallIds.generate(plan.traceId(), plan.receivedAt(), index, toolCalls.size()),
                        part.path("thoughtSignature").asText(null));
                toolCalls.add(new ChatCompletionMessageToolCall()
                        .id(id)
                        .type("function")
                        .function(new FunctionCall()
                                .name(fc.path("name").asText())
                                .arguments(arguments(fc))));
            } else if (part.path("text").isTextual()) {
                if (part.path("thought").asBoolean(false)) {
                    thoughts.append(part.get("text").asText());
                    if (part.hasNonNull("thoughtSignature")) {
                        thoughtSignature = part.get("thoughtSignature").asText();
                    }
                } else {
                    text.append(part.get("text").asText());
                }
            }
            // inlineData (generated images), executableCode, codeExecutionResult: nothing in Chat
            // Completions carries them, and this gateway never asks for them.
        }
        ChatCompletionResponseMessage message = Completions.message(text.isEmpty() ? null : text.toString(), toolCalls);
        if (!strict && !thoughts.isEmpty()) {
            message.reasoningContent(thoughts.toString());
            List<ContentBlock> blocks = new ArrayList<>(2);
            blocks.add(new ContentBlock()
                    .type("thinking")
                    .thinking(thoughts.toString())
                    .signature(thoughtSignature));
            if (!text.isEmpty()) {
                blocks.add(new ContentBlock().type("text").text(text.toString()));
            }
            message.contentBlocks(blocks);
        }
        FinishReasons.Reason reason = toolCalls.isEmpty()
                ? GeminiFinishReason.fromWire(candidate.path("finishReason").asText(null))
                        .toOpenAi()
                : FinishReasons.Reason.TOOL_CALLS;
        ChatCompletionChoice choice = Completions.choice(index, message, reason);
        ChoiceLogprobs logprobs = GeminiLogprobs.of(candidate.get("logprobsResult"));
        if (logprobs != null) {
            choice.logprobs(logprobs);
        }
        return choice;
    }

    /** The call's {@code args} as JSON text ({@code {}} when it has none). */
    static String arguments(JsonNode functionCall) {
        JsonNode args = functionCall.get("args");
        return args == null || args.isNull() ? "{}" : args.toString();
    }

    /**
     * {@code usageMetadata} (https://ai.google.dev/api/generate-content#UsageMetadata) in OpenAI's
     * terms, or null when absent. Gemini's {@code promptTokenCount} already includes the cached
     * content ("when cachedContent is set, this is still the total effective prompt size meaning
     * this includes the number of tokens in the cached content"), as OpenAI's
     * {@code prompt_tokens} does, so {@code cachedContentTokenCount} is only its detail
     * ({@code cached_tokens}); tool-use prompt tokens are added to the prompt. Gemini's
     * {@code candidatesTokenCount} excludes thoughts, OpenAI's {@code completion_tokens} includes
     * reasoning, so thoughts are added and reported as {@code reasoning_tokens}. Gemini reports no
     * cache writes (caches are created apart, https://ai.google.dev/gemini-api/docs/caching).
     */
    static Usage usage(JsonNode meta) {
        if (meta == null || !meta.isObject()) {
            return null;
        }
        long prompt = meta.path("promptTokenCount").asLong(0)
                + meta.path("toolUsePromptTokenCount").asLong(0);
        long thoughts = meta.path("thoughtsTokenCount").asLong(0);
        long completion = meta.path("candidatesTokenCount").asLong(0) + thoughts;
        Long cached = meta.has("cachedContentTokenCount")
                ? meta.get("cachedContentTokenCount").asLong()
                : null;
        Long reasoning = meta.has("thoughtsTokenCount") ? thoughts : null;
        return new Usage(prompt, completion, cached, null, reasoning);
    }
}
