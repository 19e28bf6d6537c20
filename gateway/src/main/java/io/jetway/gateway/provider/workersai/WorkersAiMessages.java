package io.jetway.gateway.provider.workersai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.ChatCompletionMessageToolCall;
import io.jetway.api.model.ChatCompletionRequestAssistantMessage;
import io.jetway.api.model.ChatCompletionRequestDeveloperMessage;
import io.jetway.api.model.ChatCompletionRequestFunctionMessage;
import io.jetway.api.model.ChatCompletionRequestMessage;
import io.jetway.api.model.ChatCompletionRequestMessageContentPart;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartAudio;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartFile;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartImage;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartRedactedThinking;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartRefusal;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartText;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartThinking;
import io.jetway.api.model.ChatCompletionRequestSystemMessage;
import io.jetway.api.model.ChatCompletionRequestToolMessage;
import io.jetway.api.model.ChatCompletionRequestUserMessage;
import io.jetway.api.model.ChatCompletionTool;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.model.FunctionObject;
import io.jetway.api.types.MessageContent;
import io.jetway.api.types.ToolChoice;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.common.FunctionTools;
import java.util.List;
import java.util.Set;

/**
 * The caller's messages and tools in Workers AI's terms. Messages are {@code {role, content}} with
 * text content, nothing else (the model's input schema,
 * https://developers.cloudflare.com/workers-ai/models/llama-3.3-70b-instruct-fp8-fast/): earlier tool
 * calls are written into the assistant's text as Cloudflare's own AI SDK provider writes them, tool
 * results are {@code tool} messages.
 */
final class WorkersAiMessages {

    private WorkersAiMessages() {}

