package io.jetway.gateway.provider.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.model.ResponseFormatJsonSchema;
import io.jetway.api.model.ThinkingConfig;
import io.jetway.api.types.MessageContent;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.common.FunctionTools;
import io.jetway.gateway.provider.core.ToolIds;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

    /**
     * The body, the top-level fields that were dropped, and the name of the tool forced for
     * {@code response_format} (null when none): its input is the answer's content.
     */
    record Mapped(byte[] body, List<String> dropped, String forcedTool) {}

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PROVIDER = "Bedrock";

    private BedrockRequestMapper() {}

    /**
     * @param additionalFields the caller's {@code additional_model_request_fields} (an object), or null
     * @param fetched          images fetched for the request's http(s) image URLs, by URL
     */
    // Deprecated in OpenAI's spec (max_tokens, functions, the function role, user, seed), still sent by callers.
    @SuppressWarnings("deprecation")
    static Mapped map(
            CreateChatCompletionRequest body, JsonNode additionalFields, Map<String, ImageFetcher.Image> fetched) {
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
                            blocks.addObject()
                                    .set(
                                            "toolUse",
                                            BedrockTools.toolUse(
                                                    ToolIds.restricted(call.getId()),
                                                    name,
                                                    call.getFunction().getArguments(),
                                                    param + ".tool_calls[" + t + "].function.arguments"));
                        }
                    } else if (a.getFunctionCall() != null) {
                        String name = a.getFunctionCall().getName();
                        historyToolNames.add(name);
                        blocks.addObject()
                                .set(
                                        "toolUse",
                                        BedrockTools.toolUse(
                                                BedrockTools.legacyFunctionId(++functionCalls),
                                                name,
                                                a.getFunctionCall().getArguments(),
                                                param + ".function_call.arguments"));
                    }
                    addTurn(turns, "assistant", blocks);
                }
                case ChatCompletionRequestToolMessage t -> {
                    ArrayNode blocks = NODES.arrayNode();
                    blocks.addObject()
                            .set(
                                    "toolResult",
                                    BedrockTools.toolResult(
                                            ToolIds.restricted(t.getToolCallId()),
                                            t.getContent() == null
                                                    ? ""
                                                    : t.getContent().joinedText()));
                    addTurn(turns, "user", blocks);
                }
                case ChatCompletionRequestFunctionMessage f -> {
                    ArrayNode blocks = NODES.arrayNode();
                    blocks.addObject()
                            .set(
                                    "toolResult",
                                    BedrockTools.toolResult(
                                            BedrockTools.legacyFunctionId(functionCalls),
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

        BedrockTools.toolConfig(body, forcedTool, historyToolNames, root);

        if (body.getResponseFormat() instanceof ResponseFormatJsonSchema schema && forcedTool == null) {
            ObjectNode jsonSchema = NODES.objectNode();
            JsonNode schemaNode = schema.getJsonSchema() == null
                    ? null
                    : schema.getJsonSchema().getSchema();
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
                throw GatewayException.invalidRequest(
                        "additional_model_request_fields must be a JSON object.", "additional_model_request_fields");
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
            return new Mapped(Json.MAPPER.writeValueAsBytes(root), List.copyOf(dropped), forcedTool);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** One Bedrock turn being built; adjacent turns of one role are merged into it. */
    private record Turn(String role, ArrayNode blocks) {}

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
            BedrockContent.addText(system, content.text(), false);
            return;
        }
        for (ChatCompletionRequestMessageContentPart part : content.parts()) {
            if (part instanceof ChatCompletionRequestMessageContentPartText t) {
                BedrockContent.addText(system, t.getText(), t.getCacheControl() != null);
            } else {
                throw GatewayException.invalidRequest(
                        "System and developer messages can only hold text for bedrock.", param + ".content");
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

    private static void contentBlocks(
            MessageContent content, ArrayNode blocks, Map<String, ImageFetcher.Image> fetched, String param) {
        if (content.isText()) {
            BedrockContent.addText(blocks, content.text(), false);
            return;
        }
        List<ChatCompletionRequestMessageContentPart> parts = content.parts();
        for (int i = 0; i < parts.size(); i++) {
            String partParam = param + "[" + i + "]";
            switch (parts.get(i)) {
                case ChatCompletionRequestMessageContentPartText t ->
                    BedrockContent.addText(blocks, t.getText(), t.getCacheControl() != null);
                case ChatCompletionRequestMessageContentPartRefusal r ->
                    BedrockContent.addText(blocks, r.getRefusal(), false);
                case ChatCompletionRequestMessageContentPartImage img ->
                    blocks.addObject()
                            .set(
                                    "image",
                                    BedrockContent.image(
                                            img.getImageUrl().getUrl(),
                                            img.getImageUrl().getMimeType(),
                                            fetched,
                                            partParam + ".image_url.url"));
                case ChatCompletionRequestMessageContentPartFile f ->
                    blocks.add(BedrockContent.file(f, blocks.size(), partParam + ".file"));
                case ChatCompletionRequestMessageContentPartAudio a -> {
                    ObjectNode audio = blocks.addObject().putObject("audio");
                    audio.put("format", a.getInputAudio().getFormat());
                    audio.putObject("source").put("bytes", a.getInputAudio().getData());
                }
                case ChatCompletionRequestMessageContentPartThinking t -> {
                    ObjectNode reasoningText =
                            blocks.addObject().putObject("reasoningContent").putObject("reasoningText");
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
}
