package io.jetway.gateway.provider.cohere;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.common.FinishReasons.Reason;

/**
 * Cohere's {@code finish_reason} values (schema {@code ChatFinishReason},
 * https://docs.cohere.com/reference/chat), plus {@link #UNKNOWN} for a value this gateway does not
 * know yet, so a new Cohere value is handled deliberately instead of crashing.
 */
enum CohereFinishReason {
    COMPLETE,
    STOP_SEQUENCE,
    MAX_TOKENS,
    TOOL_CALL,
    ERROR,
    TIMEOUT,
    UNKNOWN;

    static CohereFinishReason parse(String wire) {
        if (wire == null) {
            return UNKNOWN;
        }
        return switch (wire) {
            case "COMPLETE" -> COMPLETE;
            case "STOP_SEQUENCE" -> STOP_SEQUENCE;
            case "MAX_TOKENS" -> MAX_TOKENS;
            case "TOOL_CALL" -> TOOL_CALL;
            case "ERROR" -> ERROR;
            case "TIMEOUT" -> TIMEOUT;
            default -> UNKNOWN;
        };
    }

    /**
     * OpenAI's finish reason for an answer that ended this way.
     *
     * @param hasToolCalls whether the answer carries tool calls (decides an unknown reason)
     * @throws GatewayException for {@link #ERROR} (502) and {@link #TIMEOUT} (504): the generation
     *                          failed, so there is no answer to give
     */
    Reason toOpenAi(boolean hasToolCalls) {
        return switch (this) {
            case COMPLETE, STOP_SEQUENCE -> Reason.STOP;
            case MAX_TOKENS -> Reason.LENGTH;
            case TOOL_CALL -> Reason.TOOL_CALLS;
            case UNKNOWN -> hasToolCalls ? Reason.TOOL_CALLS : Reason.STOP;
            case ERROR -> throw generationError(null);
            case TIMEOUT ->
                throw new GatewayException(
                        504,
                        GatewayException.TIMEOUT,
                        "The provider cohere stopped the generation because it exceeded its time limit"
                                + " (finish_reason TIMEOUT).",
                        null,
                        "provider_generation_timeout");
        };
    }

    /** The error for a generation Cohere reports as failed, with Cohere's own text when it gave one. */
    static GatewayException generationError(String detail) {
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                detail == null || detail.isBlank()
                        ? "The provider cohere reported an error during generation (finish_reason ERROR)."
                        : "The provider cohere reported an error during generation: " + detail,
                null,
                "provider_generation_error");
    }
}
