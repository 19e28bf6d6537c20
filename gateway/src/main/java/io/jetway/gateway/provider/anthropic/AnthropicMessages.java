package io.jetway.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import io.jetway.gateway.provider.common.FunctionTools;
import io.jetway.gateway.provider.core.ToolIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The caller's messages as Anthropic's {@code system} and alternating {@code messages} turns:
 * system and developer messages become system blocks, consecutive messages of one role are merged
 * into one turn, tool results lead their user turn, and a trailing assistant prefill loses its
 * trailing whitespace.
 */
final class AnthropicMessages {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PROVIDER = "Anthropic";

    /** One Anthropic turn being built. */
    private record Turn(String role, ArrayNode content) {}

    private final AnthropicRequestMapper.Source source;
    private final Set<String> dropped;
    private final ArrayNode system = NODES.arrayNode();
    private final List<Turn> turns = new ArrayList<>();

    /** @param dropped where nested fields this mapping leaves out are named */
    AnthropicMessages(AnthropicRequestMapper.Source source, Set<String> dropped) {
        this.source = source;
        this.dropped = dropped;
    }

    /** Walks the messages once; then {@link #turns()} and {@link #system()} hold the result. */
    void walk(List<ChatCompletionRequestMessage> messages) {
        for (int i = 0; i < messages.size(); i++) {
            message(messages.get(i), i);
        }
        finishTurns();
    }

    /** The system blocks (empty when the conversation has no system or developer message). */
    ArrayNode system() {
        return system;
    }

    /** The turns, as Anthropic's {@code messages}. */
    ArrayNode turns() {
        ArrayNode out = NODES.arrayNode();
        for (Turn t : turns) {
            ObjectNode m = out.addObject();
            m.put("role", t.role());
            m.set("content", t.content());
        }
        return out;
    }

    private void dropIf(boolean present, String name) {
        if (present) {
            dropped.add(name);
        }
    }

    // Deprecated in OpenAI's spec (max_tokens, functions, the function role, user, seed), still sent by callers.
    @SuppressWarnings("deprecation")
    private void message(ChatCompletionRequestMessage message, int i) {
        switch (message) {
            case ChatCompletionRequestSystemMessage s -> {
                dropIf(s.getName() != null, "messages[].name");
                systemText(s.getContent());
            }
            case ChatCompletionRequestDeveloperMessage d -> {
                dropIf(d.getName() != null, "messages[].name");
                systemText(d.getContent());
            }
            case ChatCompletionRequestUserMessage u -> {
                dropIf(u.getName() != null, "messages[].name");
                addTurn("user", userContent(u.getContent(), i));
            }
            case ChatCompletionRequestAssistantMessage a -> {
                dropIf(a.getName() != null, "messages[].name");
                dropIf(a.getAudio() != null, "messages[].audio");
                addTurn("assistant", assistantContent(a, i));
            }
            case ChatCompletionRequestToolMessage t -> addTurn("user", toolResult(t, i));
            case ChatCompletionRequestFunctionMessage f ->
                throw GatewayException.invalidRequest(
                        "messages[" + i + "] has the deprecated role 'function', which is not translated for the "
                                + "anthropic provider: use tool messages.",
                        "messages[" + i + "].role");
        }
    }

    private void systemText(MessageContent content) {
        if (content.isText()) {
            AnthropicContent.addText(system, content.text(), null);
            return;
        }
        List<ChatCompletionRequestMessageContentPart> parts = content.parts();
        for (int j = 0; j < parts.size(); j++) {
            // The parser guarantees text parts here.
            ChatCompletionRequestMessageContentPartText t = (ChatCompletionRequestMessageContentPartText) parts.get(j);
            AnthropicContent.addText(system, t.getText(), AnthropicContent.cacheControl(t.getCacheControl()));
        }
    }

