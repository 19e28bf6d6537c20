package io.jetway.client.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A chat-completion request: immutable, built with {@link #builder()}, checked at
 * {@link Builder#build()} ({@code model} and at least one message, each with its role). Holds the body
 * as JSON, so that fields the spec does not know yet ({@link Builder#putAdditionalBodyProperty}) and
 * fields of earlier answers sent back ({@link Builder#addMessage(ChatCompletionMessage)}) are sent as
 * they are; every field of the spec is reachable through {@link Builder#from(CreateChatCompletionRequest)}.
 * Whether it streams is decided by the call ({@link JetwayClient#chat} or {@link JetwayClient#chatStream}).
 */
public final class ChatRequest {

    private static final Map<Class<?>, String> ROLES = Map.of(
            ChatCompletionRequestSystemMessage.class, "system",
            ChatCompletionRequestDeveloperMessage.class, "developer",
            ChatCompletionRequestUserMessage.class, "user",
            ChatCompletionRequestAssistantMessage.class, "assistant",
            ChatCompletionRequestToolMessage.class, "tool",
            ChatCompletionRequestFunctionMessage.class, "function");

    private final ObjectNode body;
    private final Map<String, String> headers;
    private final PortkeyOptions options;

    private ChatRequest(ObjectNode body, Map<String, String> headers, PortkeyOptions options) {
        this.body = body;
        this.headers = Map.copyOf(headers);
        this.options = options;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this request's values, to derive another. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.body.setAll(body.deepCopy());
        b.headers.putAll(headers);
        b.options = options;
        return b;
    }

    /** The body as it will be sent (a copy), without {@code stream}. */
    public ObjectNode body() {
        return body.deepCopy();
    }

    public String model() {
        return body.get("model").asText();
    }

    /** Headers of this call only, sent after (and over) the client's. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Routing options of this call, laid over the client's. */
    public PortkeyOptions options() {
        return options;
    }

    byte[] toJson(ObjectMapper mapper, boolean stream) {
        ObjectNode b = body.deepCopy();
        if (stream) {
            b.put("stream", true);
        } else {
            b.remove("stream");
        }
        try {
            return mapper.writeValueAsBytes(b);
        } catch (Exception e) {
            throw new IllegalStateException("a JSON tree is always written", e);
        }
    }

    @Override
    public String toString() {
        return body.toString();
    }

    /** Builder: {@code model} and at least one message are required; everything else is optional. */
    public static final class Builder {
        private final ObjectMapper mapper = Json.MAPPER;
        private final ObjectNode body = mapper.createObjectNode();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private PortkeyOptions options = PortkeyOptions.none();

        private Builder() {}

        /** Every field set on the generated model, laid over what this builder holds (messages replaced, if set). */
        public Builder from(CreateChatCompletionRequest request) {
            ObjectNode fields = mapper.valueToTree(request);
            fields.remove("stream");
            body.setAll(fields);
            return this;
        }

        /** The model, e.g. {@code gpt-4o-mini} (or what the gateway's config routes). Required. */
        public Builder model(String model) {
            body.put("model", Objects.requireNonNull(model, "model"));
            return this;
        }

        public Builder addSystemMessage(String content) {
            return addRoleMessage("system", content);
        }

        public Builder addDeveloperMessage(String content) {
            return addRoleMessage("developer", content);
        }

        public Builder addUserMessage(String content) {
            return addRoleMessage("user", content);
        }

        /** An assistant's message written by hand (e.g. a few-shot example). */
        public Builder addAssistantMessage(String content) {
            return addRoleMessage("assistant", content);
        }

        /** The answer to a tool call: {@code content} (usually JSON) for the call with {@code toolCallId}. */
        public Builder addToolMessage(String toolCallId, String content) {
            ObjectNode m = messages().addObject();
            m.put("role", "tool");
            m.put("tool_call_id", Objects.requireNonNull(toolCallId, "toolCallId"));
            m.put("content", Objects.requireNonNull(content, "content"));
            return this;
        }

        /**
         * An earlier answer's message, sent back as the assistant's turn: content, tool calls and every
         * other field, also those the spec does not know (a provider's custom tool call, reasoning …).
         */
        public Builder addMessage(ChatCompletionMessage answer) {
            messages().add(answer.toRequestMessage());
            return this;
        }

        /** A message of the generated model; its role follows from its type (a different role set on it is refused). */
        public Builder addMessage(ChatCompletionRequestMessage message) {
            ObjectNode m = mapper.valueToTree(message);
            String role = ROLES.get(message.getClass());
            // Serializing writes the type's role whatever getRole() says: a different one would be lost silently.
            String set = roleSetOn(message);
            if (set != null && role != null && !role.equals(set)) {
                throw new IllegalArgumentException("a " + message.getClass().getSimpleName() + " has role " + role
                        + ", not " + set + ": use the message type of that role");
            }
            if (role != null) {
                m.put("role", role);
            }
            messages().add(m);
            return this;
        }

        private static String roleSetOn(ChatCompletionRequestMessage message) {
            try {
                Object role = message.getClass().getMethod("getRole").invoke(message);
                return role == null ? null : role.toString();
            } catch (ReflectiveOperationException noRole) {
                return null;
            }
        }

        /** A message as JSON, sent as it is (it must have a {@code role}). */
        public Builder addMessage(ObjectNode message) {
            messages().add(message.deepCopy());
            return this;
        }

        /** A function tool whose parameters are {@code parameters}' JSON schema ({@link JsonSchemas}), named after it. */
        public Builder addTool(Class<?> parameters) {
            return addTool(parameters.getSimpleName(), JsonSchemas.description(parameters), parameters);
        }

        /** A function tool named {@code name} whose parameters are {@code parameters}' JSON schema, strict. */
        public Builder addTool(String name, String description, Class<?> parameters) {
            ObjectNode tool = tools().addObject();
            tool.put("type", "function");
            ObjectNode function = tool.putObject("function");
            function.put("name", name);
            if (description != null) {
                function.put("description", description);
            }
            function.set("parameters", JsonSchemas.of(parameters));
            function.put("strict", true);
            return this;
        }

        /** A tool of the generated model (function or custom). */
        public Builder addTool(Object generatedTool) {
            tools().add(mapper.valueToTree(generatedTool));
            return this;
        }

        /** {@code tool_choice}: {@code auto}, {@code none} or {@code required}. */
        public Builder toolChoice(String choice) {
            body.put("tool_choice", choice);
            return this;
        }

        /** Forces the function tool {@code name}. */
        public Builder toolChoiceFunction(String name) {
            ObjectNode c = body.putObject("tool_choice");
            c.put("type", "function");
            c.putObject("function").put("name", name);
            return this;
        }

        public Builder temperature(double temperature) {
            body.put("temperature", temperature);
            return this;
        }

        public Builder topP(double topP) {
            body.put("top_p", topP);
            return this;
        }

        public Builder maxCompletionTokens(long max) {
            body.put("max_completion_tokens", max);
            return this;
        }

        public Builder n(int n) {
            body.put("n", n);
            return this;
        }

        public Builder seed(long seed) {
            body.put("seed", seed);
            return this;
        }

        public Builder user(String user) {
            body.put("user", user);
            return this;
        }

        /** For streams: a last chunk with the usage ({@code stream_options.include_usage}). */
        public Builder includeUsage(boolean include) {
            body.putObject("stream_options").put("include_usage", include);
            return this;
        }

        /**
         * Structured output: the answer's content follows {@code type}'s JSON schema ({@link JsonSchemas},
         * strict) and is read back as {@code type} ({@link StructuredChatCompletion#content()}).
         */
        public <T> StructuredChatRequest.Builder<T> responseFormat(Class<T> type) {
            ObjectNode format = body.putObject("response_format");
            format.put("type", "json_schema");
            ObjectNode schema = format.putObject("json_schema");
            schema.put("name", type.getSimpleName());
            String description = JsonSchemas.description(type);
            if (description != null) {
                schema.put("description", description);
            }
            schema.set("schema", JsonSchemas.of(type));
            schema.put("strict", true);
            return new StructuredChatRequest.Builder<>(this, type);
        }

        /**
         * Any body field, also one the spec does not know yet (e.g. {@code web_search_options} of a newer
         * API): {@code value} is written as JSON (a {@link JsonNode}, a String, a number, a Map, a record …).
         * Laid over a field of the same name set otherwise.
         */
        public Builder putAdditionalBodyProperty(String name, Object value) {
            body.set(name, value instanceof JsonNode node ? node.deepCopy() : mapper.valueToTree(value));
            return this;
        }

        /** Removes a body field. */
        public Builder removeBodyProperty(String name) {
            body.remove(name);
            return this;
        }

        /** A header of this call only (laid over the client's headers and options). */
        public Builder putHeader(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Routing options of this call only (trace id, metadata, provider …), laid over the client's. */
        public Builder options(PortkeyOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The request; throws {@link IllegalStateException} naming what is missing. */
        public ChatRequest build() {
            JsonNode model = body.get("model");
            if (model == null || !model.isTextual() || model.asText().isBlank()) {
                throw new IllegalStateException("model is required: set it with model(\"gpt-4o-mini\") or similar");
            }
            JsonNode messages = body.get("messages");
            if (!(messages instanceof ArrayNode list) || list.isEmpty()) {
                throw new IllegalStateException("messages are required: add at least one, e.g. addUserMessage(\"Hi\")");
            }
            Iterator<JsonNode> it = list.elements();
            for (int i = 0; it.hasNext(); i++) {
                JsonNode m = it.next();
                if (!m.isObject() || m.path("role").asText("").isBlank()) {
                    throw new IllegalStateException("messages[" + i + "] has no role");
                }
                if (m.path("role").asText().equals("tool")
                        && m.path("tool_call_id").asText("").isBlank()) {
                    throw new IllegalStateException("messages[" + i + "] is a tool message without tool_call_id");
                }
            }
            return new ChatRequest(body.deepCopy(), headers, options);
        }

        private Builder addRoleMessage(String role, String content) {
            ObjectNode m = messages().addObject();
            m.put("role", role);
            m.put("content", Objects.requireNonNull(content, "content"));
            return this;
        }

        private ArrayNode messages() {
            return body.get("messages") instanceof ArrayNode a ? a : body.putArray("messages");
        }

        private ArrayNode tools() {
            return body.get("tools") instanceof ArrayNode a ? a : body.putArray("tools");
        }
    }
}
