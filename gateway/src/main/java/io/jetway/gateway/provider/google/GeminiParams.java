package io.jetway.gateway.provider.google;

import io.jetway.gateway.provider.core.ParamTable;

/** What Gemini's generateContent (Google AI and Vertex AI) does with each Chat Completions field. */
public final class GeminiParams {

    /** generateContent and its GenerationConfig. */
    static final String GENERATE = "https://ai.google.dev/api/generate-content#v1beta.GenerationConfig";
    /** Google's own OpenAI compatibility notes (thinking budgets, reasoning effort). */
    static final String OPENAI_COMPAT = "https://ai.google.dev/gemini-api/docs/openai";

    public static final ParamTable TABLE = ParamTable.of("google")
            .keep("messages", "become contents and systemInstruction", GENERATE)
            .keep("model", "in the URL", GENERATE)
            .rename("n", "generationConfig.candidateCount", "", GENERATE)
            .rename("max_completion_tokens", "generationConfig.maxOutputTokens", "preferred over max_tokens", GENERATE)
            .rename("max_tokens", "generationConfig.maxOutputTokens", "when max_completion_tokens is absent", GENERATE)
            .rename("stop", "generationConfig.stopSequences", "", GENERATE)
            .rename("temperature", "generationConfig.temperature", "", GENERATE)
            .rename("top_p", "generationConfig.topP", "", GENERATE)
            .rename("top_k", "generationConfig.topK", "", GENERATE)
            .rename("seed", "generationConfig.seed", "", GENERATE)
            .rename("presence_penalty", "generationConfig.presencePenalty", "", GENERATE)
            .rename("frequency_penalty", "generationConfig.frequencyPenalty", "", GENERATE)
            .rename("logprobs", "generationConfig.responseLogprobs", "", GENERATE)
            .rename(
                    "top_logprobs",
                    "generationConfig.logprobs",
                    "with logprobs; alone it is named as dropped",
                    GENERATE)
            .keep("response_format", "as responseMimeType and responseSchema", GENERATE)
            .rename("thinking", "generationConfig.thinkingConfig", "", OPENAI_COMPAT)
            .rename(
                    "reasoning_effort",
                    "generationConfig.thinkingConfig.thinkingBudget",
                    "none, minimal, low, medium, high; others are refused",
                    OPENAI_COMPAT)
            .keep("tools", "as functionDeclarations; custom tools are refused", GENERATE)
            .rename("tool_choice", "toolConfig.functionCallingConfig", "", GENERATE)
            .keep("stream", "the caller's flag chooses streamGenerateContent", GENERATE)
            .keep("stream_options", "read by the gateway: include_usage adds the final usage chunk", GENERATE)
            .reject("functions", "the deprecated function API: send tools", GENERATE)
            .reject("function_call", "the deprecated function API: send tool_choice", GENERATE)
            .drop("store", "when true: nothing is stored (false holds as it is)", OPENAI_COMPAT)
            .drop("user", "", OPENAI_COMPAT)
            .drop("logit_bias", "", OPENAI_COMPAT)
            .drop("parallel_tool_calls", "when false", OPENAI_COMPAT)
            .drop("metadata", "", OPENAI_COMPAT)
            .drop("service_tier", "", OPENAI_COMPAT)
            .build();

    private GeminiParams() {}
}
