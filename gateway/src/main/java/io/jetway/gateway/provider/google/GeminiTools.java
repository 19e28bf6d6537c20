package io.jetway.gateway.provider.google;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.ChatCompletionTool;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.model.FunctionObject;
import io.jetway.api.types.ToolChoice;
import io.jetway.gateway.provider.common.FunctionTools;
import java.util.List;

/** The caller's function tools and tool choice as Gemini's {@code functionDeclarations} and {@code toolConfig}. */
final class GeminiTools {

    private static final String PROVIDER = "Gemini";

    private GeminiTools() {}

    static void tools(CreateChatCompletionRequest req, ObjectNode root) {
        List<ChatCompletionTool> tools = FunctionTools.declared(req, PROVIDER);
        if (tools.isEmpty()) {
            return;
        }
        ArrayNode declarations = root.putArray("tools").addObject().putArray("functionDeclarations");
        for (int i = 0; i < tools.size(); i++) {
            FunctionObject fn = tools.get(i).getFunction();
            ObjectNode decl = declarations.addObject();
            decl.put("name", fn.getName());
            if (fn.getDescription() != null) {
                decl.put("description", fn.getDescription());
            }
            if (fn.getParameters() != null && !fn.getParameters().isNull()) {
                ObjectNode params = GeminiSchemas.convert(fn.getParameters(), "tools[" + i + "].function.parameters");
                // Gemini rejects an OBJECT without properties; a function without parameters has none.
                if (!GeminiSchemas.isEmptyObject(params)) {
                    decl.set("parameters", params);
                }
            }
        }
        ToolChoice choice = FunctionTools.choice(req, PROVIDER);
        if (choice != null) {
            ObjectNode config = root.putObject("toolConfig").putObject("functionCallingConfig");
            if (choice.functionName() != null) {
                config.put("mode", "ANY");
                config.putArray("allowedFunctionNames").add(choice.functionName());
            } else {
                config.put(
                        "mode",
                        switch (choice.mode()) {
                            case NONE -> "NONE";
                            case AUTO -> "AUTO";
                            case REQUIRED -> "ANY";
                        });
            }
        }
    }
}
