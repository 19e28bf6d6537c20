package io.jetway.gateway.provider.cohere;

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
import io.jetway.api.types.MessageContent;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.common.FunctionTools;
import java.util.List;
import java.util.Set;

/** The caller's messages as Cohere v2 messages: system text, user text and images, assistant text and tool calls, tool results. */
final class CohereMessages {

    private static final String PROVIDER = "cohere";

    private CohereMessages() {}

    // Deprecated in OpenAI's spec (max_tokens, functions, the function role, user, seed), still sent by callers.
    @SuppressWarnings("deprecation")
    static ArrayNode messages(List<ChatCompletionRequestMessage> messages, Set<String> dropped) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int i = 0; i < messages.size(); i++) {
            String param = "messages[" + i + "]";
            ObjectNode m = switch (messages.get(i)) {
                case ChatCompletionRequestSystemMessage s -> system(s.getContent(), s.getName(), param, dropped);
                case ChatCompletionRequestDeveloperMessage d -> system(d.getContent(), d.getName(), param, dropped);
                case ChatCompletionRequestUserMessage u -> user(u, param, dropped);
                case ChatCompletionRequestAssistantMessage a -> assistant(a, param, dropped);
                case ChatCompletionRequestToolMessage t -> tool(t, param);
                case ChatCompletionRequestFunctionMessage f -> throw legacyFunctions(param);
            };
            out.add(m);
        }
        return out;
    }

    /** System and developer messages: Cohere's {@code system} role takes text only. */
    static ObjectNode system(MessageContent content, String name, String param, Set<String> dropped) {
        ObjectNode m = message("system");
        noteName(name, dropped);
        return textOnly(m, content, param, "a system message");
    }

    /** {@code content} as a string or text blocks on {@code m}; any other part is a 400 naming {@code where}. */
    private static ObjectNode textOnly(ObjectNode m, MessageContent content, String param, String where) {
        if (content.isText()) {
            m.put("content", content.text());
            return m;
        }
        ArrayNode parts = m.putArray("content");
        List<ChatCompletionRequestMessageContentPart> in = content.parts();
        for (int i = 0; i < in.size(); i++) {
            if (in.get(i) instanceof ChatCompletionRequestMessageContentPartText t) {
                parts.add(text(t.getText()));
            } else {
                throw unsupportedPart(param, i, in.get(i), where + ", which takes text only");
            }
        }
        return m;
    }

    /** User messages: text and images ({@code image_url} with a web or data URL, optional detail). */
    static ObjectNode user(ChatCompletionRequestUserMessage u, String param, Set<String> dropped) {
        ObjectNode m = message("user");
        noteName(u.getName(), dropped);
        MessageContent content = u.getContent();
        if (content.isText()) {
            m.put("content", content.text());
            return m;
        }
        ArrayNode parts = m.putArray("content");
        List<ChatCompletionRequestMessageContentPart> in = content.parts();
        for (int i = 0; i < in.size(); i++) {
            ChatCompletionRequestMessageContentPart part = in.get(i);
            switch (part) {
                case ChatCompletionRequestMessageContentPartText t -> parts.add(text(t.getText()));
                case ChatCompletionRequestMessageContentPartImage img -> {
                    ObjectNode p = parts.addObject();
                    p.put("type", "image_url");
                    ObjectNode url = p.putObject("image_url");
                    url.put("url", img.getImageUrl().getUrl());
                    if (img.getImageUrl().getDetail() != null) {
                        url.put("detail", img.getImageUrl().getDetail());
                    }
                }
                case ChatCompletionRequestMessageContentPartAudio a ->
                    throw unsupportedPart(param, i, part, "Cohere's Chat API, which takes text and images");
                case ChatCompletionRequestMessageContentPartFile f ->
                    throw unsupportedPart(param, i, part, "Cohere's Chat API, which takes text and images");
                case ChatCompletionRequestMessageContentPartRefusal r ->
                    throw unsupportedPart(param, i, part, "a user message");
                case ChatCompletionRequestMessageContentPartThinking t ->
                    throw unsupportedPart(param, i, part, "a user message");
                case ChatCompletionRequestMessageContentPartRedactedThinking r ->
                    throw unsupportedPart(param, i, part, "a user message");
            }
        }
        return m;
    }

    /**
     * Assistant messages: text (refusals are text the assistant said), thinking (sent back as
     * Cohere {@code thinking} content) and tool calls. Redacted thinking is another provider's
     * opaque data, which Cohere cannot read: dropped.
     */
    static ObjectNode assistant(ChatCompletionRequestAssistantMessage a, String param, Set<String> dropped) {
        ObjectNode m = message("assistant");
        noteName(a.getName(), dropped);
        if (a.getFunctionCall() != null) {
            throw legacyFunctions(param + ".function_call");
        }
        if (a.getAudio() != null) {
            dropped.add("messages[].audio");
        }
        List<ChatCompletionMessageToolCall> calls = FunctionTools.calls(a, param, PROVIDER);
        boolean hasCalls = !calls.isEmpty();
        MessageContent content = a.getContent();
        if (content == null) {
            if (a.getRefusal() != null) {
                m.put("content", a.getRefusal());
            }
        } else if (content.isText()) {
            // An empty text next to tool calls is how SDKs write "no text"; Cohere wants none then.
            if (!(hasCalls && content.text().isEmpty())) {
                m.put("content", content.text());
            }
        } else {
            ArrayNode parts = Json.MAPPER.createArrayNode();
            List<ChatCompletionRequestMessageContentPart> in = content.parts();
            for (int i = 0; i < in.size(); i++) {
                ChatCompletionRequestMessageContentPart part = in.get(i);
                switch (part) {
                    case ChatCompletionRequestMessageContentPartText t -> parts.add(text(t.getText()));
                    case ChatCompletionRequestMessageContentPartRefusal r -> parts.add(text(r.getRefusal()));
                    case ChatCompletionRequestMessageContentPartThinking t -> {
                        ObjectNode p = parts.addObject();
                        p.put("type", "thinking");
                        p.put("thinking", t.getThinking());
                    }
                    case ChatCompletionRequestMessageContentPartRedactedThinking r ->
                        dropped.add("messages[].content[redacted_thinking]");
                    case ChatCompletionRequestMessageContentPartImage img ->
                        throw unsupportedPart(param, i, part, "an assistant message");
                    case ChatCompletionRequestMessageContentPartAudio au ->
                        throw unsupportedPart(param, i, part, "an assistant message");
                    case ChatCompletionRequestMessageContentPartFile f ->
                        throw unsupportedPart(param, i, part, "an assistant message");
                }
            }
            if (!parts.isEmpty()) {
                m.set("content", parts);
            }
        }
        if (hasCalls) {
            ArrayNode out = m.putArray("tool_calls");
            for (ChatCompletionMessageToolCall call : calls) {
                ObjectNode c = out.addObject();
                c.put("id", call.getId());
                c.put("type", "function");
                ObjectNode f = c.putObject("function");
                f.put("name", call.getFunction().getName());
                f.put("arguments", call.getFunction().getArguments());
            }
        }
        return m;
    }

    /** Tool results: Cohere takes a string or text blocks, with the call's id. */
    static ObjectNode tool(ChatCompletionRequestToolMessage t, String param) {
        ObjectNode m = message("tool");
        m.put("tool_call_id", t.getToolCallId());
        return textOnly(m, t.getContent(), param, "a tool message");
    }

    static ObjectNode message(String role) {
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("role", role);
        return m;
    }

    static ObjectNode text(String text) {
        ObjectNode p = Json.MAPPER.createObjectNode();
        p.put("type", "text");
        p.put("text", text);
        return p;
    }

    /** Cohere messages have no participant name. */
    static void noteName(String name, Set<String> dropped) {
        if (name != null) {
            dropped.add("messages[].name");
        }
    }

    static GatewayException unsupportedPart(
            String param, int index, ChatCompletionRequestMessageContentPart part, String where) {
        String type = switch (part) {
            case ChatCompletionRequestMessageContentPartText t -> "text";
            case ChatCompletionRequestMessageContentPartImage i -> "image_url";
            case ChatCompletionRequestMessageContentPartAudio a -> "input_audio";
            case ChatCompletionRequestMessageContentPartFile f -> "file";
            case ChatCompletionRequestMessageContentPartRefusal r -> "refusal";
            case ChatCompletionRequestMessageContentPartThinking t -> "thinking";
            case ChatCompletionRequestMessageContentPartRedactedThinking r -> "redacted_thinking";
        };
        return GatewayException.invalidRequest(
                "cohere: a `" + type + "` content part is not supported in " + where + ".",
                param + ".content[" + index + "]");
    }

    static GatewayException legacyFunctions(String param) {
        return GatewayException.invalidRequest(
                "cohere does not support the deprecated `functions`/`function_call` "
                        + "interface: use `tools` and `tool_choice` (with `tool` messages) instead.",
                param);
    }
}
