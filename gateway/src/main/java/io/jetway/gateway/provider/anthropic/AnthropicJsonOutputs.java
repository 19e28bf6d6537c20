package io.jetway.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.ChatCompletionAnyTool;
import io.jetway.api.model.ChatCompletionTool;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.model.ResponseFormat;
import io.jetway.api.model.ResponseFormatJsonObject;
import io.jetway.api.model.ResponseFormatJsonSchema;
import io.jetway.api.model.ResponseFormatJsonSchemaJsonSchema;
import io.jetway.api.model.ResponseFormatText;
import io.jetway.api.model.ThinkingConfig;
import io.jetway.gateway.provider.anthropic.AnthropicRequestMapper.JsonOutput;
import java.util.HashSet;
import java.util.Set;

/**
 * How a JSON answer ({@code response_format}) is asked of Claude: natively (structured outputs)
 * where the model has them and the schema is strict or thinking is on, else as a forced tool whose
 * input is the answer. Decided once per call, the same way for the request, the answer and the stream.
 */
final class AnthropicJsonOutputs {

    static final String JSON_OBJECT_TOOL = AnthropicRequestMapper.JSON_OBJECT_TOOL;

    private AnthropicJsonOutputs() {}

    static JsonOutput decideJsonOutput(CreateChatCompletionRequest body) {
        ResponseFormat format = body.getResponseFormat();
        if (format == null) {
            return JsonOutput.NONE;
        }
        return switch (format) {
            case ResponseFormatText text -> JsonOutput.NONE;
            case ResponseFormatJsonObject object ->
                new JsonOutput(JsonOutput.Kind.TOOL, uniqueToolName(JSON_OBJECT_TOOL, body));
            case ResponseFormatJsonSchema schema -> {
                ResponseFormatJsonSchemaJsonSchema js = schema.getJsonSchema();
                boolean strict = Boolean.TRUE.equals(js.getStrict());
                if (js.getSchema() != null
                        && AnthropicModels.family(body.getModel()).structuredOutputs()
                        && (strict || thinkingOn(body))) {
                    yield JsonOutput.NATIVE;
                }
                yield new JsonOutput(JsonOutput.Kind.TOOL, uniqueToolName(js.getName(), body));
            }
        };
    }

    static boolean thinkingOn(CreateChatCompletionRequest body) {
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

    /** The forced tool that carries a JSON answer. */
    static ObjectNode jsonTool(String name, CreateChatCompletionRequest body) {
        ObjectNode tool = JsonNodeFactory.instance.objectNode();
        tool.put("name", name);
        JsonNode schema = null;
        String description = null;
        if (body.getResponseFormat() instanceof ResponseFormatJsonSchema js) {
            schema = js.getJsonSchema().getSchema();
            description = js.getJsonSchema().getDescription();
        }
        tool.put(
                "description",
                description != null
                        ? description
                        : "Respond by calling this tool: its input is your complete answer, as JSON.");
        tool.set(
                "input_schema",
                schema != null
                        ? AnthropicTools.inputSchema(schema)
                        : JsonNodeFactory.instance.objectNode().put("type", "object"));
        return tool;
    }
}
