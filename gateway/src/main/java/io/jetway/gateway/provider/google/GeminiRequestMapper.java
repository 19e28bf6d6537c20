package io.jetway.gateway.provider.google;

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
import io.jetway.api.model.ChatCompletionRequestMessageContentPartFileFile;
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
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.core.DataUrl;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.common.FunctionTools;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chat Completions request → Gemini {@code GenerateContentRequest} JSON
 * (https://ai.google.dev/api/generate-content#request-body), shared by the Gemini API and Vertex
 * AI. Pure. The model and {@code stream} go into the URL, not the body.
 *
 * <ul>
 *   <li>system and developer messages → {@code systemInstruction} (Gemini has one; several are
 *       joined as its parts, in order); user → {@code user}, assistant → {@code model}, tool and
 *       function results → {@code user} turns with {@code functionResponse} parts named after the
 *       function (looked up from the assistant tool call with that id). Consecutive turns of the
 *       same role are merged (Gemini expects alternating turns); empty turns are left out.</li>
 *   <li>images: data URLs → {@code inlineData}; http(s) and gs:// URLs → {@code fileData} with the
 *       MIME type (given, or from the file extension). Audio → {@code inlineData}; files → inline
 *       or by URI.</li>
 *   <li>sampling and limits → {@code generationConfig}; {@code response_format} →
 *       {@code responseMimeType}/{@code responseSchema} (converted by {@link GeminiSchemas});
 *       {@code tools}/{@code tool_choice} → {@code functionDeclarations}/{@code toolConfig};
 *       {@code thinking}/{@code reasoning_effort} → {@code thinkingConfig}.</li>
 *   <li>Thinking parts of earlier assistant turns are not sent back: Gemini does not take previous
 *       thoughts as input (https://ai.google.dev/gemini-api/docs/thinking); the thought signatures
 *       it needs on function calls travel in the tool call ids ({@link GeminiToolCallIds}).</li>
 * </ul>
 */
public final class GeminiRequestMapper {

    /** The body to send and the request fields Gemini lacks, which were therefore not sent. */
    public record Mapped(byte[] body, List<String> dropped) {
    }

    private static final String PROVIDER = "Gemini";

    /**
     * Budgets for {@code reasoning_effort}, as Google's own OpenAI compatibility layer maps them
     * (https://ai.google.dev/gemini-api/docs/openai#thinking); Gemini 3 still accepts budgets
     * (https://ai.google.dev/gemini-api/docs/thinking#thinking-budgets).
     */
    static int budgetFor(String effort) {
        return switch (effort) {
            case "none" -> 0;
            case "minimal", "low" -> 1024;
            case "medium" -> 8192;
            case "high" -> 24576;
            default -> throw GatewayException.invalidRequest("reasoning_effort '" + effort + "' is not supported for "
                    + "Gemini: use none, minimal, low, medium or high (or thinking.budget_tokens).", "reasoning_effort");
        };
    }

    /**
     * Maps a request.
     *
     * @param strictOpenAiCompliance when true, thoughts are never shown, so none are asked for
     */
    public Mapped map(CreateChatCompletionRequest req, boolean strictOpenAiCompliance) {
        if (req.getFunctions() != null || req.getFunctionCall() != null) {
            throw GatewayException.invalidRequest("functions and function_call (deprecated) are not supported for "
                    + "Gemini: send tools and tool_choice instead.", req.getFunctions() != null ? "functions" : "function_call");
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        Turns turns = new Turns(root.putArray("contents"));
        ArrayNode systemParts = Json.MAPPER.createArrayNode();
        Map<String, String> functionNames = new HashMap<>();

        List<ChatCompletionRequestMessage> messages = req.getMessages();
        for (int i = 0; i < messages.size(); i++) {
            String at = "messages[" + i + "]";
            switch (messages.get(i)) {
                case ChatCompletionRequestSystemMessage s -> textParts(s.getContent(), systemParts);
                case ChatCompletionRequestDeveloperMessage d -> textParts(d.getContent(), systemParts);
                case ChatCompletionRequestUserMessage u -> turns.add("user", userParts(u.getContent(), at));
                case ChatCompletionRequestAssistantMessage a -> turns.add("model", assistantParts(a, at, functionNames));
                case ChatCompletionRequestToolMessage t -> {
                    String name = functionNames.get(t.getToolCallId());
                    if (name == null) {
                        throw GatewayException.invalidRequest("The tool message " + at + " answers tool_call_id '"
                                + t.getToolCallId() + "', which no earlier assistant message called; Gemini needs "
                                + "the function's name, so the call must be in the conversation.", at + ".tool_call_id");
                    }
                    turns.add("user", List.of(functionResponse(name, t.getContent().joinedText())));
                }
                case ChatCompletionRequestFunctionMessage f ->
                        turns.add("user", List.of(functionResponse(f.getName(), f.getContent())));
            }
        }
        if (turns.contents.isEmpty()) {
            throw GatewayException.invalidRequest("Gemini needs at least one user, assistant or tool message with "
                    + "content besides system messages.", "messages");
        }
        if (!systemParts.isEmpty()) {
            root.putObject("systemInstruction").set("parts", systemParts);
        }

        tools(req, root);
        ObjectNode generation = generationConfig(req, strictOpenAiCompliance);
        if (!generation.isEmpty()) {
            root.set("generationConfig", generation);
        }
        try {
            return new Mapped(Json.MAPPER.writeValueAsBytes(root), dropped(req));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** Collects turns, merging consecutive ones of the same role and leaving out empty ones. */
    private static final class Turns {
        private final ArrayNode contents;
        private String lastRole;
        private ArrayNode lastParts;

        Turns(ArrayNode contents) {
            this.contents = contents;
        }

        void add(String role, List<ObjectNode> parts) {
            if (parts.isEmpty()) {
                return;
            }
            if (!role.equals(lastRole)) {
                ObjectNode content = contents.addObject();
                content.put("role", role);
                lastParts = content.putArray("parts");
                lastRole = role;
            }
            parts.forEach(lastParts::add);
        }
    }

    // ---- messages ------------------------------------------------------------------------------

    private static void textParts(MessageContent content, ArrayNode into) {
        if (content == null) {
            return;
        }
        if (content.isText()) {
            addText(content.text(), into);
            return;
        }
        for (ChatCompletionRequestMessageContentPart part : content.parts()) {
            switch (part) {
                case ChatCompletionRequestMessageContentPartText t -> addText(t.getText(), into);
                case ChatCompletionRequestMessageContentPartRefusal r -> addText(r.getRefusal(), into);
                // Instructions are text; other part types are not instructions (and not valid here).
                case ChatCompletionRequestMessageContentPartImage ignored -> { }
                case ChatCompletionRequestMessageContentPartAudio ignored -> { }
                case ChatCompletionRequestMessageContentPartFile ignored -> { }
                case ChatCompletionRequestMessageContentPartThinking ignored -> { }
                case ChatCompletionRequestMessageContentPartRedactedThinking ignored -> { }
            }
        }
    }

    /** Gemini rejects empty text parts, so empty strings are left out. */
    private static void addText(String text, ArrayNode into) {
        if (text != null && !text.isEmpty()) {
            into.addObject().put("text", text);
        }
    }

    private static List<ObjectNode> userParts(MessageContent content, String at) {
        List<ObjectNode> parts = new ArrayList<>();
        if (content == null) {
            return parts;
        }
        if (content.isText()) {
            if (!content.text().isEmpty()) {
                parts.add(text(content.text()));
            }
            return parts;
        }
        List<ChatCompletionRequestMessageContentPart> in = content.parts();
        for (int j = 0; j < in.size(); j++) {
            String partAt = at + ".content[" + j + "]";
            switch (in.get(j)) {
                case ChatCompletionRequestMessageContentPartText t -> {
                    if (t.getText() != null && !t.getText().isEmpty()) {
                        parts.add(text(t.getText()));
                    }
                }
                case ChatCompletionRequestMessageContentPartRefusal r -> {
                    if (r.getRefusal() != null && !r.getRefusal().isEmpty()) {
                        parts.add(text(r.getRefusal()));
                    }
                }
                case ChatCompletionRequestMessageContentPartImage img ->
                        parts.add(media(img.getImageUrl().getUrl(), img.getImageUrl().getMimeType(), "image/jpeg",
                                partAt + ".image_url.url"));
                case ChatCompletionRequestMessageContentPartAudio audio -> {
                    ObjectNode inline = Json.MAPPER.createObjectNode();
                    inline.putObject("inlineData").put("mimeType", audioMime(audio.getInputAudio().getFormat()))
                            .put("data", audio.getInputAudio().getData());
                    parts.add(inline);
                }
                case ChatCompletionRequestMessageContentPartFile file -> parts.add(file(file.getFile(), partAt + ".file"));
                case ChatCompletionRequestMessageContentPartThinking ignored -> { }
                case ChatCompletionRequestMessageContentPartRedactedThinking ignored -> { }
            }
        }
        return parts;
    }

    private static List<ObjectNode> assistantParts(ChatCompletionRequestAssistantMessage a, String at,
                                                   Map<String, String> functionNames) {
        List<ObjectNode> parts = new ArrayList<>();
        MessageContent content = a.getContent();
        if (content != null) {
            if (content.isText()) {
                if (!content.text().isEmpty()) {
                    parts.add(text(content.text()));
                }
            } else {
                for (ChatCompletionRequestMessageContentPart part : content.parts()) {
                    switch (part) {
                        case ChatCompletionRequestMessageContentPartText t -> {
                            if (t.getText() != null && !t.getText().isEmpty()) {
                                parts.add(text(t.getText()));
                            }
                        }
                        case ChatCompletionRequestMessageContentPartRefusal r -> {
                            if (r.getRefusal() != null && !r.getRefusal().isEmpty()) {
                                parts.add(text(r.getRefusal()));
                            }
                        }
                        // Earlier thoughts are not input for Gemini (see the class comment).
                        case ChatCompletionRequestMessageContentPartThinking ignored -> { }
                        case ChatCompletionRequestMessageContentPartRedactedThinking ignored -> { }
                        case ChatCompletionRequestMessageContentPartImage ignored -> { }
                        case ChatCompletionRequestMessageContentPartAudio ignored -> { }
                        case ChatCompletionRequestMessageContentPartFile ignored -> { }
                    }
                }
            }
        }
        List<ChatCompletionMessageToolCall> calls = FunctionTools.calls(a, at, PROVIDER);
        if (!calls.isEmpty()) {
            for (int k = 0; k < calls.size(); k++) {
                ChatCompletionMessageToolCall call = calls.get(k);
                String name = call.getFunction().getName();
                functionNames.put(call.getId(), name);
                ObjectNode part = Json.MAPPER.createObjectNode();
                ObjectNode fc = part.putObject("functionCall");
                fc.put("name", name);
                fc.set("args", arguments(call.getFunction().getArguments(),
                        at + ".tool_calls[" + k + "].function.arguments"));
                String signature = GeminiToolCallIds.signatureOf(call.getId());
                if (signature != null) {
                    part.put("thoughtSignature", signature);
                }
                parts.add(part);
            }
        }
        return parts;
    }

    private static JsonNode arguments(String json, String at) {
        if (json == null || json.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode args = Json.MAPPER.readTree(json);
            if (args != null && args.isObject()) {
                return args;
            }
        } catch (IOException notJson) {
            // reported below
        }
        throw GatewayException.invalidRequest(at + " must be a JSON object (Gemini takes function arguments as "
                + "an object).", at);
    }

    /**
     * A function result. Gemini's {@code response} is an object: a JSON object result is sent as
     * it is; anything else goes under {@code output}, the key Gemini documents for a function's
     * output (https://ai.google.dev/api/caching#FunctionResponse).
     */
    private static ObjectNode functionResponse(String name, String result) {
        ObjectNode part = Json.MAPPER.createObjectNode();
        ObjectNode fr = part.putObject("functionResponse");
        fr.put("name", name);
        JsonNode parsed = null;
        if (result != null && !result.isBlank() && result.strip().startsWith("{")) {
            try {
                parsed = Json.MAPPER.readTree(result);
            } catch (IOException notJson) {
                parsed = null;
            }
        }
        if (parsed != null && parsed.isObject()) {
            fr.set("response", parsed);
        } else {
            fr.putObject("response").put("output", result == null ? "" : result);
        }
        return part;
    }

    private static ObjectNode text(String text) {
        return Json.MAPPER.createObjectNode().put("text", text);
    }

    /** A data URL → {@code inlineData}; an http(s) or gs:// URL → {@code fileData}. */
    private static ObjectNode media(String url, String givenMime, String fallbackMime, String at) {
        ObjectNode part = Json.MAPPER.createObjectNode();
        if (DataUrl.is(url)) {
            DataUrl data = DataUrl.parse(url, at);
            part.putObject("inlineData").put("mimeType", givenMime != null ? givenMime : data.requireMediaType(at))
                    .put("data", data.base64());
            return part;
        }
        if (url != null && (startsWithIgnoreCase(url, "https://") || startsWithIgnoreCase(url, "http://")
                || startsWithIgnoreCase(url, "gs://"))) {
            ObjectNode fileData = part.putObject("fileData");
            String mime = givenMime != null ? givenMime : mimeFromExtension(url);
            if (mime == null) {
                mime = fallbackMime;
            }
            if (mime != null) {
                fileData.put("mimeType", mime);
            }
            fileData.put("fileUri", url);
            return part;
        }
        throw GatewayException.invalidRequest(at + " must be a data URL (data:<mime>;base64,…) or an http(s) or "
                + "gs:// URL.", at);
    }

    private static ObjectNode file(ChatCompletionRequestMessageContentPartFileFile file, String at) {
        if (file.getFileData() != null) {
            String data = file.getFileData();
            if (DataUrl.is(data)) {
                return media(data, file.getMimeType(), null, at + ".file_data");
            }
            String mime = file.getMimeType() != null ? file.getMimeType()
                    : file.getFilename() == null ? null : mimeFromExtension(file.getFilename());
            if (mime == null) {
                throw GatewayException.invalidRequest(at + ".file_data is bare base64 without a MIME type: send a "
                        + "data URL, or mime_type, or a filename with a known extension.", at + ".file_data");
            }
            ObjectNode part = Json.MAPPER.createObjectNode();
            part.putObject("inlineData").put("mimeType", mime).put("data", data);
            return part;
        }
        String uri = file.getFileUrl() != null ? file.getFileUrl() : file.getFileId();
        if (uri == null) {
            throw GatewayException.invalidRequest(at + " needs file_data, file_url or file_id.", at);
        }
        ObjectNode part = Json.MAPPER.createObjectNode();
        ObjectNode fileData = part.putObject("fileData");
        String mime = file.getMimeType() != null ? file.getMimeType() : mimeFromExtension(
                file.getFilename() != null ? file.getFilename() : uri);
        if (mime != null) {
            fileData.put("mimeType", mime);
        }
        fileData.put("fileUri", uri);
        return part;
    }

    private static String audioMime(String format) {
        if (format == null) {
            return "audio/wav";
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "mp3" -> "audio/mp3";
            case "wav" -> "audio/wav";
            default -> "audio/" + format.toLowerCase(Locale.ROOT);
        };
    }

    /** MIME types Gemini accepts, by file extension (https://ai.google.dev/gemini-api/docs/file-input-methods). */
    static String mimeFromExtension(String uri) {
        String path = uri;
        int cut = path.indexOf('?');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        cut = path.indexOf('#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        int dot = path.lastIndexOf('.');
        if (dot < 0 || dot < path.lastIndexOf('/')) {
            return null;
        }
        return switch (path.substring(dot + 1).toLowerCase(Locale.ROOT)) {
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "heic" -> "image/heic";
            case "heif" -> "image/heif";
            case "pdf" -> "application/pdf";
            case "txt" -> "text/plain";
            case "csv" -> "text/csv";
            case "html", "htm" -> "text/html";
            case "md" -> "text/markdown";
            case "mp3" -> "audio/mp3";
            case "wav" -> "audio/wav";
            case "flac" -> "audio/flac";
            case "aac" -> "audio/aac";
            case "ogg" -> "audio/ogg";
            case "mp4" -> "video/mp4";
            case "mpeg", "mpg" -> "video/mpeg";
            case "mov" -> "video/mov";
            case "webm" -> "video/webm";
            default -> null;
        };
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    // ---- tools ---------------------------------------------------------------------------------

    private static void tools(CreateChatCompletionRequest req, ObjectNode root) {
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
                config.put("mode", switch (choice.mode()) {
                    case NONE -> "NONE";
                    case AUTO -> "AUTO";
                    case REQUIRED -> "ANY";
                });
            }
        }
    }

    // ---- generation config ---------------------------------------------------------------------

    private static ObjectNode generationConfig(CreateChatCompletionRequest req, boolean strict) {
        ObjectNode g = Json.MAPPER.createObjectNode();
        if (req.getStop() != null && !req.getStop().sequences().isEmpty()) {
            ArrayNode stops = g.putArray("stopSequences");
            req.getStop().sequences().forEach(stops::add);
        }
        if (req.getN() != null) {
            g.put("candidateCount", req.getN());
        }
        Integer max = req.getMaxCompletionTokens() != null ? req.getMaxCompletionTokens() : req.getMaxTokens();
        if (max != null) {
            g.put("maxOutputTokens", max);
        }
        if (req.getTemperature() != null) {
            g.put("temperature", req.getTemperature());
        }
        if (req.getTopP() != null) {
            g.put("topP", req.getTopP());
        }
        if (req.getTopK() != null) {
            g.put("topK", req.getTopK());
        }
        if (req.getSeed() != null) {
            g.put("seed", req.getSeed());
        }
        responseFormat(req.getResponseFormat(), g);
        if (req.getPresencePenalty() != null) {
            g.put("presencePenalty", req.getPresencePenalty());
        }
        if (req.getFrequencyPenalty() != null) {
            g.put("frequencyPenalty", req.getFrequencyPenalty());
        }
        if (Boolean.TRUE.equals(req.getLogprobs())) {
            g.put("responseLogprobs", true);
            if (req.getTopLogprobs() != null) {
                g.put("logprobs", req.getTopLogprobs());
            }
        }
        ObjectNode thinking = thinkingConfig(req, strict);
        if (thinking != null) {
            g.set("thinkingConfig", thinking);
        }
        return g;
    }

    private static void responseFormat(ResponseFormat format, ObjectNode g) {
        if (format == null) {
            return;
        }
        switch (format) {
            case ResponseFormatText ignored -> { }
            case ResponseFormatJsonObject ignored -> g.put("responseMimeType", "application/json");
            case ResponseFormatJsonSchema js -> {
                g.put("responseMimeType", "application/json");
                JsonNode schema = js.getJsonSchema() == null ? null : js.getJsonSchema().getSchema();
                if (schema != null && !schema.isNull()) {
                    g.set("responseSchema", GeminiSchemas.convert(schema, "response_format.json_schema.schema"));
                }
            }
        }
    }

    /**
     * {@code thinking} (an explicit budget) wins over {@code reasoning_effort}. Thought summaries
     * ({@code includeThoughts}) are asked for only when they can be shown, i.e. with strict
     * OpenAI compliance off.
     */
    private static ObjectNode thinkingConfig(CreateChatCompletionRequest req, boolean strict) {
        ThinkingConfig thinking = req.getThinking();
        ObjectNode t = Json.MAPPER.createObjectNode();
        if (thinking != null) {
            switch (thinking.getType()) {
                // Anthropic's adaptive thinking (the model decides how much) is Gemini's dynamic thinking.
                case "enabled", "adaptive" -> {
                    if (!strict) {
                        t.put("includeThoughts", true);
                    }
                    // No budget: -1 lets Gemini decide (dynamic thinking).
                    t.put("thinkingBudget", thinking.getBudgetTokens() != null ? thinking.getBudgetTokens() : -1);
                }
                case "disabled" -> t.put("thinkingBudget", 0);
                default -> throw GatewayException.invalidRequest("thinking.type '" + thinking.getType() + "' is not "
                        + "supported for Gemini: use enabled, adaptive or disabled.", "thinking.type");
            }
            return t;
        }
        String effort = req.getReasoningEffort();
        if (effort == null) {
            return null;
        }
        int budget = budgetFor(effort.strip().toLowerCase(Locale.ROOT));
        if (budget > 0 && !strict) {
            t.put("includeThoughts", true);
        }
        t.put("thinkingBudget", budget);
        return t;
    }

    /** What the mapping drops beyond the fields not in {@link GeminiParams#TABLE}. */
    private static List<String> dropped(CreateChatCompletionRequest req) {
        return req.getTopLogprobs() != null && !Boolean.TRUE.equals(req.getLogprobs())
                ? List.of("top_logprobs") : List.of();
    }
}
