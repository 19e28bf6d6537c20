package io.jetway.gateway.provider.workersai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.model.ResponseFormat;
import io.jetway.api.model.ResponseFormatJsonObject;
import io.jetway.api.model.ResponseFormatJsonSchema;
import io.jetway.api.model.ResponseFormatText;
import io.jetway.gateway.core.FieldScan;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.core.EffectiveRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * OpenAI Chat Completions request → the run API's "Messages" input
 * (https://developers.cloudflare.com/workers-ai/models/llama-3.3-70b-instruct-fp8-fast/, Parameters).
 * Pure.
 *
 * <p>Field by field ({@link WorkersAiParams}): {@code messages} ({@link WorkersAiMessages});
 * {@code stream} as the caller sent it; {@code max_completion_tokens} (else {@code max_tokens}) →
 * {@code max_tokens}; {@code temperature}, {@code frequency_penalty}, {@code presence_penalty} as
 * they are; {@code top_p} at least 0.001, {@code top_k} within 1…50 and {@code seed} within
 * 1…9999999999 (the schema's ranges; OpenAI allows 0); {@code tools} and {@code tool_choice}
 * ({@link WorkersAiMessages#tools}); {@code response_format} {@code json_object} as it is,
 * {@code json_schema} → {@code {type: json_schema, json_schema: <the schema>}} (JSON mode,
 * https://developers.cloudflare.com/workers-ai/features/json-mode/). The model is not in the body:
 * it is in the URL. Workers AI's own {@code raw}, {@code lora} and {@code repetition_penalty}, sent
 * next to the OpenAI fields, are forwarded as they are.
 */
final class WorkersAiRequestMapper {

    /**
     * The body to send, the request fields that were not sent because Workers AI lacks them, and the
     * token cap the answer is generated under (the one sent, else the schema's default).
     */
    record Mapped(byte[] body, List<String> dropped, long maxTokens) {}

    /**
     * Workers AI's {@code max_tokens} when none is sent: the input schema's default for its text
     * generation models (https://developers.cloudflare.com/workers-ai/models/llama-3.3-70b-instruct-fp8-fast/).
     */
    static final long DEFAULT_MAX_TOKENS = 256;

    /** Workers AI fields with no OpenAI counterpart a caller may send; forwarded unchanged. */
    static final List<String> NATIVE_FIELDS = List.of("raw", "lora", "repetition_penalty");

    private static final FieldScan NATIVE_SCAN = FieldScan.of(NATIVE_FIELDS);
    private static final double MIN_TOP_P = 0.001;
    private static final long MAX_SEED = 9_999_999_999L;

    private WorkersAiRequestMapper() {}

    /** @throws io.jetway.gateway.core.GatewayException 400 for what Workers AI cannot do and cannot be dropped */
    // Deprecated in OpenAI's spec (max_tokens, functions, function_call, seed), still sent by callers.
    @SuppressWarnings("deprecation")
    static Mapped map(EffectiveRequest request) {
        CreateChatCompletionRequest body = request.body();
        if (body.getFunctions() != null && !body.getFunctions().isEmpty()) {
            throw WorkersAiMessages.legacyFunctions("functions");
        }
        if (body.getFunctionCall() != null) {
            throw WorkersAiMessages.legacyFunctions("function_call");
        }
        Set<String> dropped = new LinkedHashSet<>();
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("messages", WorkersAiMessages.messages(body.getMessages(), dropped));
        // The caller's flag (overrides never change it): the gateway answers as a stream or not by it.
        if (body.getStream() != null) {
            out.put("stream", request.stream());
        }
        Integer maxTokens = body.getMaxCompletionTokens() != null ? body.getMaxCompletionTokens() : body.getMaxTokens();
        if (maxTokens != null) {
            out.put("max_tokens", maxTokens);
        }
        if (body.getTemperature() != null) {
            out.put("temperature", body.getTemperature());
        }
        if (body.getTopP() != null) {
            out.put("top_p", Math.max(MIN_TOP_P, body.getTopP().doubleValue()));
        }
        if (body.getTopK() != null) {
            out.put("top_k", Math.clamp(body.getTopK().longValue(), 1, 50));
        }
        if (body.getSeed() != null) {
            out.put("seed", Math.clamp(body.getSeed().longValue(), 1, MAX_SEED));
        }
        if (body.getFrequencyPenalty() != null) {
            out.put("frequency_penalty", body.getFrequencyPenalty());
        }
        if (body.getPresencePenalty() != null) {
            out.put("presence_penalty", body.getPresencePenalty());
        }
        WorkersAiMessages.tools(body, out);
        responseFormat(body.getResponseFormat(), out);
        JsonNode tree = request.overridden()
                ? request.overriddenTree()
                : NATIVE_SCAN.mayContain(request.caller().raw())
                        ? request.caller().mutableTree()
                        : null;
        if (tree != null) {
            for (String name : NATIVE_FIELDS) {
                JsonNode v = tree.get(name);
                if (v != null && !v.isNull()) {
                    out.set(name, v);
                }
            }
        }
        try {
            return new Mapped(
                    Json.MAPPER.writeValueAsBytes(out),
                    List.copyOf(dropped),
                    maxTokens != null ? maxTokens : DEFAULT_MAX_TOKENS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** JSON mode: the schema itself under {@code json_schema} (its name and strict flag have no counterpart). */
    private static void responseFormat(ResponseFormat format, ObjectNode out) {
        if (format == null) {
            return;
        }
        switch (format) {
            case ResponseFormatText t -> {
                // Text is what Workers AI answers without a response_format.
            }
            case ResponseFormatJsonObject j -> out.putObject("response_format").put("type", "json_object");
            case ResponseFormatJsonSchema s -> {
                ObjectNode f = out.putObject("response_format");
                f.put("type", "json_schema");
                JsonNode schema =
                        s.getJsonSchema() == null ? null : s.getJsonSchema().getSchema();
                if (schema != null && !schema.isNull()) {
                    f.set("json_schema", schema);
                }
            }
        }
    }
}
