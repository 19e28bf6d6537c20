package io.jetway.gateway.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;

/**
 * OpenAI's usage in Anthropic's terms. OpenAI's {@code prompt_tokens} counts every input token,
 * cached ones included; Anthropic's {@code input_tokens} counts those after the last cache
 * breakpoint, cache reads and writes apart
 * (https://docs.claude.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance). So
 * input = prompt − cached − cache writes, {@code cache_read_input_tokens} = cached,
 * {@code cache_creation_input_tokens} = cache writes, {@code output_tokens} = completion tokens.
 */
final class MessagesUsage {

    private MessagesUsage() {}

    /** Anthropic's usage object from OpenAI's (absent or not an object: zeros). */
    static ObjectNode of(JsonNode usage) {
        long prompt = usage.path("prompt_tokens").asLong(0);
        long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        long written =
                usage.path("prompt_tokens_details").path("cache_write_tokens").asLong(0);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("input_tokens", Math.max(0, prompt - cached - written));
        out.put("cache_creation_input_tokens", written);
        out.put("cache_read_input_tokens", cached);
        out.put("output_tokens", usage.path("completion_tokens").asLong(0));
        return out;
    }
}