    // Deprecated in OpenAI's spec (the function role), still sent by callers.
    @SuppressWarnings("deprecation")
    static ArrayNode messages(List<ChatCompletionRequestMessage> messages, Set<String> dropped) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int i = 0; i < messages.size(); i++) {
            String param = "messages[" + i + "]";
            ObjectNode m = switch (messages.get(i)) {
                case ChatCompletionRequestSystemMessage s ->
                    text("system", s.getContent(), s.getName(), param, dropped);
                case ChatCompletionRequestDeveloperMessage d ->
                    text("system", d.getContent(), d.getName(), param, dropped);
                case ChatCompletionRequestUserMessage u -> text("user", u.getContent(), u.getName(), param, dropped);
                case ChatCompletionRequestAssistantMessage a -> assistant(a, param, dropped);
                case ChatCompletionRequestToolMessage t -> tool(t, param, dropped);
                case ChatCompletionRequestFunctionMessage f -> throw legacyFunctions(param);
            };
            out.add(m);
        }
        return out;
    }

    /**
     * The function tools as {@code {type: function, function: {name, description, parameters}}} (the
     * schema's second tool shape, which requires a description and an object schema: an absent one is
     * sent empty). {@code tool_choice: none} offers none; {@code required} or a named function are
     * refused: Workers AI has no way to force a call (https://developers.cloudflare.com/workers-ai/features/function-calling/).
     */
    static void tools(CreateChatCompletionRequest body, ObjectNode out) {
        List<ChatCompletionTool> tools = FunctionTools.declared(body, WorkersAiProvider.ID);
        ToolChoice choice = FunctionTools.choice(body, WorkersAiProvider.ID);
        if (choice != null) {
            if (choice.functionName() != null) {
                throw cannotForce("names the function '" + choice.functionName() + "'");
            }
            if (choice.mode() != null) {
                switch (choice.mode()) {
                    case NONE -> {
                        return;
                    }
                    case REQUIRED -> throw cannotForce("is required");
                    case AUTO -> {
                        // Workers AI's only mode.
                    }
                }
            }
        }
        if (tools.isEmpty()) {
            return;
        }
        ArrayNode list = out.putArray("tools");
        for (ChatCompletionTool tool : tools) {
            FunctionObject f = tool.getFunction();
            ObjectNode t = list.addObject();
            t.put("type", "function");
            ObjectNode fn = t.putObject("function");
            fn.put("name", f.getName());
            fn.put("description", f.getDescription() == null ? "" : f.getDescription());
            JsonNode params = f.getParameters();
            if (params == null || params.isNull() || params.isEmpty()) {
                ObjectNode empty = fn.putObject("parameters");
                empty.put("type", "object");
                empty.putObject("properties");
            } else {
                fn.set("parameters", params);
            }
        }
    }

    private static ObjectNode text(
            String role, MessageContent content, String name, String param, Set<String> dropped) {
        if (name != null) {
            dropped.add("messages[].name");
        }
        ObjectNode m = message(role);
        m.put("content", content == null ? "" : text(content, param, dropped));
        return m;
    }

    /**
     * Assistant messages: text (a refusal is text the assistant said), then each earlier tool call
     * as a line of JSON {@code {"name": …, "parameters": {…}}}, the text Cloudflare's AI SDK provider
     * writes for a call (cloudflare/ai {@code packages/workers-ai-provider/src/convert-to-workersai-chat-messages.ts}):
     * the model's message schema has {@code role} and {@code content} only, so the call travels in
     * the content.
     */
    private static ObjectNode assistant(ChatCompletionRequestAssistantMessage a, String param, Set<String> dropped) {
        if (a.getName() != null) {
            dropped.add("messages[].name");
        }
        if (a.getFunctionCall() != null) {
            throw legacyFunctions(param + ".function_call");
        }
        MessageContent content = a.getContent();
        StringBuilder text = new StringBuilder(
                content != null ? text(content, param, dropped) : a.getRefusal() != null ? a.getRefusal() : "");
        for (ChatCompletionMessageToolCall call : FunctionTools.calls(a, param, WorkersAiProvider.ID)) {
            ObjectNode c = Json.MAPPER.createObjectNode();
            c.put("name", call.getFunction().getName());
            c.set("parameters", arguments(call.getFunction().getArguments()));
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(c);
        }
        ObjectNode m = message("assistant");
        m.put("content", text.toString());
        return m;
    }

    /** A tool result: {@code role: tool} with its text (the schema has no place for the call's id: results follow the calls in order). */
    private static ObjectNode tool(ChatCompletionRequestToolMessage t, String param, Set<String> dropped) {
        ObjectNode m = message("tool");
        m.put("content", text(t.getContent(), param, dropped));
        return m;
    }

    /** A call's arguments as JSON when they are JSON (they should be), else as the text they are. */
    private static JsonNode arguments(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(arguments);
        } catch (java.io.IOException notJson) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(arguments);
        }
    }

    /**
     * Content as the one string Workers AI takes: text parts joined by newlines (as Cloudflare's AI SDK
     * provider joins them); a refusal part is text; thinking is left out (named); images, audio and
     * files are a 400.
     */
    private static String text(MessageContent content, String param, Set<String> dropped) {
        if (content.isText()) {
            return content.text();
        }
        StringBuilder sb = new StringBuilder();
        List<ChatCompletionRequestMessageContentPart> parts = content.parts();
        for (int i = 0; i < parts.size(); i++) {
            ChatCompletionRequestMessageContentPart part = parts.get(i);
            String text = switch (part) {
                case ChatCompletionRequestMessageContentPartText t -> t.getText();
                case ChatCompletionRequestMessageContentPartRefusal r -> r.getRefusal();
                case ChatCompletionRequestMessageContentPartThinking t -> {
                    dropped.add("messages[].content[thinking]");
                    yield null;
                }
                case ChatCompletionRequestMessageContentPartRedactedThinking r -> {
                    dropped.add("messages[].content[redacted_thinking]");
                    yield null;
                }
                case ChatCompletionRequestMessageContentPartImage img -> throw unsupportedPart(param, i, "image_url");
                case ChatCompletionRequestMessageContentPartAudio au -> throw unsupportedPart(param, i, "input_audio");
                case ChatCompletionRequestMessageContentPartFile f -> throw unsupportedPart(param, i, "file");
            };
            if (text != null) {
                if (!sb.isEmpty()) {
                    sb.append('\n');
                }
                sb.append(text);
            }
        }
        return sb.toString();
    }

    private static ObjectNode message(String role) {
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("role", role);
        return m;
    }

    private static GatewayException unsupportedPart(String param, int index, String type) {
        return GatewayException.invalidRequest(
                "workers-ai: a `" + type + "` content part is not supported: Workers AI's text generation"
                        + " models take text content only.",
                param + ".content[" + index + "]");
    }

    private static GatewayException cannotForce(String what) {
        return GatewayException.invalidRequest(
                "tool_choice " + what + ", but workers-ai cannot force a tool call: send tool_choice auto (or"
                        + " none), or leave it out.",
                "tool_choice");
    }

    static GatewayException legacyFunctions(String param) {
        return GatewayException.invalidRequest(
                "workers-ai does not support the deprecated `functions`/`function_call` interface: use `tools`"
                        + " (with `tool` messages) instead.",
                param);
    }
}
