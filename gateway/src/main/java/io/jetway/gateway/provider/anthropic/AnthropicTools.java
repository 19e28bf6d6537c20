package io.jetway.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.ChatCompletionAnyTool;
import io.jetway.api.model.ChatCompletionTool;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.types.ToolChoice;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.anthropic.AnthropicRequestMapper.JsonOutput;
import io.jetway.gateway.provider.common.FunctionTools;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The caller's tools and tool choice as Anthropic's {@code tools} and {@code tool_choice}, the JSON
 * tool of a forced JSON answer among them ({@link AnthropicJsonOutputs}), and tool-call arguments
 * as Anthropic's {@code input} objects.
 */
final class AnthropicTools {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PROVIDER = "Anthropic";

    private final CreateChatCompletionRequest body;
    private final AnthropicRequestMapper.Source source;
    private final AnthropicModels.Family family;
    private final Set<String> dropped;

    /** @param dropped where nested fields this mapping leaves out are named */
    AnthropicTools(
            CreateChatCompletionRequest body,
            AnthropicRequestMapper.Source source,
            AnthropicModels.Family family,
            Set<String> dropped) {
        this.body = body;
        this.source = source;
        this.family = family;
        this.dropped = dropped;
    }

    /** Tool-call arguments as the object Anthropic's {@code input} must be. */
    static JsonNode arguments(String arguments, String param) {
        if (arguments == null || arguments.isBlank()) {
            return NODES.objectNode();
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(arguments);
        } catch (IOException e) {
            throw GatewayException.invalidRequest(
                    param + " is not valid JSON; Anthropic needs the arguments of "
                            + "earlier tool calls as a JSON object.",
                    param);
        }
        if (!parsed.isObject()) {
            throw GatewayException.invalidRequest(param + " must be a JSON object for the anthropic provider.", param);
        }
        return parsed;
    }

    /**
     * Writes {@code tools} and {@code tool_choice} into {@code out}: the caller's function tools
     * (their cache control kept), the JSON tool when {@code json} forces one, and the choice.
     */
    void write(ObjectNode out, JsonOutput json) {
        List<ChatCompletionTool> callerTools = FunctionTools.declared(body, PROVIDER);
        ToolChoice choice = FunctionTools.choice(body, PROVIDER);
        boolean disableParallel = Boolean.FALSE.equals(body.getParallelToolCalls());
        if (callerTools.isEmpty() && json.kind() != JsonOutput.Kind.TOOL) {
            if (choice != null) {
                dropped.add("tool_choice");
            }
            return;
        }
        ArrayNode tools = out.putArray("tools");
        for (int i = 0; i < callerTools.size(); i++) {
            ChatCompletionTool t = callerTools.get(i);
            ObjectNode tool = tools.addObject();
            tool.put("name", t.getFunction().getName());
            if (t.getFunction().getDescription() != null) {
                tool.put("description", t.getFunction().getDescription());
            }
            tool.set("input_schema", inputSchema(t.getFunction().getParameters()));
            ObjectNode cc = AnthropicContent.sanitizeCache(
                    source.rawTool(indexOf(body.getTools(), t)).path("cache_control"));
            if (cc != null) {
                tool.set("cache_control", cc);
            }
            if (Boolean.TRUE.equals(t.getFunction().getStrict())) {
                if (family.structuredOutputs()) {
                    tool.put("strict", true);
                } else {
                    dropped.add("tools[].function.strict");
                }
            }
        }
        ObjectNode toolChoice = NODES.objectNode();
        if (json.kind() == JsonOutput.Kind.TOOL) {
            if (AnthropicJsonOutputs.thinkingOn(body)) {
                throw GatewayException.invalidRequest(
                        "response_format " + body.getResponseFormat().getType()
                                + " cannot be combined with thinking for " + body.getModel()
                                + ": Anthropic does not let a "
                                + "tool be forced while thinking. Use a model with structured outputs and a json_schema "
                                + "response_format, or turn thinking off.",
                        "response_format");
            }
            tools.add(AnthropicJsonOutputs.jsonTool(json.toolName(), body));
            String named = choice == null ? null : choice.functionName();
            if (named != null) {
                toolChoice.put("type", "tool").put("name", named);
            } else if (callerTools.isEmpty() || (choice != null && choice.mode() == ToolChoice.Mode.NONE)) {
                toolChoice.put("type", "tool").put("name", json.toolName());
            } else {
                toolChoice.put("type", "any");
            }
        } else if (choice == null) {
            toolChoice.put("type", "auto");
        } else if (choice.functionName() != null) {
            toolChoice.put("type", "tool").put("name", choice.functionName());
        } else {
            toolChoice.put(
                    "type",
                    switch (choice.mode()) {
                        case AUTO -> "auto";
                        case NONE -> "none";
                        case REQUIRED -> "any";
                    });
        }
        boolean none = toolChoice.path("type").asText().equals("none");
        if (disableParallel && !none) {
            toolChoice.put("disable_parallel_tool_use", true);
        }
        if (choice != null || disableParallel || json.kind() == JsonOutput.Kind.TOOL) {
            out.set("tool_choice", toolChoice);
        }
    }

    /**
     * A function's JSON Schema as Anthropic's {@code input_schema}, which must be an object
     * schema: none → an empty object schema, a schema without {@code type} gets {@code object}.
     */
    static JsonNode inputSchema(JsonNode parameters) {
        if (parameters == null || !parameters.isObject() || parameters.isEmpty()) {
            ObjectNode empty = NODES.objectNode();
            empty.put("type", "object");
            empty.putObject("properties");
            return empty;
        }
        if (!parameters.has("type")) {
            ObjectNode typed = NODES.objectNode();
            typed.put("type", "object");
            typed.setAll((ObjectNode) parameters);
            return typed;
        }
        return parameters;
    }

    /** The position of {@code tool} (by identity) in the caller's {@code tools}. */
    private static int indexOf(List<ChatCompletionAnyTool> tools, ChatCompletionTool tool) {
        for (int i = 0; i < tools.size(); i++) {
            if (tools.get(i) == tool) {
                return i;
            }
        }
        return -1;
    }
}
