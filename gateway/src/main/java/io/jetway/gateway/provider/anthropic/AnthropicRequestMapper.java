package io.jetway.gateway.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.CacheControl;
import io.jetway.api.model.ChatCompletionAnyTool;
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
import io.jetway.api.model.ResponseFormat;
import io.jetway.api.model.ResponseFormatJsonObject;
import io.jetway.api.model.ResponseFormatJsonSchema;
import io.jetway.api.model.ResponseFormatJsonSchemaJsonSchema;
import io.jetway.api.model.ResponseFormatText;
import io.jetway.api.model.ThinkingConfig;
import io.jetway.api.types.MessageContent;
import io.jetway.api.types.ToolChoice;
import io.jetway.gateway.core.FieldScan;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.core.DataUrl;
import io.jetway.gateway.provider.core.EffectiveRequest;
import io.jetway.gateway.provider.core.ToolIds;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.common.FunctionTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * OpenAI Chat Completions request → Anthropic Messages request body
 * (https://docs.claude.com/en/api/messages). Pure: the same request always gives the same bytes.
 *
 * <p>The contract, field by field:
 * <ul>
 *   <li>{@code system} and {@code developer} messages, wherever they stand, become the top-level
 *       {@code system} text blocks in order ({@code cache_control} kept); the other messages become
 *       {@code messages}, consecutive same-role turns merged (Anthropic alternates user and
 *       assistant). {@code tool} messages are user turns of {@code tool_result} blocks, which
 *       lead their turn as Anthropic requires.</li>
 *   <li>Content parts: text; {@code image_url} base64 data URL → {@code image} with a base64
 *       source ({@code application/pdf} → {@code document}), http(s) URL → {@code url} source;
 *       {@code file} → {@code document} (PDF, plain text) or {@code image}. Audio, {@code file_id}
 *       and other URL schemes are 400s: Anthropic cannot take them, and silently losing an input
 *       would change the answer.</li>
 *   <li>Assistant {@code tool_calls} → {@code tool_use} blocks (arguments parsed: Anthropic wants
 *       an object); thinking and redacted-thinking parts (or Portkey's {@code content_blocks}) are
 *       re-sent with their signatures, so multi-turn tool use with thinking works.</li>
 *   <li>{@code max_completion_tokens} (else {@code max_tokens}, else the model family's output
 *       ceiling, {@link AnthropicModels}) → {@code max_tokens}, which Anthropic requires;
 *       {@code stop} → {@code stop_sequences}; {@code temperature} clamped to Anthropic's 0..1
 *       (OpenAI allows 0..2; Anthropic rejects more than 1, and 1 is the closest value it has);
 *       {@code top_p}, {@code top_k}, {@code stream}; {@code user} → {@code metadata.user_id};
 *       {@code thinking} as it is.</li>
 *   <li>{@code tools} → {@code {name, description, input_schema}}; {@code tool_choice} auto, none,
 *       required → any, a named function → {@code {type: tool, name}};
 *       {@code parallel_tool_calls: false} → {@code disable_parallel_tool_use}.</li>
 *   <li>{@code response_format} json_schema / json_object: see {@link JsonOutput}.</li>
 *   <li>Custom tools and calls are 400s, {@code allowed_tools} restricts the tools sent
 *       ({@link FunctionTools}).</li>
 *   <li>Top-level fields Anthropic lacks ({@code frequency_penalty}, {@code presence_penalty},
 *       {@code logit_bias}, {@code logprobs}, {@code n} &gt; 1, {@code seed}, fields the spec does not
 *       know …) are not sent: every field not in {@link AnthropicParams#TABLE}. The provider names them with what
 *       {@link Mapped#dropped()} lists (nested fields, a {@code service_tier} other than auto).</li>
 * </ul>
 */
public final class AnthropicRequestMapper {

    /**
     * Where the Messages body goes, which changes two fields. Anthropic's API takes the model in
     * the body and the API version as a header; Claude on Vertex AI takes the model in the URL
     * and the version in the body ({@code anthropic_version: vertex-2023-10-16},
     * https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude).
     *
     * Vertex AI also reads beta flags from the body ({@code anthropic_beta: [..]}) rather than
     * from the {@code anthropic-beta} header, which it checks against a shorter list.
     *
     * @param modelInBody          whether to send {@code model}
     * @param bodyAnthropicVersion {@code anthropic_version} to put in the body, or null for none
     * @param bodyAnthropicBeta    {@code anthropic_beta} to put in the body (none when empty)
     */
    public record Options(boolean modelInBody, String bodyAnthropicVersion, List<String> bodyAnthropicBeta) {
        /** Anthropic's own API. */
        public static final Options ANTHROPIC_API = new Options(true, null);
        /** Claude on Google Vertex AI (rawPredict / streamRawPredict). */
        public static final Options VERTEX_AI = new Options(false, "vertex-2023-10-16");

        public Options {
            bodyAnthropicBeta = bodyAnthropicBeta == null ? List.of() : List.copyOf(bodyAnthropicBeta);
        }

        public Options(boolean modelInBody, String bodyAnthropicVersion) {
            this(modelInBody, bodyAnthropicVersion, List.of());
        }

        /** These options with {@code anthropic_version} and {@code anthropic_beta} in the body. */
        public Options withBody(String anthropicVersion, List<String> anthropicBeta) {
            return new Options(modelInBody, anthropicVersion, anthropicBeta);
        }
    }

    /**
     * How {@code response_format} json_schema / json_object is carried out, so that the client
     * gets JSON text as the message content (Portkey drops the field; Jetway must not).
     * <ul>
     *   <li>{@link Kind#NATIVE}: Anthropic's structured outputs, {@code output_config.format =
     *       {type: json_schema, schema}}, for a json_schema on a model that has them
     *       ({@link AnthropicModels}) when the caller asked for {@code strict: true} (Anthropic
     *       then constrains decoding; its schema rules are those of OpenAI's strict mode) or has
     *       thinking on (a forced tool cannot be combined with thinking). The answer is text.</li>
     *   <li>{@link Kind#TOOL}: otherwise, a forced tool whose {@code input_schema} is the schema
     *       ({@code {"type":"object"}} for json_object) and
     *       {@code tool_choice: {type: tool, name}} ({@code any} when the caller's own tools are
     *       also offered, so the model may still call them). The tool's input is returned as the
     *       message content with finish reason {@code stop}, never as a tool call.</li>
     * </ul>
     *
     * @param toolName the forced tool's name (Kind.TOOL only)
     */
    public record JsonOutput(Kind kind, String toolName) {
        public enum Kind { NONE, NATIVE, TOOL }

        static final JsonOutput NONE = new JsonOutput(Kind.NONE, null);
        static final JsonOutput NATIVE = new JsonOutput(Kind.NATIVE, null);

        /** Whether a tool_use block with this name is the JSON answer rather than a tool call. */
        public boolean isJsonTool(String name) {
            return kind == Kind.TOOL && toolName.equals(name);
        }
    }

    /** The body to send, what was not sent, and how the answer must be read back. */
    public record Mapped(byte[] body, List<String> dropped, JsonOutput jsonOutput) {
    }

    static final String JSON_OBJECT_TOOL = "json_response";
    /** How messages name this provider (the mapper also serves Claude on Vertex AI). */
    private static final String PROVIDER = "Anthropic";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final FieldScan RAW_EXTRAS = FieldScan.of("cache_control", "content_blocks");

    private AnthropicRequestMapper() {
    }

    /**
     * Maps the caller's request (with the target's {@code override_params} applied over it, in
     * OpenAI's terms) to the Messages body.
     *
     * @throws GatewayException 400 when the request holds something Anthropic cannot take
     */
    public static Mapped map(EffectiveRequest request, Options options) {
        Source source = Source.of(request, true);
        return new Builder(source, options).build();
    }

    /** How the answer to this request must be read ({@link #map} decides the same way). */
    public static JsonOutput jsonOutput(EffectiveRequest request) {
        return decideJsonOutput(request.body());
    }

    /** Whether the caller asked for the final usage chunk. */
    public static boolean includeUsage(EffectiveRequest request) {
        CreateChatCompletionRequest body = request.body();
        return body.getStreamOptions() != null && Boolean.TRUE.equals(body.getStreamOptions().getIncludeUsage());
    }

    // ------------------------------------------------------------------------------------------

    /**
     * The request to map: the typed body, and the JSON tree when fields the typed model does not
     * carry are needed ({@code cache_control} on tools and non-text parts, Portkey's assistant
     * {@code content_blocks}). The tree is parsed (or copied) only then.
     */
    record Source(CreateChatCompletionRequest body, JsonNode tree) {

        static Source of(EffectiveRequest request, boolean wantExtras) {
            boolean extras = wantExtras && RAW_EXTRAS.mayContain(request.caller().raw());
            // The tree is only read: the overrides' own tree serves as it is.
            return new Source(request.body(), request.overridden() ? request.overriddenTree()
                    : extras ? request.caller().mutableTree() : null);
        }

        JsonNode rawMessage(int i) {
            return tree == null ? NODES.missingNode() : tree.path("messages").path(i);
        }

        JsonNode rawPart(int message, int part) {
            return rawMessage(message).path("content").path(part);
        }

        JsonNode rawTool(int i) {
            return tree == null ? NODES.missingNode() : tree.path("tools").path(i);
        }


    }

    static JsonOutput decideJsonOutput(CreateChatCompletionRequest body) {
        ResponseFormat format = body.getResponseFormat();
        if (format == null) {
            return JsonOutput.NONE;
        }
        return switch (format) {
            case ResponseFormatText text -> JsonOutput.NONE;
            case ResponseFormatJsonObject object -> new JsonOutput(JsonOutput.Kind.TOOL,
                    uniqueToolName(JSON_OBJECT_TOOL, body));
            case ResponseFormatJsonSchema schema -> {
                ResponseFormatJsonSchemaJsonSchema js = schema.getJsonSchema();
                boolean strict = Boolean.TRUE.equals(js.getStrict());
                if (js.getSchema() != null && AnthropicModels.family(body.getModel()).structuredOutputs()
                        && (strict || thinkingOn(body))) {
                    yield JsonOutput.NATIVE;
                }
                yield new JsonOutput(JsonOutput.Kind.TOOL, uniqueToolName(js.getName(), body));
            }
        };
    }

    private static boolean thinkingOn(CreateChatCompletionRequest body) {
        ThinkingConfig t = body.getThinking();
        return t != null && !"disabled".equals(t.getType());
    }

    /** The JSON tool's name, made distinct from the caller's own tools. */
    private static String uniqueToolName(String wanted, CreateChatCompletionRequest body) {
        Set<String> taken = new HashSet<>();
        if (body.getTools() != null) {
            for (ChatCompletionAnyTool t : body.getTools()) {
                if (t instanceof ChatCompletionTool f && f.getFunction() != null) {
                    taken.add(f.getFunction().getName());
                }
            }
        }
        String name = wanted;
        for (int n = 2; taken.contains(name); n++) {
            name = wanted + "_" + n;
        }
        return name;
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

    /** One Anthropic turn being built. */
    private record Turn(String role, ArrayNode content) {
    }

    /** The state of one mapping. */
    private static final class Builder {

        private final Source source;
        private final CreateChatCompletionRequest body;
        private final Options options;
        private final AnthropicModels.Family family;
        private final Set<String> dropped = new LinkedHashSet<>();
        private final ArrayNode system = NODES.arrayNode();
        private final List<Turn> turns = new ArrayList<>();

        Builder(Source source, Options options) {
            this.source = source;
            this.body = source.body();
            this.options = options;
            this.family = AnthropicModels.family(body.getModel());
        }

        Mapped build() {
            ObjectNode out = NODES.objectNode();
            if (options.bodyAnthropicVersion() != null) {
                out.put("anthropic_version", options.bodyAnthropicVersion());
            }
            if (!options.bodyAnthropicBeta().isEmpty()) {
                ArrayNode betas = out.putArray("anthropic_beta");
                options.bodyAnthropicBeta().forEach(betas::add);
            }
            if (options.modelInBody()) {
                if (body.getModel() == null || body.getModel().isBlank()) {
                    throw GatewayException.invalidRequest("model is required for the anthropic provider "
                            + "(e.g. \"claude-sonnet-4-5\").", "model");
                }
                out.put("model", body.getModel());
            }
            rejectDeprecatedFunctions();
            List<ChatCompletionRequestMessage> messages = body.getMessages();
            for (int i = 0; i < messages.size(); i++) {
                message(messages.get(i), i);
            }
            finishTurns();
            ArrayNode outMessages = out.putArray("messages");
            for (Turn t : turns) {
                ObjectNode m = outMessages.addObject();
                m.put("role", t.role());
                m.set("content", t.content());
            }
            if (!system.isEmpty()) {
                out.set("system", system);
            }
            out.put("max_tokens", maxTokens());
            if (body.getUser() != null) {
                out.putObject("metadata").put("user_id", body.getUser());
            }
            if (body.getStop() != null && !body.getStop().sequences().isEmpty()) {
                ArrayNode stops = out.putArray("stop_sequences");
                body.getStop().sequences().forEach(stops::add);
            }
            if (Boolean.TRUE.equals(body.getStream())) {
                out.put("stream", true);
            }
            if (body.getTemperature() != null) {
                out.put("temperature", Math.min(body.getTemperature(), 1.0));
            }
            if (body.getTopP() != null) {
                out.put("top_p", body.getTopP());
            }
            if (body.getTopK() != null) {
                out.put("top_k", body.getTopK());
            }
            JsonOutput json = decideJsonOutput(body);
            tools(out, json);
            if (body.getThinking() != null) {
                ObjectNode thinking = out.putObject("thinking");
                thinking.put("type", body.getThinking().getType());
                if (body.getThinking().getBudgetTokens() != null) {
                    thinking.put("budget_tokens", body.getThinking().getBudgetTokens());
                }
            }
            if (json.kind() == JsonOutput.Kind.NATIVE) {
                ObjectNode format = out.putObject("output_config").putObject("format");
                format.put("type", "json_schema");
                format.set("schema", ((ResponseFormatJsonSchema) body.getResponseFormat()).getJsonSchema().getSchema());
            }
            if (body.getServiceTier() != null) {
                if ("auto".equals(body.getServiceTier())) {
                    out.put("service_tier", "auto");
                } else {
                    dropped.add("service_tier");
                }
            }
            try {
                return new Mapped(Json.MAPPER.writeValueAsBytes(out), List.copyOf(dropped), json);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree always serialises", e);
            }
        }

        private int maxTokens() {
            if (body.getMaxCompletionTokens() != null) {
                return body.getMaxCompletionTokens();
            }
            if (body.getMaxTokens() != null) {
                return body.getMaxTokens();
            }
            return family.maxOutputTokens();
        }

        private void dropIf(boolean present, String name) {
            if (present) {
                dropped.add(name);
            }
        }

        private void rejectDeprecatedFunctions() {
            if (body.getFunctions() != null || body.getFunctionCall() != null) {
                throw GatewayException.invalidRequest("The deprecated functions / function_call parameters are not "
                        + "translated for the anthropic provider: send tools and tool_choice instead.",
                        body.getFunctions() != null ? "functions" : "function_call");
            }
        }

        // ------------------------------------------------------------------------- messages

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
                case ChatCompletionRequestFunctionMessage f -> throw GatewayException.invalidRequest(
                        "messages[" + i + "] has the deprecated role 'function', which is not translated for the "
                        + "anthropic provider: use tool messages.", "messages[" + i + "].role");
            }
        }

        private void systemText(MessageContent content) {
            if (content.isText()) {
                addText(system, content.text(), null);
                return;
            }
            List<ChatCompletionRequestMessageContentPart> parts = content.parts();
            for (int j = 0; j < parts.size(); j++) {
                // The parser guarantees text parts here.
                ChatCompletionRequestMessageContentPartText t = (ChatCompletionRequestMessageContentPartText) parts.get(j);
                addText(system, t.getText(), cacheControl(t.getCacheControl()));
            }
        }

        private ArrayNode userContent(MessageContent content, int i) {
            ArrayNode blocks = NODES.arrayNode();
            if (content.isText()) {
                addText(blocks, content.text(), null);
                return blocks;
            }
            List<ChatCompletionRequestMessageContentPart> parts = content.parts();
            for (int j = 0; j < parts.size(); j++) {
                String param = "messages[" + i + "].content[" + j + "]";
                JsonNode rawCache = source.rawPart(i, j).path("cache_control");
                switch (parts.get(j)) {
                    case ChatCompletionRequestMessageContentPartText t ->
                            addText(blocks, t.getText(), cacheControl(t.getCacheControl()));
                    case ChatCompletionRequestMessageContentPartRefusal r -> addText(blocks, r.getRefusal(), null);
                    case ChatCompletionRequestMessageContentPartImage img -> blocks.add(withCache(
                            image(img.getImageUrl().getUrl(), img.getImageUrl().getMimeType(), param + ".image_url.url"),
                            rawCache));
                    case ChatCompletionRequestMessageContentPartFile f -> blocks.add(withCache(
                            file(f.getFile(), param + ".file"), rawCache));
                    case ChatCompletionRequestMessageContentPartAudio a -> throw GatewayException.invalidRequest(
                            "Anthropic does not accept audio input (" + param + " is input_audio).", param + ".type");
                    case ChatCompletionRequestMessageContentPartThinking th -> throw notInUserMessage(param, "thinking");
                    case ChatCompletionRequestMessageContentPartRedactedThinking rt ->
                            throw notInUserMessage(param, "redacted_thinking");
                }
            }
            return blocks;
        }

        private static GatewayException notInUserMessage(String param, String type) {
            return GatewayException.invalidRequest(param + " is a " + type + " part: these belong to assistant "
                    + "messages (the model's earlier reasoning, sent back with its signature).", param + ".type");
        }

        private ArrayNode assistantContent(ChatCompletionRequestAssistantMessage a, int i) {
            ArrayNode blocks = NODES.arrayNode();
            JsonNode contentBlocks = source.rawMessage(i).path("content_blocks");
            if (contentBlocks.isArray() && !contentBlocks.isEmpty()) {
                portkeyContentBlocks(contentBlocks, blocks, i);
            } else if (a.getContent() != null) {
                MessageContent content = a.getContent();
                if (content.isText()) {
                    addText(blocks, content.text(), null);
                } else {
                    List<ChatCompletionRequestMessageContentPart> parts = content.parts();
                    for (int j = 0; j < parts.size(); j++) {
                        String param = "messages[" + i + "].content[" + j + "]";
                        switch (parts.get(j)) {
                            case ChatCompletionRequestMessageContentPartText t ->
                                    addText(blocks, t.getText(), cacheControl(t.getCacheControl()));
                            case ChatCompletionRequestMessageContentPartRefusal r ->
                                    addText(blocks, r.getRefusal(), null);
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
                addText(blocks, a.getRefusal(), null);
            }
            if (a.getFunctionCall() != null) {
                throw GatewayException.invalidRequest("messages[" + i + "].function_call is deprecated and not "
                        + "translated for the anthropic provider: use tool_calls.", "messages[" + i + "].function_call");
            }
            List<ChatCompletionMessageToolCall> calls = FunctionTools.calls(a, "messages[" + i + "]", PROVIDER);
            if (!calls.isEmpty()) {
                for (int j = 0; j < calls.size(); j++) {
                    ChatCompletionMessageToolCall call = calls.get(j);
                    ObjectNode use = blocks.addObject();
                    use.put("type", "tool_use");
                    use.put("id", ToolIds.restricted(call.getId()));
                    use.put("name", call.getFunction().getName());
                    use.set("input", arguments(call.getFunction().getArguments(),
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
                    case "text" -> addText(blocks, b.path("text").asText(""), sanitizeCache(b.path("cache_control")));
                    case "thinking" -> blocks.add(thinking(b.path("thinking").asText(""),
                            b.path("signature").isTextual() ? b.path("signature").asText() : null, param));
                    case "redacted_thinking" ->
                            blocks.addObject().put("type", "redacted_thinking").put("data", b.path("data").asText(""));
                    default -> {
                        // tool_use blocks come from tool_calls; anything else has no Anthropic input form.
                    }
                }
            }
        }

        private static ObjectNode thinking(String thinking, String signature, String param) {
            if (signature == null || signature.isEmpty()) {
                throw GatewayException.invalidRequest(param + " is a thinking block without its signature: "
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
            return GatewayException.invalidRequest(param + ": assistant messages take text, refusal and thinking parts "
                    + "only.", param + ".type");
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
                    addText(texts, text.getText(), cacheControl(text.getCacheControl()));
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

        // ------------------------------------------------------------------------- blocks

        /** A text block; empty texts are skipped (Anthropic rejects empty text blocks). */
        private static void addText(ArrayNode blocks, String text, ObjectNode cacheControl) {
            if (text == null || text.isEmpty()) {
                return;
            }
            ObjectNode block = blocks.addObject();
            block.put("type", "text");
            block.put("text", text);
            if (cacheControl != null) {
                block.set("cache_control", cacheControl);
            }
        }

        private static ObjectNode cacheControl(CacheControl cc) {
            if (cc == null) {
                return null;
            }
            ObjectNode node = NODES.objectNode();
            node.put("type", cc.getType());
            if (cc.getTtl() != null) {
                node.put("ttl", cc.getTtl());
            }
            return node;
        }

        /** Only {@code type} and {@code ttl}: Anthropic rejects other fields in a cache_control. */
        private static ObjectNode sanitizeCache(JsonNode raw) {
            if (!raw.isObject() || !raw.path("type").isTextual()) {
                return null;
            }
            ObjectNode node = NODES.objectNode();
            node.put("type", raw.path("type").asText());
            if (raw.path("ttl").isTextual()) {
                node.put("ttl", raw.path("ttl").asText());
            }
            return node;
        }

        private static ObjectNode withCache(ObjectNode block, JsonNode rawCache) {
            ObjectNode cc = sanitizeCache(rawCache);
            if (cc != null) {
                block.set("cache_control", cc);
            }
            return block;
        }

        /** An image_url part: a base64 data URL (a PDF becomes a document) or an http(s) URL. */
        private static ObjectNode image(String url, String mimeType, String param) {
            if (DataUrl.is(url)) {
                DataUrl data = DataUrl.parse(url, param);
                String media = mimeType != null ? mimeType : data.requireMediaType(param);
                return base64Block(media, data.base64(), null, param);
            }
            if (isHttp(url)) {
                ObjectNode block = NODES.objectNode();
                block.put("type", "image");
                ObjectNode src = block.putObject("source");
                src.put("type", "url");
                src.put("url", url);
                return block;
            }
            throw GatewayException.invalidRequest(param + " must be an http(s) URL or a base64 data: URL for the "
                    + "anthropic provider.", param);
        }

        /** A file part: data (a data URL, or bare base64 with mime_type) or an http(s) file_url. */
        private static ObjectNode file(ChatCompletionRequestMessageContentPartFileFile f, String param) {
            if (f.getFileData() != null) {
                String data = f.getFileData();
                String media = f.getMimeType();
                String base64 = data;
                if (DataUrl.is(data)) {
                    DataUrl d = DataUrl.parse(data, param + ".file_data");
                    base64 = d.base64();
                    media = media != null ? media : d.mediaType();
                }
                if (media == null) {
                    throw GatewayException.invalidRequest(param + ".file_data needs a media type: send a data: URL "
                            + "(data:application/pdf;base64,…) or set mime_type.", param + ".file_data");
                }
                return base64Block(media, base64, f.getFilename(), param + ".file_data");
            }
            if (f.getFileUrl() != null) {
                if (!isHttp(f.getFileUrl())) {
                    throw GatewayException.invalidRequest(param + ".file_url must be an http(s) URL.", param + ".file_url");
                }
                boolean image = f.getMimeType() != null && f.getMimeType().toLowerCase(Locale.ROOT).startsWith("image/");
                ObjectNode block = NODES.objectNode();
                block.put("type", image ? "image" : "document");
                ObjectNode src = block.putObject("source");
                src.put("type", "url");
                src.put("url", f.getFileUrl());
                if (!image && f.getFilename() != null) {
                    block.put("title", f.getFilename());
                }
                return block;
            }
            if (f.getFileId() != null) {
                throw GatewayException.invalidRequest(param + ".file_id cannot be sent to Anthropic (its Files API is "
                        + "a beta with its own ids): send the file as file_data.", param + ".file_id");
            }
            throw GatewayException.invalidRequest(param + " needs file_data or file_url.", param);
        }

        /**
         * A base64 payload as the block its media type calls for: PDF → document, text/plain →
         * document with a text source (Anthropic takes plain text decoded), image/* → image.
         */
        private static ObjectNode base64Block(String mediaType, String base64, String title, String param) {
            String media = mediaType.toLowerCase(Locale.ROOT);
            ObjectNode block = NODES.objectNode();
            if (media.equals("application/pdf")) {
                block.put("type", "document");
                ObjectNode src = block.putObject("source");
                src.put("type", "base64");
                src.put("media_type", "application/pdf");
                src.put("data", base64);
            } else if (media.equals("text/plain")) {
                block.put("type", "document");
                ObjectNode src = block.putObject("source");
                src.put("type", "text");
                src.put("media_type", "text/plain");
                try {
                    src.put("data", new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw GatewayException.invalidRequest(param + " is not valid base64.", param);
                }
            } else if (media.startsWith("image/")) {
                block.put("type", "image");
                ObjectNode src = block.putObject("source");
                src.put("type", "base64");
                src.put("media_type", media);
                src.put("data", base64);
                return block;
            } else {
                throw GatewayException.invalidRequest(param + " has media type " + mediaType + "; Anthropic accepts "
                        + "images (jpeg, png, gif, webp), PDF and plain-text documents.", param);
            }
            if (title != null) {
                block.put("title", title);
            }
            return block;
        }

        private static boolean isHttp(String url) {
            return url.regionMatches(true, 0, "https://", 0, 8) || url.regionMatches(true, 0, "http://", 0, 7);
        }

        /** Tool-call arguments as the object Anthropic's {@code input} must be. */
        private static JsonNode arguments(String arguments, String param) {
            if (arguments == null || arguments.isBlank()) {
                return NODES.objectNode();
            }
            JsonNode parsed;
            try {
                parsed = Json.MAPPER.readTree(arguments);
            } catch (IOException e) {
                throw GatewayException.invalidRequest(param + " is not valid JSON; Anthropic needs the arguments of "
                        + "earlier tool calls as a JSON object.", param);
            }
            if (!parsed.isObject()) {
                throw GatewayException.invalidRequest(param + " must be a JSON object for the anthropic provider.", param);
            }
            return parsed;
        }

        // ------------------------------------------------------------------------- tools

        private void tools(ObjectNode out, JsonOutput json) {
            List<ChatCompletionTool> callerTools = FunctionTools.declared(body, PROVIDER);
            ToolChoice choice = FunctionTools.choice(body, PROVIDER);
            boolean disableParallel = Boolean.FALSE.equals(body.getParallelToolCalls());
            if (callerTools.isEmpty() && json.kind() != JsonOutput.Kind.TOOL) {
                dropIf(choice != null, "tool_choice");
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
                ObjectNode cc = sanitizeCache(source.rawTool(indexOf(body.getTools(), t)).path("cache_control"));
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
                if (thinkingOn(body)) {
                    throw GatewayException.invalidRequest("response_format " + body.getResponseFormat().getType()
                            + " cannot be combined with thinking for " + body.getModel() + ": Anthropic does not let a "
                            + "tool be forced while thinking. Use a model with structured outputs and a json_schema "
                            + "response_format, or turn thinking off.", "response_format");
                }
                tools.add(jsonTool(json.toolName()));
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
                toolChoice.put("type", switch (choice.mode()) {
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

        /** The forced tool that carries a JSON answer. */
        private ObjectNode jsonTool(String name) {
            ObjectNode tool = NODES.objectNode();
            tool.put("name", name);
            JsonNode schema = null;
            String description = null;
            if (body.getResponseFormat() instanceof ResponseFormatJsonSchema js) {
                schema = js.getJsonSchema().getSchema();
                description = js.getJsonSchema().getDescription();
            }
            tool.put("description", description != null ? description
                    : "Respond by calling this tool: its input is your complete answer, as JSON.");
            tool.set("input_schema", schema != null ? inputSchema(schema) : NODES.objectNode().put("type", "object"));
            return tool;
        }

        /**
         * A function's JSON Schema as Anthropic's {@code input_schema}, which must be an object
         * schema: none → an empty object schema, a schema without {@code type} gets {@code object}.
         */
        private static JsonNode inputSchema(JsonNode parameters) {
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
    }
}
