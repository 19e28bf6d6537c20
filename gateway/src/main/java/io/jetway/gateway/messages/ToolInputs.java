package io.jetway.gateway.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;
import java.io.IOException;

/** A tool call's OpenAI {@code arguments} (JSON text) as Anthropic's {@code input} object. */
final class ToolInputs {

    private ToolInputs() {}

    /**
     * The arguments' object; empty text is {@code {}}. Text that is no JSON object (a model's slip)
     * is kept whole under {@code "_raw"} rather than lost, so the caller can see what was called.
     */
    static JsonNode parse(String arguments) {
        if (arguments.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(arguments);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException notJson) {
            // kept below
        }
        ObjectNode raw = Json.MAPPER.createObjectNode();
        raw.put("_raw", arguments);
        return raw;
    }
}
