package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;
import java.util.List;
import java.util.Map;

/**
 * Portkey's {@code addPrefix} mutator (plugins/default/addPrefix.ts), for chat completions: before
 * the request, puts {@code prefix} in front of the first message of role {@code applyToRole}
 * (default {@code user}; {@code addToExisting} default true), or adds a message of that role holding
 * the prefix ({@code addToExisting: false}, or when there is none: a system message first, others
 * last); {@code onlyIfEmpty} leaves a non-empty message alone. Always passes; after the request it
 * does nothing, as in Portkey. The rewritten request is what the provider receives.
 */
final class AddPrefix implements CheckFunction {

    private AddPrefix() {}

    static void register(Map<String, CheckFunction> registry) {
        registry.put("default.addPrefix", new AddPrefix());
    }

    @Override
    public void validate(ObjectNode parameters, String path, List<String> problems) {
        JsonNode role = parameters.get("applyToRole");
        if (role != null
                && !role.isNull()
                && !(role.isTextual() && List.of("user", "system", "assistant").contains(role.asText()))) {
            problems.add(path + ".parameters.applyToRole must be \"user\", \"system\" or \"assistant\"");
        }
    }

    @Override
    public CheckResult run(HookContext context, Event event, ObjectNode parameters) {
        if (event != Event.BEFORE_REQUEST) {
            return new CheckResult(true, null, Json.MAPPER.nullNode(), null);
        }
        String prefix = Params.truthy(parameters, "prefix") ? Params.text(parameters, "prefix") : null;
        if (prefix == null) {
            return new CheckResult(
                    true, message("Prefix parameter is required and must be a string"), Json.MAPPER.nullNode(), null);
        }
        String role = Params.truthy(parameters, "applyToRole")
                ? parameters.get("applyToRole").asText()
                : "user";
        boolean addToExisting = !parameters.path("addToExisting").isBoolean()
                || parameters.get("addToExisting").asBoolean();
        boolean onlyIfEmpty = parameters.path("onlyIfEmpty").asBoolean(false)
                && parameters.get("onlyIfEmpty").isBoolean();
        ObjectNode request = context.request().deepCopy();
        ArrayNode messages = request.get("messages") instanceof ArrayNode a ? a : request.putArray("messages");
        int target = -1;
        for (int i = 0; i < messages.size(); i++) {
            if (role.equals(messages.get(i).path("role").asText(null))) {
                target = i;
                break;
            }
        }
        if (target >= 0) {
            ObjectNode message = (ObjectNode) messages.get(target);
            JsonNode content = message.get("content");
            boolean empty = content != null
                    && (content.isTextual() && content.asText().isBlank() || content.isArray() && content.isEmpty());
            if (onlyIfEmpty && !empty) {
                return result(request, prefix, role, addToExisting, onlyIfEmpty);
            }
            if (addToExisting) {
                message.set("content", prefixed(content, prefix, target == messages.size() - 1));
            } else {
                messages.insert(target, newMessage(role, prefix));
            }
        } else if (role.equals("system")) {
            messages.insert(0, newMessage(role, prefix));
        } else {
            messages.add(newMessage(role, prefix));
        }
        return result(request, prefix, role, addToExisting, onlyIfEmpty);
    }

    /**
     * The content with the prefix in front. The last message goes through Portkey's content-part
     * helpers (an array's first part gets {@code text: prefix + its text}, whatever its type; a null
     * content stays null); another message through {@code buildPrefixedContent} (an array not starting
     * with a text part gets a text part in front).
     */
    private static JsonNode prefixed(JsonNode content, String prefix, boolean last) {
        if (content == null || content.isNull()) {
            // Portkey's helpers skip a null last message but prefix a missing one (undefined !== null).
            return last && content != null
                    ? content
                    : Json.MAPPER.getNodeFactory().textNode(prefix);
        }
        if (content.isArray()) {
            ArrayNode parts = (ArrayNode) content.deepCopy();
            if (!parts.isEmpty()
                    && (last || "text".equals(parts.get(0).path("type").asText(null)))
                    && parts.get(0) instanceof ObjectNode first) {
                first.put(
                        "text",
                        prefix
                                + (first.path("text").isTextual()
                                        ? first.get("text").asText()
                                        : ""));
                return parts;
            }
            if (last && parts.isEmpty()) {
                return parts;
            }
            parts.insert(0, Json.MAPPER.createObjectNode().put("type", "text").put("text", prefix));
            return parts;
        }
        return Json.MAPPER
                .getNodeFactory()
                .textNode(prefix + (content.isTextual() ? content.asText() : content.toString()));
    }

    private static ObjectNode newMessage(String role, String prefix) {
        return Json.MAPPER.createObjectNode().put("role", role).put("content", prefix);
    }

    private static ObjectNode message(String text) {
        return Json.MAPPER.createObjectNode().put("message", text);
    }

    private static CheckResult result(
            ObjectNode request, String prefix, String role, boolean addToExisting, boolean onlyIfEmpty) {
        ObjectNode data = Params.object();
        data.put("prefix", prefix);
        data.put("requestType", "chatComplete");
        data.put("applyToRole", role);
        data.put("addToExisting", addToExisting);
        data.put("onlyIfEmpty", onlyIfEmpty);
        return new CheckResult(true, null, data, request);
    }
}
