package io.jetway.gateway.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.ChatCompletionTool;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.model.FunctionObject;
import io.jetway.api.types.ToolChoice;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.common.FunctionTools;
import java.util.List;

/** The caller's function tools and tool choice as Cohere's {@code tools} and {@code tool_choice}. */
final class CohereTools {

    private static final String PROVIDER = "cohere";

    private CohereTools() {}

    static void tools(CreateChatCompletionRequest body, ObjectNode out) {
        List<ChatCompletionTool> tools = FunctionTools.declared(body, PROVIDER);
        ToolChoice choice = FunctionTools.choice(body, PROVIDER);
        String forced = choice == null ? null : choice.functionName();
        boolean hasTools = !tools.isEmpty();
        if (forced != null && !hasTools) {
            throw GatewayException.invalidRequest(
                    "tool_choice names the function '" + forced + "' but the request has no tools.", "tool_choice");
        }
        if (hasTools) {
            ArrayNode list = out.putArray("tools");
            boolean strict = false;
            for (ChatCompletionTool tool : tools) {
                FunctionObject f = tool.getFunction();
                // Cohere cannot force one named tool; offering only that tool with REQUIRED can.
                if (forced != null && !forced.equals(f.getName())) {
                    continue;
                }
                ObjectNode t = list.addObject();
                t.put("type", "function");
                ObjectNode fn = t.putObject("function");
                fn.put("name", f.getName());
                if (f.getDescription() != null) {
                    fn.put("description", f.getDescription());
                }
                JsonNode params = f.getParameters();
                if (params == null || params.isNull()) {
                    ObjectNode empty = fn.putObject("parameters");
                    empty.put("type", "object");
                    empty.putObject("properties");
                } else {
                    fn.set("parameters", params);
                }
                strict |= Boolean.TRUE.equals(f.getStrict());
            }
            if (forced != null && list.isEmpty()) {
                throw GatewayException.invalidRequest(
                        "tool_choice names the function '" + forced + "', which is not among the request's tools.",
                        "tool_choice");
            }
            if (strict) {
                out.put("strict_tools", true);
            }
        }
        if (choice != null) {
            if (forced != null) {
                out.put("tool_choice", "REQUIRED");
            } else if (choice.mode() != null) {
                switch (choice.mode()) {
                    case NONE -> out.put("tool_choice", "NONE");
                    case REQUIRED -> out.put("tool_choice", "REQUIRED");
                    case AUTO -> {
                        // Cohere's default when tool_choice is absent.
                    }
                }
            }
        }
    }
}
