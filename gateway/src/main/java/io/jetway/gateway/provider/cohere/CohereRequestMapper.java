package io.jetway.gateway.provider.cohere;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.model.ResponseFormat;
import io.jetway.api.model.ResponseFormatJsonObject;
import io.jetway.api.model.ResponseFormatJsonSchema;
import io.jetway.api.model.ResponseFormatText;
import io.jetway.api.model.ThinkingConfig;
import io.jetway.gateway.core.FieldScan;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.core.EffectiveRequest;
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
    public record Mapped(byte[] body, List<String> dropped) {}

    /**
     * Cohere Chat v2 fields with no OpenAI counterpart that a caller may send next to the OpenAI
     * ones (e.g. RAG {@code documents}); forwarded unchanged.
     */
    static final List<String> NATIVE_FIELDS = List.of("documents", "citation_options", "safety_mode", "priority");

    private static final FieldScan NATIVE_SCAN = FieldScan.of(NATIVE_FIELDS);
    private static final String PROVIDER = "cohere";

    private CohereRequestMapper() {}

    /**
     * @throws GatewayException 400 when the request asks for something Cohere cannot do and that
     *                          cannot be dropped without changing the answer
     */
    public static Mapped map(EffectiveRequest request) {
        CreateChatCompletionRequest body = request.body();
        JsonNode tree = request.overridden()
                ? request.overriddenTree()
                : NATIVE_SCAN.mayContain(request.caller().raw())
                        ? request.caller().mutableTree()
                        : null;

        Set<String> dropped = new LinkedHashSet<>();
        ObjectNode out = Json.MAPPER.createObjectNode();
        String model = body.getModel();
        if (model == null || model.isBlank()) {
            throw GatewayException.invalidRequest(
                    "cohere needs a model: set `model` in the request (or in the " + "config's override_params).",
                    "model");
        }
        out.put("model", model);
        // The caller's flag (overrides never change it): the gateway answers as a stream or not by it.
        if (body.getStream() != null) {
            out.put("stream", request.stream());
        }
        out.set("messages", CohereMessages.messages(body.getMessages(), dropped));
        sampling(body, out);
        CohereTools.tools(body, out);
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

    // Deprecated in OpenAI's spec (max_tokens, functions, the function role, user, seed), still sent by callers.
    @SuppressWarnings("deprecation")
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
                JsonNode schema =
                        s.getJsonSchema() == null ? null : s.getJsonSchema().getSchema();
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
            default ->
                throw GatewayException.invalidRequest(
                        "thinking.type '" + thinking.getType() + "' is not "
                                + "supported for cohere: use enabled, adaptive or disabled.",
                        "thinking.type");
        }
    }

    /** What Cohere lacks and what cannot be dropped without changing the answer: a 400. */
    // Deprecated in OpenAI's spec (max_tokens, functions, the function role, user, seed), still sent by callers.
    @SuppressWarnings("deprecation")
    private static void checkUnsupported(CreateChatCompletionRequest body) {
        if (body.getFunctions() != null && !body.getFunctions().isEmpty()) {
            throw CohereMessages.legacyFunctions("functions");
        }
        if (body.getFunctionCall() != null) {
            throw CohereMessages.legacyFunctions("function_call");
        }
    }
}
