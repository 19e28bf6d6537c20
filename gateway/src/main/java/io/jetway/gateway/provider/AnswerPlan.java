package io.jetway.gateway.provider;

import java.time.Instant;

/**
 * What every translated provider decides while preparing a call and its answer and stream then
 * follow (held by its {@link Translation.Reader}).
 *
 * @param completionId the answer's id when the provider gives none ({@code chatcmpl-<trace id>}:
 *                     stable for one request)
 * @param created      the answer's {@code created}: the request's arrival in Unix seconds
 * @param model        the answer's {@code model} unless the provider reports one: the model called
 *                     (after {@code override_params})
 * @param strict       strict OpenAI compliance: no provider extras (reasoning, content blocks) in answers
 * @param includeUsage whether the caller asked for the stream's usage chunk
 *                     ({@code stream_options.include_usage}, after {@code override_params})
 * @param traceId      the request's trace id, the seed of ids a provider must generate (tool call ids)
 * @param receivedAt   the request's arrival, the other seed of generated ids
 */
public record AnswerPlan(
        String completionId,
        long created,
        String model,
        boolean strict,
        boolean includeUsage,
        String traceId,
        Instant receivedAt) {

    /** The plan for {@code call}, read from its effective request and target once. */
    public static AnswerPlan of(ProviderCall call) {
        var options = call.effective().body().getStreamOptions();
        return new AnswerPlan(
                "chatcmpl-" + call.traceId(),
                call.created(),
                call.effective().model(),
                call.target().strictOpenAiCompliance(),
                options != null && Boolean.TRUE.equals(options.getIncludeUsage()),
                call.traceId(),
                call.receivedAt());
    }
}
