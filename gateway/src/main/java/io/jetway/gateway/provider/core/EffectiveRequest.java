package io.jetway.gateway.provider.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.util.Map;

/**
 * The request a provider translates: the caller's, with the target's {@code override_params}
 * (Chat Completions fields, the config's keys winning) applied over it, once, for every provider.
 *
 * <p>Two rules hold whatever the provider: the caller's {@code stream} flag wins over an
 * override's (the gateway answers as a stream or as one JSON body by the caller's flag, so the
 * upstream call must do the same), and overrides that do not make a valid request are one 400
 * naming {@code override_params}. Without overrides nothing is parsed or copied: the typed body
 * and the raw bytes are the caller's.
 */
public final class EffectiveRequest {

    /** The {@code param} of every error about the config's overrides. */
    public static final String PARAM = "override_params";

    private final ChatRequest caller;
    private final ObjectNode overrides;
    private final CreateChatCompletionRequest body;
    private final ObjectNode tree;

    private EffectiveRequest(
            ChatRequest caller, ObjectNode overrides, CreateChatCompletionRequest body, ObjectNode tree) {
        this.caller = caller;
        this.overrides = overrides;
        this.body = body;
        this.tree = tree;
    }

    /**
     * @param overrides the target's {@code override_params}; null or empty for none
     * @throws GatewayException 400 naming {@code override_params} when they make the request invalid
     */
    public static EffectiveRequest of(ChatRequest caller, ObjectNode overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return new EffectiveRequest(caller, null, caller.body(), null);
        }
        ObjectNode tree = caller.mutableTree();
        for (Map.Entry<String, JsonNode> e : overrides.properties()) {
            tree.set(e.getKey(), e.getValue().deepCopy());
        }
        if (caller.endpoint() != io.jetway.gateway.core.Endpoint.CHAT) {
            // Another endpoint's body (embeddings, say) is forwarded as JSON: the overrides go on its tree,
            // and the model they name is the one called; it is no chat request to type.
            return new EffectiveRequest(
                    caller,
                    overrides,
                    overrides.path("model").isTextual()
                            ? new CreateChatCompletionRequest()
                                    .model(overrides.get("model").asText())
                            : caller.body(),
                    tree);
        }
        if (overrides.has("stream")) {
            Boolean stream = caller.body().getStream();
            if (stream == null) {
                tree.remove("stream");
            } else {
                tree.set("stream", BooleanNode.valueOf(stream));
            }
        }
        try {
            return new EffectiveRequest(
                    caller, overrides, Json.MAPPER.treeToValue(tree, CreateChatCompletionRequest.class), tree);
        } catch (JsonProcessingException e) {
            throw invalid(e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static GatewayException invalid(String why) {
        return GatewayException.invalidRequest(
                "The config's override_params do not make a valid request: " + why
                        + " (fix the override in the config).",
                PARAM);
    }

    /** The caller's request, as sent. */
    public ChatRequest caller() {
        return caller;
    }

    /** The config's {@code override_params} as applied; null when there were none. */
    public ObjectNode overrides() {
        return overrides;
    }

    /** The typed request to translate, overrides applied. */
    public CreateChatCompletionRequest body() {
        return body;
    }

    /** Whether overrides changed the caller's request (when not, {@link #caller()}'s bytes are the request). */
    public boolean overridden() {
        return tree != null;
    }

    /** The model to call: the override's when the config sets one. */
    public String model() {
        return body.getModel();
    }

    /** The caller's stream flag, which no override changes. */
    public boolean stream() {
        return caller.stream();
    }

    /**
     * A fresh, mutable JSON tree of the request, overrides applied and fields the spec does not
     * know included (for providers that read such fields). Parses or copies on every call.
     */
    public ObjectNode mutableTree() {
        return tree != null ? tree.deepCopy() : caller.mutableTree();
    }

    /** The overrides applied, as a read-only view of the request's tree; null when not {@link #overridden()}. */
    public JsonNode overriddenTree() {
        return tree;
    }
}