    private ArrayNode userContent(MessageContent content, int i) {
        ArrayNode blocks = NODES.arrayNode();
        if (content.isText()) {
            AnthropicContent.addText(blocks, content.text(), null);
            return blocks;
        }
        List<ChatCompletionRequestMessageContentPart> parts = content.parts();
        for (int j = 0; j < parts.size(); j++) {
            String param = "messages[" + i + "].content[" + j + "]";
            JsonNode rawCache = source.rawPart(i, j).path("cache_control");
            switch (parts.get(j)) {
                case ChatCompletionRequestMessageContentPartText t ->
                    AnthropicContent.addText(blocks, t.getText(), AnthropicContent.cacheControl(t.getCacheControl()));
                case ChatCompletionRequestMessageContentPartRefusal r ->
                    AnthropicContent.addText(blocks, r.getRefusal(), null);
                case ChatCompletionRequestMessageContentPartImage img ->
                    blocks.add(AnthropicContent.withCache(
                            AnthropicContent.image(
                                    img.getImageUrl().getUrl(),
                                    img.getImageUrl().getMimeType(),
                                    param + ".image_url.url"),
                            rawCache));
                case ChatCompletionRequestMessageContentPartFile f ->
                    blocks.add(
                            AnthropicContent.withCache(AnthropicContent.file(f.getFile(), param + ".file"), rawCache));
                case ChatCompletionRequestMessageContentPartAudio a ->
                    throw GatewayException.invalidRequest(
                            "Anthropic does not accept audio input (" + param + " is input_audio).", param + ".type");
                case ChatCompletionRequestMessageContentPartThinking th -> throw notInUserMessage(param, "thinking");
                case ChatCompletionRequestMessageContentPartRedactedThinking rt ->
                    throw notInUserMessage(param, "redacted_thinking");
            }
        }
        return blocks;
    }

    private static GatewayException notInUserMessage(String param, String type) {
        return GatewayException.invalidRequest(
                param + " is a " + type + " part: these belong to assistant "
                        + "messages (the model's earlier reasoning, sent back with its signature).",
                param + ".type");
    }

    private ArrayNode assistantContent(ChatCompletionRequestAssistantMessage a, int i) {
        ArrayNode blocks = NODES.arrayNode();
        JsonNode contentBlocks = source.rawMessage(i).path("content_blocks");
        if (contentBlocks.isArray() && !contentBlocks.isEmpty()) {
            portkeyContentBlocks(contentBlocks, blocks, i);
        } else if (a.getContent() != null) {
            MessageContent content = a.getContent();
            if (content.isText()) {
                AnthropicContent.addText(blocks, content.text(), null);
            } else {
                List<ChatCompletionRequestMessageContentPart> parts = content.parts();
                for (int j = 0; j < parts.size(); j++) {
                    String param = "messages[" + i + "].content[" + j + "]";
                    switch (parts.get(j)) {
                        case ChatCompletionRequestMessageContentPartText t ->
                            AnthropicContent.addText(
                                    blocks, t.getText(), AnthropicContent.cacheControl(t.getCacheControl()));
                        case ChatCompletionRequestMessageContentPartRefusal r ->
                            AnthropicContent.addText(blocks, r.getRefusal(), null);
                        case ChatCompletionRequestMessageContentPartThinking th ->
                            blocks.add(thinking(th.getThinking(), th.getSignature(), param));
                        case ChatCompletionRequestMessageContentPartRedactedThinking rt ->
                            blocks.addObject().put("type", "redacted_thinking").put("data", rt.getData());
                        case ChatCompletionRequestMessageContentPartImage img -> throw notInAssistant(param);
                        case ChatCompletionRequestMessageContentPartFile f -> throw notInAssistant(param);
                        case ChatCompletionRequestMessageContentPartAudio au -> throw notInAssistant(param);
                    }
                }
            }
        }
        if (blocks.isEmpty() && a.getRefusal() != null) {
            AnthropicContent.addText(blocks, a.getRefusal(), null);
        }
        if (a.getFunctionCall() != null) {
            throw GatewayException.invalidRequest(
                    "messages[" + i + "].function_call is deprecated and not "
                            + "translated for the anthropic provider: use tool_calls.",
                    "messages[" + i + "].function_call");
        }
        List<ChatCompletionMessageToolCall> calls = FunctionTools.calls(a, "messages[" + i + "]", PROVIDER);
        if (!calls.isEmpty()) {
            for (int j = 0; j < calls.size(); j++) {
                ChatCompletionMessageToolCall call = calls.get(j);
                ObjectNode use = blocks.addObject();
                use.put("type", "tool_use");
                use.put("id", ToolIds.restricted(call.getId()));
                use.put("name", call.getFunction().getName());
                use.set(
                        "input",
                        AnthropicTools.arguments(
                                call.getFunction().getArguments(),
                                "messages[" + i + "].tool_calls[" + j + "].function.arguments"));
            }
        }
        return blocks;
    }

