package io.jetway.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.provider.common.Usage;

/**
 * The token counts of one Messages stream as its events report them: {@code message_start}'s
 * {@code message.usage}, then {@code message_delta}'s {@code usage}. The counts are cumulative, so
 * the latest value of each wins (https://docs.claude.com/en/docs/build-with-claude/streaming#event-types).
 * One per stream; not thread-safe.
 */
final class AnthropicStreamUsage {

    private long inputTokens;
    private long outputTokens;
    private Long cacheRead;
    private Long cacheCreation;

    /** Takes the counts {@code u} carries (a missing or non-object {@code u} changes nothing). */
    void report(JsonNode u) {
        if (!u.isObject()) {
            return;
        }
        if (u.path("input_tokens").isNumber()) {
            inputTokens = u.path("input_tokens").asLong();
        }
        if (u.path("output_tokens").isNumber()) {
            outputTokens = u.path("output_tokens").asLong();
        }
        Long read = AnthropicResponseMapper.longOrNull(u.path("cache_read_input_tokens"));
        if (read != null) {
            cacheRead = read;
        }
        Long creation = AnthropicResponseMapper.longOrNull(u.path("cache_creation_input_tokens"));
        if (creation != null) {
            cacheCreation = creation;
        }
    }

    /** The stream's usage so far, as the non-stream answer reports it. */
    Usage total() {
        return AnthropicResponseMapper.usage(inputTokens, outputTokens, cacheRead, cacheCreation);
    }
}
