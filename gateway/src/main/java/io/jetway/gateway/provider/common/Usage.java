package io.jetway.gateway.provider.common;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jetway.api.model.CompletionUsage;
import io.jetway.api.model.CompletionUsageCompletionTokensDetails;
import io.jetway.api.model.CompletionUsagePromptTokensDetails;
import java.io.IOException;

/**
 * Token counts in OpenAI's terms. {@code promptTokens} is every input token (cached ones
 * included, as OpenAI counts them); the cache counts are details of it. Null details are omitted.
 */
public record Usage(long promptTokens, long completionTokens, Long cachedTokens, Long cacheCreationTokens,
                    Long reasoningTokens) {

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** As the generated model, for non-stream answers. */
    public CompletionUsage toModel() {
        CompletionUsage u = new CompletionUsage().promptTokens(promptTokens).completionTokens(completionTokens)
                .totalTokens(totalTokens());
        if (cachedTokens != null) {
            u.promptTokensDetails(new CompletionUsagePromptTokensDetails().cachedTokens(cachedTokens));
            u.cacheReadInputTokens(cachedTokens);
        }
        if (cacheCreationTokens != null) {
            u.cacheCreationInputTokens(cacheCreationTokens);
        }
        if (reasoningTokens != null) {
            u.completionTokensDetails(new CompletionUsageCompletionTokensDetails().reasoningTokens(reasoningTokens));
        }
        return u;
    }

    void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("prompt_tokens", promptTokens);
        g.writeNumberField("completion_tokens", completionTokens);
        g.writeNumberField("total_tokens", totalTokens());
        if (cachedTokens != null) {
            g.writeObjectFieldStart("prompt_tokens_details");
            g.writeNumberField("cached_tokens", cachedTokens);
            g.writeEndObject();
            g.writeNumberField("cache_read_input_tokens", cachedTokens);
        }
        if (cacheCreationTokens != null) {
            g.writeNumberField("cache_creation_input_tokens", cacheCreationTokens);
        }
        if (reasoningTokens != null) {
            g.writeObjectFieldStart("completion_tokens_details");
            g.writeNumberField("reasoning_tokens", reasoningTokens);
            g.writeEndObject();
        }
        g.writeEndObject();
    }
}