    /** Portkey's {@code content_blocks} on an assistant message: its text and thinking, in order. */
    private void portkeyContentBlocks(JsonNode contentBlocks, ArrayNode blocks, int i) {
        for (int j = 0; j < contentBlocks.size(); j++) {
            JsonNode b = contentBlocks.get(j);
            String param = "messages[" + i + "].content_blocks[" + j + "]";
            switch (b.path("type").asText("")) {
                case "text" ->
                    AnthropicContent.addText(
                            blocks, b.path("text").asText(""), AnthropicContent.sanitizeCache(b.path("cache_control")));
                case "thinking" ->
                    blocks.add(thinking(
                            b.path("thinking").asText(""),
                            b.path("signature").isTextual()
                                    ? b.path("signature").asText()
                                    : null,
                            param));
                case "redacted_thinking" ->
                    blocks.addObject()
                            .put("type", "redacted_thinking")
                            .put("data", b.path("data").asText(""));
                default -> {
                    // tool_use blocks come from tool_calls; anything else has no Anthropic input form.
                }
            }
        }
    }

    private static ObjectNode thinking(String thinking, String signature, String param) {
        if (signature == null || signature.isEmpty()) {
            throw GatewayException.invalidRequest(
                    param + " is a thinking block without its signature: "
                            + "Anthropic only accepts earlier thinking back with the signature it was returned with.",
                    param + ".signature");
        }
        ObjectNode block = NODES.objectNode();
        block.put("type", "thinking");
        block.put("thinking", thinking);
        block.put("signature", signature);
        return block;
    }

    private static GatewayException notInAssistant(String param) {
        return GatewayException.invalidRequest(
                param + ": assistant messages take text, refusal and thinking parts " + "only.", param + ".type");
    }

    private ArrayNode toolResult(ChatCompletionRequestToolMessage t, int i) {
        ArrayNode blocks = NODES.arrayNode();
        ObjectNode result = blocks.addObject();
        result.put("type", "tool_result");
        result.put("tool_use_id", ToolIds.restricted(t.getToolCallId()));
        MessageContent content = t.getContent();
        if (content.isText()) {
            result.put("content", content.text());
        } else {
            ArrayNode texts = NODES.arrayNode();
            for (ChatCompletionRequestMessageContentPart p : content.parts()) {
                ChatCompletionRequestMessageContentPartText text = (ChatCompletionRequestMessageContentPartText) p;
                AnthropicContent.addText(texts, text.getText(), AnthropicContent.cacheControl(text.getCacheControl()));
            }
            if (texts.isEmpty()) {
                result.put("content", "");
            } else {
                result.set("content", texts);
            }
        }
        return blocks;
    }

    /** Appends a turn, merged into the previous one when the role repeats. Empty turns are skipped. */
    private void addTurn(String role, ArrayNode content) {
        if (content.isEmpty()) {
            return;
        }
        Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
        if (last != null && last.role().equals(role)) {
            last.content().addAll(content);
        } else {
            turns.add(new Turn(role, content));
        }
    }

    /**
     * Anthropic's turn rules: in a user turn the {@code tool_result} blocks come first
     * (https://docs.claude.com/en/docs/agents-and-tools/tool-use/implement-tool-use), and a final
     * assistant turn (a prefill) may not end in whitespace.
     */
    private void finishTurns() {
        for (Turn t : turns) {
            if (t.role().equals("user")) {
                ArrayNode c = t.content();
                List<JsonNode> results = new ArrayList<>();
                List<JsonNode> others = new ArrayList<>();
                for (JsonNode b : c) {
                    (b.path("type").asText().equals("tool_result") ? results : others).add(b);
                }
                if (!results.isEmpty() && !others.isEmpty()) {
                    c.removeAll();
                    c.addAll(results);
                    c.addAll(others);
                }
            }
        }
        if (!turns.isEmpty()) {
            Turn last = turns.get(turns.size() - 1);
            if (last.role().equals("assistant")) {
                JsonNode block = last.content().get(last.content().size() - 1);
                if (block.path("type").asText().equals("text")) {
                    String stripped = block.path("text").asText().stripTrailing();
                    if (stripped.isEmpty()) {
                        last.content().remove(last.content().size() - 1);
                        if (last.content().isEmpty()) {
                            turns.remove(turns.size() - 1);
                        }
                    } else {
                        ((ObjectNode) block).put("text", stripped);
                    }
                }
            }
        }
    }
}
