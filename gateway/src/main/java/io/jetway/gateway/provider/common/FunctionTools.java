package io.jetway.gateway.provider.common;

import io.jetway.api.model.ChatCompletionAllowedTool;
import io.jetway.api.model.ChatCompletionAllowedTools;
import io.jetway.api.model.ChatCompletionAnyTool;
import io.jetway.api.model.ChatCompletionMessageAnyToolCall;
import io.jetway.api.model.ChatCompletionMessageCustomToolCall;
import io.jetway.api.model.ChatCompletionMessageToolCall;
import io.jetway.api.model.ChatCompletionRequestAssistantMessage;
import io.jetway.api.model.ChatCompletionTool;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.model.CustomToolChatCompletions;
import io.jetway.api.types.ToolChoice;
import io.jetway.gateway.core.GatewayException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tools as the translating providers take them: function tools only. OpenAI's custom tools (free
 * text input, optionally under a grammar) have no counterpart there, so a custom tool, a
 * {@code tool_choice} naming one, or a custom tool call in the history is a 400 saying so (dropping
 * a tool would silently change what the model can do). {@code tool_choice: allowed_tools} is
 * carried out by offering the model only the allowed tools, with its mode ({@code auto} or
 * {@code required}) as the tool choice.
 */
public final class FunctionTools {

    private FunctionTools() {}

    /**
     * The function tools to offer, in the caller's order, without those {@code allowed_tools}
     * leaves out. Empty when there are none.
     *
     * @throws GatewayException 400 for a custom tool
     */
    public static List<ChatCompletionTool> declared(CreateChatCompletionRequest body, String provider) {
        List<ChatCompletionAnyTool> tools = body.getTools();
        if (tools == null || tools.isEmpty()) {
            return List.of();
        }
        Set<String> allowed = allowedNames(body.getToolChoice());
        List<ChatCompletionTool> out = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            switch (tools.get(i)) {
                case ChatCompletionTool f -> {
                    if (allowed == null || allowed.contains(f.getFunction().getName())) {
                        out.add(f);
                    }
                }
                case CustomToolChatCompletions c ->
                    throw GatewayException.invalidRequest(
                            "tools[" + i + "] ('"
                                    + c.getCustom().getName() + "') is a custom tool; " + provider
                                    + " takes function tools only: "
                                    + "declare it as a function with a JSON Schema for its input.",
                            "tools[" + i + "].type");
            }
        }
        return out;
    }

    /** Whether the request offers any function tool (before {@code allowed_tools} is applied). */
    public static boolean hasFunction(CreateChatCompletionRequest body, String name) {
        if (body.getTools() != null) {
            for (ChatCompletionAnyTool t : body.getTools()) {
                if (t instanceof ChatCompletionTool f
                        && f.getFunction() != null
                        && name.equals(f.getFunction().getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * {@code tool_choice} as a mode or a named function: {@code allowed_tools} becomes its mode
     * ({@link #declared} has left out the other tools). Null when absent.
     *
     * @throws GatewayException 400 for a named custom tool
     */
    public static ToolChoice choice(CreateChatCompletionRequest body, String provider) {
        ToolChoice choice = body.getToolChoice();
        if (choice == null || choice.mode() != null || choice.functionName() != null) {
            return choice;
        }
        ChatCompletionAllowedTools allowed = choice.allowedTools();
        if (allowed != null) {
            return ToolChoice.of(
                    switch (allowed.getMode()) {
                        case AUTO -> ToolChoice.Mode.AUTO;
                        case REQUIRED -> ToolChoice.Mode.REQUIRED;
                    });
        }
        throw GatewayException.invalidRequest(
                "tool_choice names the custom tool '" + choice.customName() + "'; " + provider
                        + " takes function tools only.",
                "tool_choice");
    }

    /**
     * An assistant message's earlier tool calls, all function calls; empty when it has none.
     *
     * @param at the message's path, e.g. {@code messages[3]}
     * @throws GatewayException 400 for a custom tool call
     */
    public static List<ChatCompletionMessageToolCall> calls(
            ChatCompletionRequestAssistantMessage message, String at, String provider) {
        List<ChatCompletionMessageAnyToolCall> calls = message.getToolCalls();
        if (calls == null || calls.isEmpty()) {
            return List.of();
        }
        List<ChatCompletionMessageToolCall> out = new ArrayList<>(calls.size());
        for (int j = 0; j < calls.size(); j++) {
            switch (calls.get(j)) {
                case ChatCompletionMessageToolCall f -> out.add(f);
                case ChatCompletionMessageCustomToolCall c ->
                    throw GatewayException.invalidRequest(
                            at + ".tool_calls["
                                    + j + "] is a call of the custom tool '"
                                    + c.getCustom().getName() + "'; " + provider
                                    + " takes function tools and calls only.",
                            at + ".tool_calls[" + j + "].type");
            }
        }
        return out;
    }

    /** The function names {@code allowed_tools} lets the model call, or null when it does not restrict them. */
    private static Set<String> allowedNames(ToolChoice choice) {
        ChatCompletionAllowedTools allowed = choice == null ? null : choice.allowedTools();
        if (allowed == null) {
            return null;
        }
        Set<String> names = new HashSet<>();
        for (ChatCompletionAllowedTool t : allowed.getTools()) {
            if (t.getFunction() != null) {
                names.add(t.getFunction().getName());
            }
        }
        return names;
    }
}
