package io.jetway.gateway.provider.cohere;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import io.jetway.api.model.ResponseFormat;
import io.jetway.api.model.ResponseFormatJsonObject;
import io.jetway.api.model.ResponseFormatJsonSchema;
import io.jetway.api.model.ResponseFormatText;
import io.jetway.api.model.ThinkingConfig;
import io.jetway.api.types.MessageContent;
import io.jetway.api.types.ToolChoice;
import io.jetway.gateway.provider.core.EffectiveRequest;
import io.jetway.gateway.core.FieldScan;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.common.FunctionTools;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * OpenAI Chat Completions request → Cohere Chat v2 request body
 * (https://docs.cohere.com/reference/chat). Pure.
 *
 * <p>Field by field: {@code messages} (system and developer → {@code system}, user text and
 * {@code image_url} parts, assistant text, thinking and {@code tool_calls}, tool results with
 * {@code tool_call_id}); {@code max_completion_tokens} (else {@code max_tokens}) →
 * {@code max_tokens}; {@code stop} → {@code stop_sequences}; {@code top_p} → {@code p};
 * {@code top_k} → {@code k}; {@code temperature}, {@code seed}, {@code frequency_penalty},
 * {@code presence_penalty} and {@code stream} as they are; {@code tools} → Cohere's
 * {@code tools} (same function shape; {@code parameters} defaults to an empty object schema,
 * which Cohere requires); any tool's {@code strict: true} → {@code strict_tools: true};
 * {@code tool_choice} {@code required}/{@code none} → {@code REQUIRED}/{@code NONE}
 * ({@code auto} is Cohere's default, so nothing is sent), a named function → {@code REQUIRED} with
 * only that tool offered; {@code response_format} {@code json_schema} →
 * {@code {type: json_object, json_schema: <schema>}}; {@code thinking} →
 * {@code {type, token_budget}}.
 *
 * <p>Cohere-only fields a caller adds at the top level ({@link #NATIVE_FIELDS}) are forwarded as
 * they are. {@code override_params} are applied to the OpenAI request before it is translated.
 */
public final class CohereRequestMapper {

    /** The body to send and the request fields that were not sent because Cohere lacks them. */
    public record Mapped(byte[] body, List<String> dropped) {
    }

    /**
     * Cohere Chat v2 fields with no OpenAI counterpart that a caller may send next to the OpenAI
     * ones (e.g. RAG {@code documents}); forwarded unchanged.
     */
    static final List<String> NATIVE_FIELDS = List.of("documents", "citation_options", "safety_mode", "priority");

    private static final FieldScan NATIVE_SCAN = FieldScan.of(NATIVE_FIELDS);
    private static final String PROVIDER = "cohere";

    private CohereRequestMapper() {
    }

    /**
     * @throws GatewayException 400 when the request asks for something Cohere cannot do and that
     *                          cannot be dropped without changing the answer
     */
    public static Mapped map(EffectiveRequest request) {
        CreateChatCompletionRequest body = request.body();
        JsonNode tree = request.overridden() ? request.overriddenTree()
                : NATIVE_SCAN.mayContain(request.caller().raw()) ? request.caller().mutableTree() : null;

        Set<String> dropped = new LinkedHashSet<>();
        ObjectNode out = Json.MAPPER.createObjectNode();
        String model = body.getModel();
        if (model == null || model.isBlank()) {
            throw GatewayException.invalidRequest("cohere needs a model: set `model` in the request (or in the "
                    + "config's override_params).", "model");
        }
        out.put("model", model);
        // The caller's flag (overrides never change it): the gateway answers as a stream or not by it.
        if (body.getStream() != null) {
            out.put("stream", request.stream());
        }
        out.set("messages", messages(body.getMessages(), dropped));
        sampling(body, out);
        tools(body, out);
        responseFormat(body.getResponseFormat(), out);
        thinking(body.getThinking(), out);
        checkUnsupported(body);
        if (tree != null) {
            for (String name : NATIVE_FIELDS) {
                JsonNode v = tree.get(name);
                if (v != null && !v.isNull()) {
                    out.set(name, v);
                }
            }
        }
        try {
            return new Mapped(Json.MAPPER.writeValueAsBytes(out), List.copyOf(dropped));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Messages
    // ------------------------------------------------------------------------------------------

    private static ArrayNode messages(List<ChatCompletionRequestMessage> messages, Set<String> dropped) {
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
    private static ObjectNode system(MessageContent content, String name, String param, Set<String> dropped) {
        ObjectNode m = message("system");
        noteName(name, dropped);
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
                throw unsupportedPart(param, i, in.get(i), "a system message, which takes text only");
            }
        }
        return m;
    }

    /** User messages: text and images ({@code image_url} with a web or data URL, optional detail). */
    private static ObjectNode user(ChatCompletionRequestUserMessage u, String param, Set<String> dropped) {
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
    private static ObjectNode assistant(ChatCompletionRequestAssistantMessage a, String param, Set<String> dropped) {
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
    private static ObjectNode tool(ChatCompletionRequestToolMessage t, String param) {
        ObjectNode m = message("tool");
        m.put("tool_call_id", t.getToolCallId());
        MessageContent content = t.getContent();
        if (content.isText()) {
            m.put("content", content.text());
            return m;
        }
        ArrayNode parts = m.putArray("content");
        List<ChatCompletionRequestMessageContentPart> in = content.parts();
        for (int i = 0; i < in.size(); i++) {
            if (in.get(i) instanceof ChatCompletionRequestMessageContentPartText p) {
                parts.add(text(p.getText()));
            } else {
                throw unsupportedPart(param, i, in.get(i), "a tool message, which takes text only");
            }
        }
        return m;
    }

    private static ObjectNode message(String role) {
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("role", role);
        return m;
    }

    private static ObjectNode text(String text) {
        ObjectNode p = Json.MAPPER.createObjectNode();
        p.put("type", "text");
        p.put("text", text);
        return p;
    }

    /** Cohere messages have no participant name. */
    private static void noteName(String name, Set<String> dropped) {
        if (name != null) {
            dropped.add("messages[].name");
        }
    }

    private static GatewayException unsupportedPart(String param, int index, ChatCompletionRequestMessageContentPart part,
                                                    String where) {
        String type = switch (part) {
            case ChatCompletionRequestMessageContentPartText t -> "text";
            case ChatCompletionRequestMessageContentPartImage i -> "image_url";
            case ChatCompletionRequestMessageContentPartAudio a -> "input_audio";
            case ChatCompletionRequestMessageContentPartFile f -> "file";
            case ChatCompletionRequestMessageContentPartRefusal r -> "refusal";
            case ChatCompletionRequestMessageContentPartThinking t -> "thinking";
            case ChatCompletionRequestMessageContentPartRedactedThinking r -> "redacted_thinking";
        };
        return GatewayException.invalidRequest("cohere: a `" + type + "` content part is not supported in " + where
                + ".", param + ".content[" + index + "]");
    }

    private static GatewayException legacyFunctions(String param) {
        return GatewayException.invalidRequest("cohere does not support the deprecated `functions`/`function_call` "
                + "interface: use `tools` and `tool_choice` (with `tool` messages) instead.", param);
    }

    // ------------------------------------------------------------------------------------------
    // Parameters
    // ------------------------------------------------------------------------------------------

    private static void sampling(CreateChatCompletionRequest body, ObjectNode out) {
        Integer maxTokens = body.getMaxCompletionTokens() != null ? body.getMaxCompletionTokens() : body.getMaxTokens();
        if (maxTokens != null) {
            out.put("max_tokens", maxTokens);
        }
        if (body.getStop() != null) {
            ArrayNode stops = out.putArray("stop_sequences");
            body.getStop().sequences().forEach(stops::add);
        }
        if (body.getTemperature() != null) {
            out.put("temperature", body.getTemperature());
        }
        if (body.getTopP() != null) {
            out.put("p", body.getTopP());
        }
        if (body.getTopK() != null) {
            out.put("k", body.getTopK());
        }
        if (body.getSeed() != null) {
            out.put("seed", body.getSeed());
        }
        if (body.getFrequencyPenalty() != null) {
            out.put("frequency_penalty", body.getFrequencyPenalty());
        }
        if (body.getPresencePenalty() != null) {
            out.put("presence_penalty", body.getPresencePenalty());
        }
    }

    private static void tools(CreateChatCompletionRequest body, ObjectNode out) {
        List<ChatCompletionTool> tools = FunctionTools.declared(body, PROVIDER);
        ToolChoice choice = FunctionTools.choice(body, PROVIDER);
        String forced = choice == null ? null : choice.functionName();
        boolean hasTools = !tools.isEmpty();
        if (forced != null && !hasTools) {
            throw GatewayException.invalidRequest("tool_choice names the function '" + forced
                    + "' but the request has no tools.", "tool_choice");
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
                throw GatewayException.invalidRequest("tool_choice names the function '" + forced
                        + "', which is not among the request's tools.", "tool_choice");
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

    private static void responseFormat(ResponseFormat format, ObjectNode out) {
        if (format == null) {
            return;
        }
        ObjectNode f = out.putObject("response_format");
        switch (format) {
            case ResponseFormatText t -> f.put("type", "text");
            case ResponseFormatJsonObject j -> f.put("type", "json_object");
            case ResponseFormatJsonSchema s -> {
                // Cohere's json_object takes the bare JSON schema; its name and strict flag have no
                // counterpart (Cohere always enforces a given schema).
                f.put("type", "json_object");
                JsonNode schema = s.getJsonSchema() == null ? null : s.getJsonSchema().getSchema();
                if (schema != null && !schema.isNull()) {
                    f.set("json_schema", schema);
                }
            }
        }
    }

    private static void thinking(ThinkingConfig thinking, ObjectNode out) {
        if (thinking == null || thinking.getType() == null) {
            return;
        }
        ObjectNode t = out.putObject("thinking");
        switch (thinking.getType()) {
            // Anthropic's adaptive thinking (the model decides how much) is Cohere's thinking without a budget.
            case "enabled", "adaptive" -> {
                t.put("type", "enabled");
                if (thinking.getBudgetTokens() != null) {
                    t.put("token_budget", thinking.getBudgetTokens());
                }
            }
            case "disabled" -> t.put("type", "disabled");
            default -> throw GatewayException.invalidRequest("thinking.type '" + thinking.getType() + "' is not "
                    + "supported for cohere: use enabled, adaptive or disabled.", "thinking.type");
        }
    }

    /** What Cohere lacks and what cannot be dropped without changing the answer: a 400. */
    private static void checkUnsupported(CreateChatCompletionRequest body) {
        if (body.getFunctions() != null && !body.getFunctions().isEmpty()) {
            throw legacyFunctions("functions");
        }
        if (body.getFunctionCall() != null) {
            throw legacyFunctions("function_call");
        }
    }


}
