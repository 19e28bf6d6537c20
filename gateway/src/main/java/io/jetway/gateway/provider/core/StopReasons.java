package io.jetway.gateway.provider.core;

/**
 * OpenAI's finish reasons in Anthropic's terms (https://docs.claude.com/en/api/handling-stop-reasons),
 * for answers translated back to Anthropic's Messages: {@code stop} → {@code end_turn} (or
 * {@code stop_sequence} when the text ended on one the caller gave), {@code length} →
 * {@code max_tokens}, {@code tool_calls} / {@code function_call} → {@code tool_use},
 * {@code content_filter} → {@code refusal}. A missing or unknown reason is a normal end
 * ({@code tool_use} when the answer called tools). The other way round is the anthropic provider's
 * ({@code AnthropicResponseMapper#finishReason}).
 */
public final class StopReasons {

    private StopReasons() {}

    /**
     * @param finishReason OpenAI's finish reason; null when the answer gave none
     * @param toolCalls    whether the answer called tools
     */
    public static String anthropic(String finishReason, boolean toolCalls) {
        if (finishReason == null) {
            return toolCalls ? "tool_use" : "end_turn";
        }
        return switch (finishReason) {
            case "stop" -> "end_turn";
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> toolCalls ? "tool_use" : "end_turn";
        };
    }
}
