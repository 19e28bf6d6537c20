package io.jetway.gateway.provider.bedrock;

import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.model.ResponseFormat;
import io.jetway.api.model.ResponseFormatJsonObject;
import io.jetway.api.model.ResponseFormatJsonSchema;
import io.jetway.api.model.ResponseFormatText;
import io.jetway.gateway.provider.common.FunctionTools;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What Jetway knows about Bedrock model ids (plain ids, cross-region inference profiles such as
 * {@code us.anthropic…}, and ARNs all contain the model's name).
 */
final class BedrockModels {

    /**
     * Claude models with Bedrock's native structured output ({@code outputConfig.textFormat}):
     * Sonnet 4.5 and 4.6, Haiku 4.5, Opus 4.5 and 4.6
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-structured-outputs.html).
     * Other models get the forced-tool technique.
     */
    private static final Pattern NATIVE_STRUCTURED_OUTPUT =
            Pattern.compile("anthropic\\.claude-(sonnet-4-[56]|haiku-4-5|opus-4-[56])(?![0-9])");

    private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    /** The forced tool's name when the caller's schema has no usable name. */
    static final String DEFAULT_JSON_TOOL = "json_response";

    private BedrockModels() {}

    static boolean isClaude(String modelId) {
        return modelId != null && modelId.toLowerCase(Locale.ROOT).contains("anthropic.claude");
    }

    static boolean nativeStructuredOutput(String modelId) {
        return modelId != null
                && NATIVE_STRUCTURED_OUTPUT
                        .matcher(modelId.toLowerCase(Locale.ROOT))
                        .find();
    }

    /**
     * The name of the tool the model is forced to call to produce a {@code response_format} JSON
     * answer, or null when no tool is forced (no JSON format asked, or the model has native
     * structured output). A pure function of the request, so the request, response and stream
     * mappers agree on it without sharing state.
     */
    static String forcedJsonTool(CreateChatCompletionRequest body) {
        ResponseFormat format = body.getResponseFormat();
        if (format == null) {
            return null;
        }
        return switch (format) {
            case ResponseFormatText t -> null;
            case ResponseFormatJsonObject o -> DEFAULT_JSON_TOOL;
            case ResponseFormatJsonSchema s -> {
                if (nativeStructuredOutput(body.getModel())) {
                    yield null;
                }
                String name =
                        s.getJsonSchema() == null ? null : s.getJsonSchema().getName();
                yield name != null && TOOL_NAME.matcher(name).matches() && !callerHasTool(body, name)
                        ? name
                        : DEFAULT_JSON_TOOL;
            }
        };
    }

    private static boolean callerHasTool(CreateChatCompletionRequest body, String name) {
        return FunctionTools.hasFunction(body, name);
    }
}
