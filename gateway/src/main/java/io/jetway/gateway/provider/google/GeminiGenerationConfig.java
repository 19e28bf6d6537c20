package io.jetway.gateway.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.model.ResponseFormat;
import io.jetway.api.model.ResponseFormatJsonObject;
import io.jetway.api.model.ResponseFormatJsonSchema;
import io.jetway.api.model.ResponseFormatText;
import io.jetway.api.model.ThinkingConfig;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.util.Locale;

/** Sampling, length, JSON output and thinking as Gemini's {@code generationConfig}. */
final class GeminiGenerationConfig {

    private GeminiGenerationConfig() {}

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
            default ->
                throw GatewayException.invalidRequest(
                        "reasoning_effort '" + effort + "' is not supported for "
                                + "Gemini: use none, minimal, low, medium or high (or thinking.budget_tokens).",
                        "reasoning_effort");
        };
    }

    // Deprecated in OpenAI's spec (max_tokens, functions, the function role, user, seed), still sent by callers.
    @SuppressWarnings("deprecation")
    static ObjectNode generationConfig(CreateChatCompletionRequest req, boolean strict) {
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

    static void responseFormat(ResponseFormat format, ObjectNode g) {
        if (format == null) {
            return;
        }
        switch (format) {
            case ResponseFormatText ignored -> {}
            case ResponseFormatJsonObject ignored -> g.put("responseMimeType", "application/json");
            case ResponseFormatJsonSchema js -> {
                g.put("responseMimeType", "application/json");
                JsonNode schema =
                        js.getJsonSchema() == null ? null : js.getJsonSchema().getSchema();
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
    static ObjectNode thinkingConfig(CreateChatCompletionRequest req, boolean strict) {
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
                default ->
                    throw GatewayException.invalidRequest(
                            "thinking.type '" + thinking.getType() + "' is not "
                                    + "supported for Gemini: use enabled, adaptive or disabled.",
                            "thinking.type");
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
}
