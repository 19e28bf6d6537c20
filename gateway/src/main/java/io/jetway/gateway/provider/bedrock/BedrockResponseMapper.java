package io.jetway.gateway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.api.model.ChatCompletionMessageToolCall;
import io.jetway.api.model.ChatCompletionResponseMessage;
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
 * Bedrock {@code Converse} answer → {@code chat.completion}
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax).
 * {@code text} blocks → {@code content}; {@code toolUse} → {@code tool_calls} (Bedrock's ids are
 * kept), except the forced JSON tool of {@code response_format}, whose input becomes the content;
 * {@code reasoningContent} → {@code reasoning_content} and {@code content_blocks} when strict
 * OpenAI compliance is off (never otherwise).
 */
final class BedrockResponseMapper {

    private BedrockResponseMapper() {}

    /**
     * The answer to a request prepared with {@code plan}; its facts go to {@code facts}.
     *
     * @param forcedTool the tool forced for {@code response_format} (its input is the content), or null
     */
    static byte[] map(AnswerPlan plan, String forcedTool, byte[] upstreamBody, CallFacts.Recorder facts) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(upstreamBody);
        } catch (IOException e) {
            throw GatewayException.badGateway("bedrock answered with a body that is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw GatewayException.badGateway("bedrock answered with a body that is not a JSON object.");
        }
        boolean extras = !plan.strict();

        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<ContentBlock> blocks = new ArrayList<>();
        List<ChatCompletionMessageToolCall> toolCalls = new ArrayList<>();
        boolean forcedToolAnswered = false;
        for (JsonNode block : root.path("output").path("message").path("content")) {
            if (block.has("text")) {
                String t = block.get("text").asText();
                text.append(t);
                blocks.add(new ContentBlock("text").text(t));
            } else if (block.has("toolUse")) {
                JsonNode toolUse = block.get("toolUse");
                String name = toolUse.path("name").asText();
                String arguments = toolUse.has("input") ? toolUse.get("input").toString() : "{}";
                if (name.equals(forcedTool)) {
                    text.append(arguments);
                    blocks.add(new ContentBlock("text").text(arguments));
                    forcedToolAnswered = true;
                } else {
                    toolCalls.add(new ChatCompletionMessageToolCall()
                            .id(toolUse.path("toolUseId").asText())
                            .type("function")
                            .function(new FunctionCall().name(name).arguments(arguments)));
                }
            } else if (block.has("reasoningContent")) {
                JsonNode rc = block.get("reasoningContent");
                if (rc.has("reasoningText")) {
                    String thinking = rc.get("reasoningText").path("text").asText();
                    reasoning.append(thinking);
                    ContentBlock b = new ContentBlock("thinking").thinking(thinking);
                    if (rc.get("reasoningText").hasNonNull("signature")) {
                        b.signature(rc.get("reasoningText").get("signature").asText());
                    }
                    blocks.add(b);
                } else if (rc.has("redactedContent")) {
                    blocks.add(new ContentBlock("redacted_thinking")
                            .data(rc.get("redactedContent").asText()));
                }
            }
            // Other block kinds (citationsContent, image …) have no Chat Completions form.
        }

        FinishReasons.Reason finish = finishReason(root.path("stopReason").asText(null));
        if (forcedToolAnswered && finish == FinishReasons.Reason.TOOL_CALLS && toolCalls.isEmpty()) {
            finish = FinishReasons.Reason.STOP; // the JSON answer is the content, not a tool call
        }

        ChatCompletionResponseMessage message = Completions.message(text.toString(), toolCalls);
        if (extras && blocks.stream().anyMatch(b -> !b.getType().equals("text"))) {
            if (!reasoning.isEmpty()) {
                message.reasoningContent(reasoning.toString());
            }
            message.contentBlocks(blocks);
        }
        return Completions.write(
                plan.completionId(),
                plan.created(),
                plan.model(),
                List.of(Completions.choice(0, message, finish)),
                usage(root.path("usage")),
                !extras,
                facts);
    }

    /**
     * Bedrock's stop reasons
     * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax).
     * Unknown or missing values map to {@code stop} deliberately: the answer is complete, only its cause is new.
     */
    static FinishReasons.Reason finishReason(String stopReason) {
        if (stopReason == null) {
            return FinishReasons.Reason.STOP;
        }
        return switch (stopReason) {
            case "end_turn", "stop_sequence" -> FinishReasons.Reason.STOP;
            case "max_tokens", "model_context_window_exceeded" -> FinishReasons.Reason.LENGTH;
            case "tool_use" -> FinishReasons.Reason.TOOL_CALLS;
            case "guardrail_intervened", "content_filtered" -> FinishReasons.Reason.CONTENT_FILTER;
            case "malformed_model_output", "malformed_tool_use" -> FinishReasons.Reason.STOP;
            default -> FinishReasons.Reason.STOP;
        };
    }

    /**
     * Bedrock's {@code TokenUsage}
     * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html):
     * {@code inputTokens} excludes the tokens read from and written to the prompt cache, which are
     * counted apart in {@code cacheReadInputTokens} and {@code cacheWriteInputTokens}
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html), while OpenAI's
     * {@code prompt_tokens} counts every input token. So prompt = input + cache read + cache
     * write; the reads are {@code cached_tokens}, the writes {@code cache_write_tokens}. Bedrock
     * reports no reasoning token count apart from {@code outputTokens}.
     */
    static Usage usage(JsonNode usage) {
        long input = usage.path("inputTokens").asLong(0);
        long output = usage.path("outputTokens").asLong(0);
        Long cacheRead = usage.hasNonNull("cacheReadInputTokens")
                ? usage.get("cacheReadInputTokens").asLong()
                : null;
        Long cacheWrite = usage.hasNonNull("cacheWriteInputTokens")
                ? usage.get("cacheWriteInputTokens").asLong()
                : null;
        long prompt = input + (cacheRead == null ? 0 : cacheRead) + (cacheWrite == null ? 0 : cacheWrite);
        return new Usage(prompt, output, cacheRead, cacheWrite, null);
    }
}
