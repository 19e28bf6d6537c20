package io.jetway.gateway.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.model.ResponseFormatJsonSchema;
import io.jetway.gateway.core.FieldScan;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.common.FunctionTools;
import io.jetway.gateway.provider.core.EffectiveRequest;
import java.util.LinkedHashSet;
import java.util.List;
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
        public enum Kind {
            NONE,
            NATIVE,
            TOOL
        }

        static final JsonOutput NONE = new JsonOutput(Kind.NONE, null);
        static final JsonOutput NATIVE = new JsonOutput(Kind.NATIVE, null);

        /** Whether a tool_use block with this name is the JSON answer rather than a tool call. */
        public boolean isJsonTool(String name) {
            return kind == Kind.TOOL && toolName.equals(name);
        }
    }

    /** The body to send, what was not sent, and how the answer must be read back. */
    public record Mapped(byte[] body, List<String> dropped, JsonOutput jsonOutput) {}

    static final String JSON_OBJECT_TOOL = "json_response";
    /** How messages name this provider (the mapper also serves Claude on Vertex AI). */
    private static final String PROVIDER = "Anthropic";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final FieldScan RAW_EXTRAS = FieldScan.of("cache_control", "content_blocks");

    private AnthropicRequestMapper() {}

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

    // ------------------------------------------------------------------------------------------

    /**
     * The request to map: the typed body, and the JSON tree when fields the typed model does not
     * carry are needed ({@code cache_control} on tools and non-text parts, Portkey's assistant
     * {@code content_blocks}). The tree is parsed (or copied) only then.
     */
    record Source(CreateChatCompletionRequest body, JsonNode tree) {

        static Source of(EffectiveRequest request, boolean wantExtras) {
            boolean extras =
                    wantExtras && RAW_EXTRAS.mayContain(request.caller().raw());
            // The tree is only read: the overrides' own tree serves as it is.
            return new Source(
                    request.body(),
                    request.overridden()
                            ? request.overriddenTree()
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

    /** The state of one mapping. */
    private static final class Builder {

        private final Source source;
        private final CreateChatCompletionRequest body;
        private final Options options;
        private final AnthropicModels.Family family;
        private final Set<String> dropped = new LinkedHashSet<>();

        Builder(Source source, Options options) {
            this.source = source;
            this.body = source.body();
            this.options = options;
            this.family = AnthropicModels.family(body.getModel());
        }

        // Deprecated in OpenAI's spec (max_tokens, functions, the function role, user, seed), still sent by callers.
        @SuppressWarnings("deprecation")
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
                    throw GatewayException.invalidRequest(
                            "model is required for the anthropic provider " + "(e.g. \"claude-sonnet-4-5\").", "model");
                }
                out.put("model", body.getModel());
            }
            rejectDeprecatedFunctions();
            AnthropicMessages messages = new AnthropicMessages(source, dropped);
            messages.walk(body.getMessages());
            out.set("messages", messages.turns());
            if (!messages.system().isEmpty()) {
                out.set("system", messages.system());
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
            JsonOutput json = AnthropicJsonOutputs.decideJsonOutput(body);
            new AnthropicTools(body, source, family, dropped).write(out, json);
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
                format.set(
                        "schema",
                        ((ResponseFormatJsonSchema) body.getResponseFormat())
                                .getJsonSchema()
                                .getSchema());
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

        // Deprecated in OpenAI's spec (max_tokens, functions, the function role, user, seed), still sent by callers.
        @SuppressWarnings("deprecation")
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

        // Deprecated in OpenAI's spec (max_tokens, functions, the function role, user, seed), still sent by callers.
        @SuppressWarnings("deprecation")
        private void rejectDeprecatedFunctions() {
            if (body.getFunctions() != null || body.getFunctionCall() != null) {
                throw GatewayException.invalidRequest(
                        "The deprecated functions / function_call parameters are not "
                                + "translated for the anthropic provider: send tools and tool_choice instead.",
                        body.getFunctions() != null ? "functions" : "function_call");
            }
        }
    }
}
