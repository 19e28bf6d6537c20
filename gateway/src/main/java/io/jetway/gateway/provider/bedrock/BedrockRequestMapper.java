package io.jetway.gateway.provider.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.ChatCompletionFunctions;
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
import io.jetway.api.model.ResponseFormatJsonSchema;
import io.jetway.api.model.ThinkingConfig;
import io.jetway.api.types.FunctionCallChoice;
import io.jetway.api.types.MessageContent;
import io.jetway.api.types.ToolChoice;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.core.DataUrl;
import io.jetway.gateway.provider.core.ToolIds;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.common.FunctionTools;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Chat Completions request → Bedrock {@code Converse} request body
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html). Pure: images
 * referenced by http(s) URL arrive already fetched, keyed by URL.
 *
 * <ul>
 *   <li>system and developer messages → {@code system} text blocks;</li>
 *   <li>user, assistant and tool messages → {@code messages} with content blocks; tool (and legacy
 *       function) results become {@code toolResult} blocks in a user turn; consecutive turns of
 *       the same Bedrock role are merged (Bedrock requires alternation);</li>
 *   <li>images and documents from data URLs (or {@code s3://} locations) → {@code image} /
 *       {@code document} blocks; {@code input_audio} → {@code audio}; {@code cache_control} on a
 *       text part → a {@code cachePoint} after it;</li>
 *   <li>{@code max_completion_tokens}/{@code max_tokens}, {@code temperature}, {@code top_p},
 *       {@code stop} → {@code inferenceConfig};</li>
 *   <li>{@code tools}/{@code functions} → {@code toolConfig.tools[].toolSpec};
 *       {@code tool_choice} auto/required/named → {@code auto}/{@code any}/{@code tool}, none →
 *       no tools;</li>
 *   <li>{@code response_format} json_schema → {@code outputConfig.textFormat} for models with
 *       native structured output, otherwise (and for json_object) a forced tool whose input is
 *       returned as the JSON content;</li>
 *   <li>{@code thinking} (Claude) and {@code top_k} (Claude) and the caller's
 *       {@code additional_model_request_fields} → {@code additionalModelRequestFields}.</li>
 * </ul>
 * Fields Bedrock has no equivalent for are dropped and reported.
 */
final class BedrockRequestMapper {

    /** The body and the top-level fields that were dropped. */
    record Mapped(byte[] body, List<String> dropped) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PROVIDER = "Bedrock";

    private BedrockRequestMapper() {
    }

    /**
     * @param additionalFields the caller's {@code additional_model_request_fields} (an object), or null
     * @param fetched          images fetched for the request's http(s) image URLs, by URL
     */
    static Mapped map(CreateChatCompletionRequest body, JsonNode additionalFields,
                      Map<String, ImageFetcher.Image> fetched) {
        List<String> dropped = new ArrayList<>(2);
        ObjectNode root = NODES.objectNode();
        String model = body.getModel();
        String forcedTool = BedrockModels.forcedJsonTool(body);

        ArrayNode system = NODES.arrayNode();
        List<Turn> turns = new ArrayList<>();
        Set<String> historyToolNames = new LinkedHashSet<>();
        int functionCalls = 0;
        List<ChatCompletionRequestMessage> messages = body.getMessages();
        for (int i = 0; i < messages.size(); i++) {
            ChatCompletionRequestMessage message = messages.get(i);
            String param = "messages[" + i + "]";
            switch (message) {
                case ChatCompletionRequestSystemMessage s -> systemBlocks(s.getContent(), system, param);
                case ChatCompletionRequestDeveloperMessage d -> systemBlocks(d.getContent(), system, param);
                case ChatCompletionRequestUserMessage u ->
                        addTurn(turns, "user", userBlocks(u.getContent(), fetched, param + ".content"));
                case ChatCompletionRequestAssistantMessage a -> {
                    ArrayNode blocks = NODES.arrayNode();
                    if (a.getContent() != null) {
                        contentBlocks(a.getContent(), blocks, fetched, param + ".content");
                    } else if (a.getRefusal() != null && !a.getRefusal().isEmpty()) {
                        blocks.addObject().put("text", a.getRefusal());
                    }
                    List<ChatCompletionMessageToolCall> calls = FunctionTools.calls(a, param, PROVIDER);
                    if (!calls.isEmpty()) {
                        for (int t = 0; t < calls.size(); t++) {
                            ChatCompletionMessageToolCall call = calls.get(t);
                            String name = call.getFunction().getName();
                            historyToolNames.add(name);
                            blocks.addObject().set("toolUse", toolUse(ToolIds.restricted(call.getId()), name,
                                    call.getFunction().getArguments(), param + ".tool_calls[" + t + "].function.arguments"));
                        }
                    } else if (a.getFunctionCall() != null) {
                        String name = a.getFunctionCall().getName();
                        historyToolNames.add(name);
                        blocks.addObject().set("toolUse", toolUse(legacyFunctionId(++functionCalls), name,
                                a.getFunctionCall().getArguments(), param + ".function_call.arguments"));
                    }
                    addTurn(turns, "assistant", blocks);
                }
                case ChatCompletionRequestToolMessage t -> {
                    ArrayNode blocks = NODES.arrayNode();
                    blocks.addObject().set("toolResult", toolResult(ToolIds.restricted(t.getToolCallId()),
                            t.getContent() == null ? "" : t.getContent().joinedText()));
                    addTurn(turns, "user", blocks);
                }
                case ChatCompletionRequestFunctionMessage f -> {
                    ArrayNode blocks = NODES.arrayNode();
                    blocks.addObject().set("toolResult", toolResult(legacyFunctionId(functionCalls),
                            f.getContent() == null ? "" : f.getContent()));
                    addTurn(turns, "user", blocks);
                }
            }
        }
        ArrayNode messagesNode = root.putArray("messages");
        for (Turn turn : turns) {
            if (!turn.blocks.isEmpty()) {
                ObjectNode m = messagesNode.addObject();
                m.put("role", turn.role);
                m.set("content", turn.blocks);
            }
        }
        if (!system.isEmpty()) {
            root.set("system", system);
        }

        ObjectNode inference = NODES.objectNode();
        Integer maxTokens = body.getMaxCompletionTokens() != null ? body.getMaxCompletionTokens() : body.getMaxTokens();
        if (maxTokens != null) {
            inference.put("maxTokens", maxTokens);
        }
        if (body.getTemperature() != null) {
            inference.put("temperature", body.getTemperature());
        }
        if (body.getTopP() != null) {
            inference.put("topP", body.getTopP());
        }
        if (body.getStop() != null && !body.getStop().sequences().isEmpty()) {
            ArrayNode stops = inference.putArray("stopSequences");
            body.getStop().sequences().forEach(stops::add);
        }
        if (!inference.isEmpty()) {
            root.set("inferenceConfig", inference);
        }

        toolConfig(body, forcedTool, historyToolNames, root);

        if (body.getResponseFormat() instanceof ResponseFormatJsonSchema schema && forcedTool == null) {
            ObjectNode jsonSchema = NODES.objectNode();
            JsonNode schemaNode = schema.getJsonSchema() == null ? null : schema.getJsonSchema().getSchema();
            jsonSchema.put("schema", schemaNode == null ? "{\"type\":\"object\"}" : schemaNode.toString());
            if (schema.getJsonSchema() != null && schema.getJsonSchema().getName() != null) {
                jsonSchema.put("name", schema.getJsonSchema().getName());
            }
            if (schema.getJsonSchema() != null && schema.getJsonSchema().getDescription() != null) {
                jsonSchema.put("description", schema.getJsonSchema().getDescription());
            }
            ObjectNode textFormat = root.putObject("outputConfig").putObject("textFormat");
            textFormat.put("type", "json_schema");
            textFormat.putObject("structure").set("jsonSchema", jsonSchema);
        }

        ObjectNode additional = NODES.objectNode();
        ThinkingConfig thinking = body.getThinking();
        if (thinking != null) {
            if (BedrockModels.isClaude(model)) {
                ObjectNode t = additional.putObject("thinking");
                t.put("type", thinking.getType());
                if (thinking.getBudgetTokens() != null) {
                    t.put("budget_tokens", thinking.getBudgetTokens());
                }
            } else {
                dropped.add("thinking");
            }
        }
        if (body.getTopK() != null) {
            if (BedrockModels.isClaude(model)) {
                additional.put("top_k", body.getTopK());
            } else {
                dropped.add("top_k");
            }
        }
        if (additionalFields != null && !additionalFields.isNull()) {
            if (!additionalFields.isObject()) {
                throw GatewayException.invalidRequest("additional_model_request_fields must be a JSON object.",
                        "additional_model_request_fields");
            }
            additional.setAll((ObjectNode) additionalFields.deepCopy());
        }
        if (!additional.isEmpty()) {
            root.set("additionalModelRequestFields", additional);
        }

        if (body.getMetadata() != null && !body.getMetadata().isEmpty()) {
            // Bedrock's requestMetadata: string pairs logged with the invocation, like OpenAI's metadata.
            ObjectNode metadata = root.putObject("requestMetadata");
            body.getMetadata().forEach(metadata::put);
        }
        serviceTier(body, root, dropped);
        try {
            return new Mapped(Json.MAPPER.writeValueAsBytes(root), List.copyOf(dropped));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** One Bedrock turn being built; adjacent turns of one role are merged into it. */
    private record Turn(String role, ArrayNode blocks) {
    }

    private static void addTurn(List<Turn> turns, String role, ArrayNode blocks) {
        if (blocks.isEmpty()) {
            return; // Bedrock rejects empty content; a message with nothing to say is not sent
        }
        if (!turns.isEmpty() && turns.getLast().role.equals(role)) {
            turns.getLast().blocks.addAll(blocks);
        } else {
            turns.add(new Turn(role, blocks));
        }
    }

    private static void systemBlocks(MessageContent content, ArrayNode system, String param) {
        if (content == null) {
            return;
        }
        if (content.isText()) {
            addText(system, content.text(), false);
            return;
        }
        for (ChatCompletionRequestMessageContentPart part : content.parts()) {
            if (part instanceof ChatCompletionRequestMessageContentPartText t) {
                addText(system, t.getText(), t.getCacheControl() != null);
            } else {
                throw GatewayException.invalidRequest("System and developer messages can only hold text for bedrock.",
                        param + ".content");
            }
        }
    }

    private static ArrayNode userBlocks(MessageContent content, Map<String, ImageFetcher.Image> fetched, String param) {
        ArrayNode blocks = NODES.arrayNode();
        if (content != null) {
            contentBlocks(content, blocks, fetched, param);
        }
        return blocks;
    }

    private static void contentBlocks(MessageContent content, ArrayNode blocks, Map<String, ImageFetcher.Image> fetched,
                                      String param) {
        if (content.isText()) {
            addText(blocks, content.text(), false);
            return;
        }
        List<ChatCompletionRequestMessageContentPart> parts = content.parts();
        for (int i = 0; i < parts.size(); i++) {
            String partParam = param + "[" + i + "]";
            switch (parts.get(i)) {
                case ChatCompletionRequestMessageContentPartText t -> addText(blocks, t.getText(), t.getCacheControl() != null);
                case ChatCompletionRequestMessageContentPartRefusal r -> addText(blocks, r.getRefusal(), false);
                case ChatCompletionRequestMessageContentPartImage img -> blocks.addObject()
                        .set("image", image(img.getImageUrl().getUrl(), img.getImageUrl().getMimeType(), fetched,
                                partParam + ".image_url.url"));
                case ChatCompletionRequestMessageContentPartFile f -> blocks.add(file(f, blocks.size(), partParam + ".file"));
                case ChatCompletionRequestMessageContentPartAudio a -> {
                    ObjectNode audio = blocks.addObject().putObject("audio");
                    audio.put("format", a.getInputAudio().getFormat());
                    audio.putObject("source").put("bytes", a.getInputAudio().getData());
                }
                case ChatCompletionRequestMessageContentPartThinking t -> {
                    ObjectNode reasoningText = blocks.addObject().putObject("reasoningContent").putObject("reasoningText");
                    reasoningText.put("text", t.getThinking());
                    if (t.getSignature() != null) {
                        reasoningText.put("signature", t.getSignature());
                    }
                }
                case ChatCompletionRequestMessageContentPartRedactedThinking r ->
                        blocks.addObject().putObject("reasoningContent").put("redactedContent", r.getData());
            }
        }
    }

    /** Adds a text block (Bedrock rejects blank text, so empty strings are skipped), then a cache point if asked. */
    private static void addText(ArrayNode blocks, String text, boolean cachePoint) {
        if (text != null && !text.isEmpty()) {
            blocks.addObject().put("text", text);
        }
        if (cachePoint && !blocks.isEmpty()) {
            blocks.addObject().putObject("cachePoint").put("type", "default");
        }
    }

    /** An {@code image} block from a data URL, an {@code s3://} location, or an already fetched http(s) URL. */
    private static ObjectNode image(String url, String mimeType, Map<String, ImageFetcher.Image> fetched, String param) {
        ObjectNode image = NODES.objectNode();
        if (DataUrl.is(url)) {
            DataUrl data = DataUrl.parse(url, param);
            image.put("format", imageFormat(data.mediaType() != null ? data.mediaType() : "text/plain", param));
            image.putObject("source").put("bytes", data.base64());
        } else if (url.startsWith("s3://")) {
            image.put("format", imageFormat(mimeType != null ? mimeType : guessImageType(url), param));
            image.putObject("source").putObject("s3Location").put("uri", url);
        } else {
            ImageFetcher.Image got = fetched.get(url);
            if (got == null) {
                throw GatewayException.invalidRequest("The image URL must be a data URL, an s3:// location or an "
                        + "http(s) URL.", param);
            }
            image.put("format", imageFormat(got.mediaType(), param));
            image.putObject("source").put("bytes", Base64.getEncoder().encodeToString(got.bytes()));
        }
        return image;
    }

    private static ObjectNode file(ChatCompletionRequestMessageContentPartFile part, int index, String param) {
        var f = part.getFile();
        String mediaType = f.getMimeType();
        String base64;
        ObjectNode source = NODES.objectNode();
        if (f.getFileData() != null) {
            if (DataUrl.is(f.getFileData())) {
                DataUrl data = DataUrl.parse(f.getFileData(), param + ".file_data");
                mediaType = data.mediaType() != null ? data.mediaType() : "text/plain";
                base64 = data.base64();
            } else {
                base64 = f.getFileData();
            }
            source.put("bytes", base64);
        } else if (f.getFileUrl() != null && f.getFileUrl().startsWith("s3://")) {
            source.putObject("s3Location").put("uri", f.getFileUrl());
        } else {
            throw GatewayException.invalidRequest("bedrock takes files as file_data (base64 or a data URL) or as an "
                    + "s3:// file_url; file ids and web URLs are not supported.", param);
        }
        if (mediaType == null) {
            throw GatewayException.invalidRequest("The file's media type is unknown: send file_data as a data URL "
                    + "(data:application/pdf;base64,…) or set mime_type.", param);
        }
        String lower = mediaType.toLowerCase(Locale.ROOT);
        ObjectNode block = NODES.objectNode();
        if (lower.startsWith("image/")) {
            ObjectNode image = block.putObject("image");
            image.put("format", imageFormat(lower, param));
            image.set("source", source);
            return block;
        }
        ObjectNode document = block.putObject("document");
        document.put("format", documentFormat(lower, param));
        document.put("name", documentName(f.getFilename(), index));
        document.set("source", source);
        return block;
    }

    private static ObjectNode toolUse(String id, String name, String arguments, String param) {
        ObjectNode toolUse = NODES.objectNode();
        toolUse.put("toolUseId", id);
        toolUse.put("name", name);
        JsonNode input;
        try {
            input = arguments == null || arguments.isBlank() ? NODES.objectNode() : Json.MAPPER.readTree(arguments);
        } catch (JsonProcessingException e) {
            throw GatewayException.invalidRequest("Tool call arguments must be a JSON object for bedrock: "
                    + e.getOriginalMessage(), param);
        }
        toolUse.set("input", input);
        return toolUse;
    }

    private static ObjectNode toolResult(String toolUseId, String text) {
        ObjectNode result = NODES.objectNode();
        result.put("toolUseId", toolUseId);
        ArrayNode content = result.putArray("content");
        // Bedrock rejects blank text blocks; an empty result is still a result.
        content.addObject().put("text", text.isEmpty() ? " " : text);
        return result;
    }

    /**
     * A stable id linking a legacy {@code function_call} to the {@code function} message after it
     * (the legacy format has no ids: a function message answers the latest call).
     */
    private static String legacyFunctionId(int n) {
        return "function_call_" + n;
    }

    private static void toolConfig(CreateChatCompletionRequest body, String forcedTool, Set<String> historyToolNames,
                                   ObjectNode root) {
        ArrayNode tools = NODES.arrayNode();
        List<ChatCompletionTool> declared = FunctionTools.declared(body, PROVIDER);
        if (!declared.isEmpty()) {
            for (ChatCompletionTool tool : declared) {
                FunctionObject fn = tool.getFunction();
                tools.add(toolSpec(fn.getName(), fn.getDescription(), fn.getParameters(), Boolean.TRUE.equals(fn.getStrict())));
            }
        } else if (body.getFunctions() != null) {
            for (ChatCompletionFunctions fn : body.getFunctions()) {
                tools.add(toolSpec(fn.getName(), fn.getDescription(), fn.getParameters(), false));
            }
        }
        ObjectNode choice = null;
        boolean none = false;
        ToolChoice toolChoice = FunctionTools.choice(body, PROVIDER);
        FunctionCallChoice functionCall = body.getFunctionCall();
        if (toolChoice != null) {
            if (toolChoice.mode() != null) {
                switch (toolChoice.mode()) {
                    case NONE -> none = true;
                    case AUTO -> choice = NODES.objectNode().set("auto", NODES.objectNode());
                    case REQUIRED -> choice = NODES.objectNode().set("any", NODES.objectNode());
                }
            } else {
                choice = NODES.objectNode();
                choice.putObject("tool").put("name", toolChoice.functionName());
            }
        } else if (functionCall != null) {
            if (functionCall.functionName() != null) {
                choice = NODES.objectNode();
                choice.putObject("tool").put("name", functionCall.functionName());
            } else if ("none".equals(functionCall.modeName())) {
                none = true;
            }
        }
        if (forcedTool != null) {
            ObjectNode schema = NODES.objectNode().put("type", "object");
            String description = "Respond with a JSON object as the input of this tool.";
            if (body.getResponseFormat() instanceof ResponseFormatJsonSchema s && s.getJsonSchema() != null) {
                if (s.getJsonSchema().getSchema() != null && s.getJsonSchema().getSchema().isObject()) {
                    schema = (ObjectNode) s.getJsonSchema().getSchema();
                }
                if (s.getJsonSchema().getDescription() != null && !s.getJsonSchema().getDescription().isBlank()) {
                    description = s.getJsonSchema().getDescription();
                }
            }
            tools.add(toolSpec(forcedTool, description, schema, false));
            if (tools.size() == 1 || none || choice == null || choice.has("auto")) {
                // Only the JSON tool may be called: the answer must be the JSON.
                choice = NODES.objectNode();
                choice.putObject("tool").put("name", forcedTool);
            } // a caller's "required" or named choice stands: their tools may still be called
            none = false;
        }
        if (none) {
            if (historyToolNames.isEmpty()) {
                return; // Bedrock has no "none": sending no tools is how the model is kept from calling one
            }
            // Bedrock rejects toolUse/toolResult blocks without a toolConfig, and cannot forbid calls:
            // the tools are sent without a choice (the model may still call one).
            choice = null;
        }
        if (tools.isEmpty()) {
            if (historyToolNames.isEmpty()) {
                return;
            }
            for (String name : historyToolNames) {
                tools.add(toolSpec(name, null, null, false));
            }
        }
        ObjectNode config = root.putObject("toolConfig");
        config.set("tools", tools);
        if (choice != null) {
            config.set("toolChoice", choice);
        }
    }

    private static ObjectNode toolSpec(String name, String description, JsonNode parameters, boolean strict) {
        ObjectNode spec = NODES.objectNode();
        ObjectNode toolSpec = spec.putObject("toolSpec");
        toolSpec.put("name", name);
        if (description != null && !description.isEmpty()) {
            toolSpec.put("description", description);
        }
        JsonNode schema = parameters != null && parameters.isObject() ? parameters
                : NODES.objectNode().put("type", "object").set("properties", NODES.objectNode());
        toolSpec.putObject("inputSchema").set("json", schema);
        if (strict) {
            toolSpec.put("strict", true);
        }
        return spec;
    }

    /** OpenAI's {@code service_tier} → Bedrock's {@code serviceTier.type} where the tier exists. */
    private static void serviceTier(CreateChatCompletionRequest body, ObjectNode root, List<String> dropped) {
        String tier = body.getServiceTier();
        if (tier == null || tier.equals("auto")) {
            return;
        }
        switch (tier) {
            case "default", "flex", "priority" -> root.putObject("serviceTier").put("type", tier);
            default -> dropped.add("service_tier");
        }
    }

    private static String imageFormat(String mediaType, String param) {
        String m = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        return switch (m) {
            case "image/png" -> "png";
            case "image/jpeg", "image/jpg" -> "jpeg";
            case "image/gif" -> "gif";
            case "image/webp" -> "webp";
            default -> throw GatewayException.invalidRequest("bedrock takes png, jpeg, gif and webp images, not '"
                    + mediaType + "'.", param);
        };
    }

    private static String guessImageType(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (lower.endsWith(".gif")) {
            return "image/gif";
        }
        if (lower.endsWith(".webp")) {
            return "image/webp";
        }
        return null;
    }

    /** Bedrock's document formats (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_DocumentBlock.html). */
    private static String documentFormat(String mediaType, String param) {
        return switch (mediaType) {
            case "application/pdf" -> "pdf";
            case "text/csv" -> "csv";
            case "application/msword" -> "doc";
            case "application/vnd.openxmlformats-officedocument.wordprocessingml.document" -> "docx";
            case "application/vnd.ms-excel" -> "xls";
            case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" -> "xlsx";
            case "text/html" -> "html";
            case "text/plain" -> "txt";
            case "text/markdown" -> "md";
            default -> throw GatewayException.invalidRequest("bedrock takes pdf, csv, doc, docx, xls, xlsx, html, txt "
                    + "and md documents, not '" + mediaType + "'.", param);
        };
    }

    /**
     * A document name Bedrock accepts: letters, digits, single spaces, hyphens, parentheses and
     * square brackets, at most 200 characters; the extension is dropped.
     */
    static String documentName(String filename, int index) {
        String base = filename == null ? "" : filename;
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        String cleaned = base.replaceAll("[^A-Za-z0-9 \\-()\\[\\]]", "-").replaceAll("\\s+", " ").strip();
        if (cleaned.isEmpty()) {
            cleaned = "document-" + (index + 1);
        }
        return cleaned.length() > 200 ? cleaned.substring(0, 200) : cleaned;
    }

}
