package io.jetway.gateway.provider.google;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.ChatCompletionRequestAssistantMessage;
import io.jetway.api.model.ChatCompletionRequestDeveloperMessage;
import io.jetway.api.model.ChatCompletionRequestFunctionMessage;
import io.jetway.api.model.ChatCompletionRequestMessage;
import io.jetway.api.model.ChatCompletionRequestSystemMessage;
import io.jetway.api.model.ChatCompletionRequestToolMessage;
import io.jetway.api.model.ChatCompletionRequestUserMessage;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.util.HashMap;
import java.util.List;
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
    public record Mapped(byte[] body, List<String> dropped) {}

    /**
     * Maps a request.
     *
     * @param strictOpenAiCompliance when true, thoughts are never shown, so none are asked for
     */
    // Deprecated in OpenAI's spec (max_tokens, functions, the function role, user, seed), still sent by callers.
    @SuppressWarnings("deprecation")
    public Mapped map(CreateChatCompletionRequest req, boolean strictOpenAiCompliance) {
        if (req.getFunctions() != null || req.getFunctionCall() != null) {
            throw GatewayException.invalidRequest(
                    "functions and function_call (deprecated) are not supported for "
                            + "Gemini: send tools and tool_choice instead.",
                    req.getFunctions() != null ? "functions" : "function_call");
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        Turns turns = new Turns(root.putArray("contents"));
        ArrayNode systemParts = Json.MAPPER.createArrayNode();
        Map<String, String> functionNames = new HashMap<>();

        List<ChatCompletionRequestMessage> messages = req.getMessages();
        for (int i = 0; i < messages.size(); i++) {
            String at = "messages[" + i + "]";
            switch (messages.get(i)) {
                case ChatCompletionRequestSystemMessage s -> GeminiParts.textParts(s.getContent(), systemParts);
                case ChatCompletionRequestDeveloperMessage d -> GeminiParts.textParts(d.getContent(), systemParts);
                case ChatCompletionRequestUserMessage u -> turns.add("user", GeminiParts.userParts(u.getContent(), at));
                case ChatCompletionRequestAssistantMessage a ->
                    turns.add("model", GeminiParts.assistantParts(a, at, functionNames));
                case ChatCompletionRequestToolMessage t -> {
                    String name = functionNames.get(t.getToolCallId());
                    if (name == null) {
                        throw GatewayException.invalidRequest(
                                "The tool message " + at + " answers tool_call_id '"
                                        + t.getToolCallId()
                                        + "', which no earlier assistant message called; Gemini needs "
                                        + "the function's name, so the call must be in the conversation.",
                                at + ".tool_call_id");
                    }
                    turns.add(
                            "user",
                            List.of(GeminiParts.functionResponse(
                                    name, t.getContent().joinedText())));
                }
                case ChatCompletionRequestFunctionMessage f ->
                    turns.add("user", List.of(GeminiParts.functionResponse(f.getName(), f.getContent())));
            }
        }
        if (turns.contents.isEmpty()) {
            throw GatewayException.invalidRequest(
                    "Gemini needs at least one user, assistant or tool message with "
                            + "content besides system messages.",
                    "messages");
        }
        if (!systemParts.isEmpty()) {
            root.putObject("systemInstruction").set("parts", systemParts);
        }

        GeminiTools.tools(req, root);
        ObjectNode generation = GeminiGenerationConfig.generationConfig(req, strictOpenAiCompliance);
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

    /** What the mapping drops beyond the fields not in {@link GeminiParams#TABLE}. */
    private static List<String> dropped(CreateChatCompletionRequest req) {
        return req.getTopLogprobs() != null && !Boolean.TRUE.equals(req.getLogprobs())
                ? List.of("top_logprobs")
                : List.of();
    }
}
