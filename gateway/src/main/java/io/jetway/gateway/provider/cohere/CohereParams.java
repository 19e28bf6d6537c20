package io.jetway.gateway.provider.cohere;

import io.jetway.gateway.provider.core.ParamTable;

/** What Cohere's v2 Chat API does with each Chat Completions field (and Cohere's own fields). */
public final class CohereParams {

    static final String CHAT = "https://docs.cohere.com/reference/chat";

    public static final ParamTable TABLE = ParamTable.of("cohere")
            .keep("messages", "", CHAT)
            .keep("model", "", CHAT)
            .keep("stream", "the caller's flag", CHAT)
            .keep("stream_options", "read by the gateway: include_usage adds the final usage chunk", CHAT)
            .rename("max_completion_tokens", "max_tokens", "preferred over max_tokens", CHAT)
            .keep("max_tokens", "when max_completion_tokens is absent", CHAT)
            .rename("stop", "stop_sequences", "", CHAT)
            .keep("temperature", "", CHAT)
            .rename("top_p", "p", "", CHAT)
            .rename("top_k", "k", "", CHAT)
            .keep("seed", "", CHAT)
            .keep("frequency_penalty", "", CHAT)
            .keep("presence_penalty", "", CHAT)
            .keep("tools", "function tools; custom tools are refused", CHAT)
            .keep("tool_choice", "required → REQUIRED, none → NONE", CHAT)
            .keep("response_format", "", CHAT)
            .keep("thinking", "", CHAT)
            .reject("functions", "the deprecated function API: send tools", CHAT)
            .reject("function_call", "the deprecated function API: send tool_choice", CHAT)
            .keep("documents", "Cohere's own field, sent as it is", CHAT)
            .keep("citation_options", "Cohere's own field, sent as it is", CHAT)
            .keep("safety_mode", "Cohere's own field, sent as it is", CHAT)
            .keep("priority", "Cohere's own field, sent as it is", CHAT)
            .drop("n", "one choice per call: the pipeline makes one call per choice", CHAT)
            .drop("store", "when true: nothing is stored (false holds as it is)", CHAT)
            .drop("logit_bias", "", CHAT)
            .drop("logprobs", "when true", CHAT)
            .drop("user", "", CHAT)
            .build();

    private CohereParams() {}
}
