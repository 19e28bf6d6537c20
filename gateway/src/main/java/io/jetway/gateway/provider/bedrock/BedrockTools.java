package io.jetway.gateway.provider.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.ChatCompletionFunctions;
import io.jetway.api.model.ChatCompletionTool;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.model.FunctionObject;
import io.jetway.api.model.ResponseFormatJsonSchema;
import io.jetway.api.types.FunctionCallChoice;
import io.jetway.api.types.ToolChoice;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.common.FunctionTools;
import java.util.List;
import java.util.Set;

/** Tool calls and results as Converse {@code toolUse} and {@code toolResult} blocks, and the caller's tools as {@code toolConfig}. */
final class BedrockTools {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PROVIDER = "Bedrock";

    private BedrockTools() {}

    static ObjectNode toolUse(String id, String name, String arguments, String param) {
        ObjectNode toolUse = NODES.objectNode();
        toolUse.put("toolUseId", id);
        toolUse.put("name", name);
        JsonNode input;
        try {
            input = arguments == null || arguments.isBlank() ? NODES.objectNode() : Json.MAPPER.readTree(arguments);
        } catch (JsonProcessingException e) {
            throw GatewayException.invalidRequest(
                    "Tool call arguments must be a JSON object for bedrock: " + e.getOriginalMessage(), param);
        }
        toolUse.set("input", input);
        return toolUse;
    }

    static ObjectNode toolResult(String toolUseId, String text) {
        ObjectNode result = NODES.objectNode();
        result.put("toolUseId", toolUseId);
        ArrayNode content = result.putArray("content");
        // Bedrock rejects blank text blocks; an empty result is still a result.
        content.addObject().put("text", text.isEmpty() ? " " : text);
        return result;
    }

    /**
     * A stable id linking a legacy {@code function_call} to the {@code function} message after it
     * (the legacy format has no ids: a function message answers the latest call).
     */
    static String legacyFunctionId(int n) {
        return "function_call_" + n;
    }

    // Deprecated in OpenAI's spec (max_tokens, functions, the function role, user, seed), still sent by callers.
    @SuppressWarnings("deprecation")
    static void toolConfig(
            CreateChatCompletionRequest body, String forcedTool, Set<String> historyToolNames, ObjectNode root) {
        ArrayNode tools = NODES.arrayNode();
        List<ChatCompletionTool> declared = FunctionTools.declared(body, PROVIDER);
        if (!declared.isEmpty()) {
            for (ChatCompletionTool tool : declared) {
                FunctionObject fn = tool.getFunction();
                tools.add(toolSpec(
                        fn.getName(), fn.getDescription(), fn.getParameters(), Boolean.TRUE.equals(fn.getStrict())));
            }
        } else if (body.getFunctions() != null) {
            for (ChatCompletionFunctions fn : body.getFunctions()) {
                tools.add(toolSpec(fn.getName(), fn.getDescription(), fn.getParameters(), false));
            }
        }
        ObjectNode choice = null;
        boolean none = false;
        ToolChoice toolChoice = FunctionTools.choice(body, PROVIDER);
        FunctionCallChoice functionCall = body.getFunctionCall();
        if (toolChoice != null) {
            if (toolChoice.mode() != null) {
                switch (toolChoice.mode()) {
                    case NONE -> none = true;
                    case AUTO -> choice = NODES.objectNode().set("auto", NODES.objectNode());
                    case REQUIRED -> choice = NODES.objectNode().set("any", NODES.objectNode());
                }
            } else {
                choice = NODES.objectNode();
                choice.putObject("tool").put("name", toolChoice.functionName());
            }
        } else if (functionCall != null) {
            if (functionCall.functionName() != null) {
                choice = NODES.objectNode();
                choice.putObject("tool").put("name", functionCall.functionName());
            } else if ("none".equals(functionCall.modeName())) {
                none = true;
            }
        }
        if (forcedTool != null) {
            ObjectNode schema = NODES.objectNode().put("type", "object");
            String description = "Respond with a JSON object as the input of this tool.";
            if (body.getResponseFormat() instanceof ResponseFormatJsonSchema s && s.getJsonSchema() != null) {
                if (s.getJsonSchema().getSchema() != null
                        && s.getJsonSchema().getSchema().isObject()) {
                    schema = (ObjectNode) s.getJsonSchema().getSchema();
                }
                if (s.getJsonSchema().getDescription() != null
                        && !s.getJsonSchema().getDescription().isBlank()) {
                    description = s.getJsonSchema().getDescription();
                }
            }
            tools.add(toolSpec(forcedTool, description, schema, false));
            if (tools.size() == 1 || none || choice == null || choice.has("auto")) {
                // Only the JSON tool may be called: the answer must be the JSON.
                choice = NODES.objectNode();
                choice.putObject("tool").put("name", forcedTool);
            } // a caller's "required" or named choice stands: their tools may still be called
            none = false;
        }
        if (none) {
            if (historyToolNames.isEmpty()) {
                return; // Bedrock has no "none": sending no tools is how the model is kept from calling one
            }
            // Bedrock rejects toolUse/toolResult blocks without a toolConfig, and cannot forbid calls:
            // the tools are sent without a choice (the model may still call one).
            choice = null;
        }
        if (tools.isEmpty()) {
            if (historyToolNames.isEmpty()) {
                return;
            }
            for (String name : historyToolNames) {
                tools.add(toolSpec(name, null, null, false));
            }
        }
        ObjectNode config = root.putObject("toolConfig");
        config.set("tools", tools);
        if (choice != null) {
            config.set("toolChoice", choice);
        }
    }

    static ObjectNode toolSpec(String name, String description, JsonNode parameters, boolean strict) {
        ObjectNode spec = NODES.objectNode();
        ObjectNode toolSpec = spec.putObject("toolSpec");
        toolSpec.put("name", name);
        if (description != null && !description.isEmpty()) {
            toolSpec.put("description", description);
        }
        JsonNode schema = parameters != null && parameters.isObject()
                ? parameters
                : NODES.objectNode().put("type", "object").set("properties", NODES.objectNode());
        toolSpec.putObject("inputSchema").set("json", schema);
        if (strict) {
            toolSpec.put("strict", true);
        }
        return spec;
    }
}
