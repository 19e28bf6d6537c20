package io.jetway.gateway.provider.anthropic;

import io.jetway.gateway.provider.core.ParamTable;

/** What Anthropic's Messages API does with each Chat Completions field (Claude on Vertex AI too). */
public final class AnthropicParams {

    /** Anthropic's Messages API reference. */
    static final String MESSAGES = "https://docs.anthropic.com/en/api/messages";
    /** Anthropic's list of the OpenAI fields its own compatibility layer ignores. */
    static final String OPENAI_SDK =
            "https://docs.anthropic.com/en/api/openai-sdk#important-openai-compatibility-limitations";

    public static final ParamTable TABLE = ParamTable.of("anthropic")
            .keep("messages", "system and developer messages become `system`; turns of one role are merged", MESSAGES)
            .keep("model", "in the body (in the URL on Vertex AI)", MESSAGES)
            .rename(
                    "max_completion_tokens",
                    "max_tokens",
                    "preferred over max_tokens; Anthropic requires one",
                    MESSAGES)
            .keep("max_tokens", "when max_completion_tokens is absent", MESSAGES)
            .rename("stop", "stop_sequences", "", MESSAGES)
            .keep("stream", "the caller's flag", MESSAGES)
            .keep("stream_options", "read by the gateway: include_usage adds the final usage chunk", MESSAGES)
            .clamp("temperature", "temperature", "Anthropic's range is 0..1: larger values become 1", MESSAGES)
            .keep("top_p", "", MESSAGES)
            .keep("top_k", "", MESSAGES)
            .rename("user", "metadata.user_id", "", MESSAGES)
            .keep("tools", "function tools; custom tools are refused", MESSAGES)
            .keep("tool_choice", "auto, none, required → any, a named function → tool", MESSAGES)
            .rename("parallel_tool_calls", "tool_choice.disable_parallel_tool_use", "when false", MESSAGES)
            .keep(
                    "response_format",
                    "json_schema natively where the model supports it, else as a forced tool",
                    MESSAGES)
            .keep("thinking", "", MESSAGES)
            .keep("service_tier", "only auto; another tier is named as dropped by the mapping", MESSAGES)
            .reject("functions", "the deprecated function API: send tools", MESSAGES)
            .reject("function_call", "the deprecated function API: send tool_choice", MESSAGES)
            .drop("n", "one choice per call: the pipeline makes one call per choice", OPENAI_SDK)
            .drop("frequency_penalty", "", OPENAI_SDK)
            .drop("presence_penalty", "", OPENAI_SDK)
            .drop("logit_bias", "", OPENAI_SDK)
            .drop("logprobs", "when true", OPENAI_SDK)
            .drop("top_logprobs", "", OPENAI_SDK)
            .drop("seed", "", OPENAI_SDK)
            .drop("store", "when true: nothing is stored (false holds as it is)", OPENAI_SDK)
            .drop("metadata", "", OPENAI_SDK)
            .drop("modalities", "other than [\"text\"]", OPENAI_SDK)
            .drop("audio", "", OPENAI_SDK)
            .drop("prediction", "", OPENAI_SDK)
            .drop("reasoning_effort", "send thinking with a budget instead", OPENAI_SDK)
            .build();

    private AnthropicParams() {}
}
