package io.jetway.gateway.provider.common;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jetway.api.model.CompletionUsage;
import io.jetway.api.model.CompletionUsageCompletionTokensDetails;
import io.jetway.api.model.CompletionUsagePromptTokensDetails;
import io.jetway.gateway.core.TokenUsage;
import java.io.IOException;

/**
 * Token counts in OpenAI's terms (CompletionUsage in OpenAI's OpenAPI spec), one shape for whole
 * answers and for the usage chunk of a stream. {@code promptTokens} is every input token, cached
 * ones included, as OpenAI counts them; each provider's mapper adds up its own counts to that
 * (their semantics differ, see each mapper). The cache counts are details of it:
 * {@code prompt_tokens_details.cached_tokens} (read from the cache) and
 * {@code prompt_tokens_details.cache_write_tokens} (written to it); reasoning tokens are part of
 * {@code completionTokens} and reported as {@code completion_tokens_details.reasoning_tokens}.
 * Null details are omitted. Only with strict OpenAI compliance off come Portkey's provider
 * extras, {@code cache_read_input_tokens} and {@code cache_creation_input_tokens}.
 */
public record Usage(
        long promptTokens, long completionTokens, Long cachedTokens, Long cacheWriteTokens, Long reasoningTokens) {

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** The same counts in the gateway's one convention (the same as this one: OpenAI's). */
    public TokenUsage toTokenUsage() {
        return new TokenUsage(
                Math.max(0, promptTokens),
                orZero(cachedTokens),
                orZero(cacheWriteTokens),
                Math.max(0, completionTokens),
                orZero(reasoningTokens),
                false);
    }

    private static long orZero(Long n) {
        return n == null ? 0 : Math.max(0, n);
    }

    /** As the generated model, for non-stream answers. */
    CompletionUsage toModel(boolean strict) {
        CompletionUsage u = new CompletionUsage()
                .promptTokens(promptTokens)
                .completionTokens(completionTokens)
                .totalTokens(totalTokens());
        if (cachedTokens != null || cacheWriteTokens != null) {
            u.promptTokensDetails(new CompletionUsagePromptTokensDetails()
                    .cachedTokens(cachedTokens)
                    .cacheWriteTokens(cacheWriteTokens));
        }
        if (reasoningTokens != null) {
            u.completionTokensDetails(new CompletionUsageCompletionTokensDetails().reasoningTokens(reasoningTokens));
        }
        if (!strict) {
            u.cacheReadInputTokens(cachedTokens).cacheCreationInputTokens(cacheWriteTokens);
        }
        return u;
    }

    /** The same object, written by a streaming generator (for the usage chunk). */
    void write(JsonGenerator g, boolean strict) throws IOException {
        g.writeStartObject();
        g.writeNumberField("prompt_tokens", promptTokens);
        g.writeNumberField("completion_tokens", completionTokens);
        g.writeNumberField("total_tokens", totalTokens());
        if (cachedTokens != null || cacheWriteTokens != null) {
            g.writeObjectFieldStart("prompt_tokens_details");
            if (cachedTokens != null) {
                g.writeNumberField("cached_tokens", cachedTokens);
            }
            if (cacheWriteTokens != null) {
                g.writeNumberField("cache_write_tokens", cacheWriteTokens);
            }
            g.writeEndObject();
        }
        if (reasoningTokens != null) {
            g.writeObjectFieldStart("completion_tokens_details");
            g.writeNumberField("reasoning_tokens", reasoningTokens);
            g.writeEndObject();
        }
        if (!strict) {
            if (cachedTokens != null) {
                g.writeNumberField("cache_read_input_tokens", cachedTokens);
            }
            if (cacheWriteTokens != null) {
                g.writeNumberField("cache_creation_input_tokens", cacheWriteTokens);
            }
        }
        g.writeEndObject();
    }
}
