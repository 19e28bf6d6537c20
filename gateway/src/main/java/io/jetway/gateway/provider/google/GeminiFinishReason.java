package io.jetway.gateway.provider.google;

import io.jetway.gateway.provider.common.FinishReasons;

/**
 * Gemini's {@code Candidate.FinishReason} values
 * (https://ai.google.dev/api/generate-content#FinishReason) and their OpenAI equivalents.
 */
public enum GeminiFinishReason {
    STOP,
    MAX_TOKENS,
    SAFETY,
    RECITATION,
    LANGUAGE,
    OTHER,
    BLOCKLIST,
    PROHIBITED_CONTENT,
    SPII,
    MALFORMED_FUNCTION_CALL,
    IMAGE_SAFETY,
    IMAGE_PROHIBITED_CONTENT,
    IMAGE_OTHER,
    NO_IMAGE,
    IMAGE_RECITATION,
    UNEXPECTED_TOOL_CALL,
    TOO_MANY_TOOL_CALLS,
    FINISH_REASON_UNSPECIFIED,
    /** A value this gateway does not know yet (Gemini adds reasons over time). */
    UNKNOWN;

    /** The value for Gemini's wire string; unknown strings are {@link #UNKNOWN}, never an error. */
    public static GeminiFinishReason fromWire(String wire) {
        if (wire == null) {
            return FINISH_REASON_UNSPECIFIED;
        }
        for (GeminiFinishReason r : values()) {
            if (r != UNKNOWN && r.name().equals(wire)) {
                return r;
            }
        }
        return UNKNOWN;
    }

    /**
     * OpenAI's finish reason. Filters and blocks are {@code content_filter}; the token limit is
     * {@code length}; every other end (including reasons OpenAI has no word for, such as a
     * malformed function call, and unknown ones) is {@code stop}. A candidate that called
     * functions finishes with {@code tool_calls} whatever Gemini says (its reason is then STOP);
     * the mappers decide that, not this method.
     */
    public FinishReasons.Reason toOpenAi() {
        return switch (this) {
            case MAX_TOKENS -> FinishReasons.Reason.LENGTH;
            case SAFETY,
                    RECITATION,
                    BLOCKLIST,
                    PROHIBITED_CONTENT,
                    SPII,
                    IMAGE_SAFETY,
                    IMAGE_PROHIBITED_CONTENT,
                    IMAGE_RECITATION -> FinishReasons.Reason.CONTENT_FILTER;
            case STOP,
                    LANGUAGE,
                    OTHER,
                    MALFORMED_FUNCTION_CALL,
                    IMAGE_OTHER,
                    NO_IMAGE,
                    UNEXPECTED_TOOL_CALL,
                    TOO_MANY_TOOL_CALLS,
                    FINISH_REASON_UNSPECIFIED,
                    UNKNOWN -> FinishReasons.Reason.STOP;
        };
    }
}
