package io.jetway.gateway.provider.bedrock;

import io.jetway.gateway.provider.core.ParamTable;

/** What Bedrock's Converse API does with each Chat Completions field. */
public final class BedrockParams {

    static final String CONVERSE = "https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html";
    static final String INFERENCE =
            "https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InferenceConfiguration.html";

    public static final ParamTable TABLE = ParamTable.of("bedrock")
            .keep("messages", "become messages and system", CONVERSE)
            .keep("model", "in the URL (a model id or inference profile ARN)", CONVERSE)
            .keep("stream", "the caller's flag chooses converse-stream", CONVERSE)
            .keep("stream_options", "read by the gateway: include_usage adds the final usage chunk", CONVERSE)
            .rename("max_completion_tokens", "inferenceConfig.maxTokens", "preferred over max_tokens", INFERENCE)
            .rename("max_tokens", "inferenceConfig.maxTokens", "when max_completion_tokens is absent", INFERENCE)
            .rename("temperature", "inferenceConfig.temperature", "", INFERENCE)
            .rename("top_p", "inferenceConfig.topP", "", INFERENCE)
            .rename("stop", "inferenceConfig.stopSequences", "", INFERENCE)
            .rename("tools", "toolConfig.tools", "", CONVERSE)
            .rename("tool_choice", "toolConfig.toolChoice", "", CONVERSE)
            .rename("functions", "toolConfig.tools", "the deprecated function API, as tools", CONVERSE)
            .rename("function_call", "toolConfig.toolChoice", "the deprecated function API, as tool_choice", CONVERSE)
            .keep("response_format", "as a forced tool", CONVERSE)
            .rename(
                    "thinking",
                    "additionalModelRequestFields.thinking",
                    "Claude models only; otherwise named as dropped by the mapping",
                    CONVERSE)
            .rename(
                    "top_k",
                    "additionalModelRequestFields.top_k",
                    "Claude models only; otherwise named as dropped by the mapping",
                    CONVERSE)
            .rename("metadata", "requestMetadata", "", CONVERSE)
            .rename("service_tier", "serviceTier", "the tiers Bedrock has; others are named as dropped", CONVERSE)
            .keep("additional_model_request_fields", "as additionalModelRequestFields", CONVERSE)
            .keep("additionalModelRequestFields", "", CONVERSE)
            .drop("n", "one choice per call: the pipeline makes one call per choice", CONVERSE)
            .drop("store", "when true: nothing is stored (false holds as it is)", CONVERSE)
            .drop("seed", "", INFERENCE)
            .drop("frequency_penalty", "", INFERENCE)
            .drop("presence_penalty", "", INFERENCE)
            .drop("logprobs", "when true", CONVERSE)
            .drop("user", "", CONVERSE)
            .build();

    private BedrockParams() {}
}
