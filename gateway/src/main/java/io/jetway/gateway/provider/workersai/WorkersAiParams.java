package io.jetway.gateway.provider.workersai;

import io.jetway.gateway.provider.core.ParamTable;

/**
 * What Workers AI's run API does with each Chat Completions field (and its own fields), from the
 * text-generation input schema (the "Messages" input of
 * https://developers.cloudflare.com/workers-ai/models/llama-3.3-70b-instruct-fp8-fast/).
 */
public final class WorkersAiParams {

    static final String MODEL = "https://developers.cloudflare.com/workers-ai/models/llama-3.3-70b-instruct-fp8-fast/";
    static final String REST = "https://developers.cloudflare.com/workers-ai/get-started/rest-api/";
    static final String TOOLS = "https://developers.cloudflare.com/workers-ai/features/function-calling/";
    static final String JSON_MODE = "https://developers.cloudflare.com/workers-ai/features/json-mode/";

    public static final ParamTable TABLE = ParamTable.of(WorkersAiProvider.ID)
            .keep("messages", "text content only", MODEL)
            .keep("model", "sent as the last part of the URL, not in the body", REST)
            .keep("stream", "the caller's flag", MODEL)
            .keep("stream_options", "read by the gateway: include_usage adds the final usage chunk", MODEL)
            .rename("max_completion_tokens", "max_tokens", "preferred over max_tokens", MODEL)
            .keep("max_tokens", "when max_completion_tokens is absent", MODEL)
            .keep("temperature", "", MODEL)
            .clamp("top_p", "top_p", "at least 0.001", MODEL)
            .clamp("top_k", "top_k", "between 1 and 50", MODEL)
            .clamp("seed", "seed", "between 1 and 9999999999", MODEL)
            .keep("frequency_penalty", "", MODEL)
            .keep("presence_penalty", "", MODEL)
            .keep("tools", "function tools; custom tools are refused", TOOLS)
            .keep(
                    "tool_choice",
                    "none: no tools offered; auto: the default; required or a named function: refused",
                    TOOLS)
            .keep("response_format", "json_object and json_schema; text is the default", JSON_MODE)
            .reject("functions", "the deprecated function API: send tools", TOOLS)
            .reject("function_call", "the deprecated function API: send tool_choice", TOOLS)
            .keep("raw", "Workers AI's own field, sent as it is", MODEL)
            .keep("lora", "Workers AI's own field, sent as it is", MODEL)
            .keep("repetition_penalty", "Workers AI's own field, sent as it is", MODEL)
            .drop("n", "one choice per call: the pipeline makes one call per choice", MODEL)
            .drop("stop", "", MODEL)
            .drop("logit_bias", "", MODEL)
            .drop("logprobs", "when true", MODEL)
            .drop("user", "", MODEL)
            .build();

    private WorkersAiParams() {}
}
