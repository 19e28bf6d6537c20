package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Portkey's checks on the request itself rather than on a text: modelWhitelist, modelRules,
 * requiredMetadataKeys and allowedRequestTypes (before-request hooks).
 */
final class RequestChecks {

    private RequestChecks() {}

    static void register(Map<String, CheckFunction> registry) {
        registry.put("default.modelWhitelist", new ModelWhitelist());
        registry.put("default.requiredMetadataKeys", new RequiredMetadataKeys());
        registry.put("default.modelRules", new ModelRules());
        registry.put("default.allowedRequestTypes", new AllowedRequestTypes());
    }

    /** Portkey's request type of every request this gateway serves ({@code POST /v1/chat/completions}). */
    static final String REQUEST_TYPE = "chatComplete";

    /**
     * {@code modelRules}: {@code rules: {defaults: [models], metadata: {key: {value: [models]}}}}: the
     * models allowed by the caller's metadata (else the defaults) include the request's; {@code not}.
     */
    static final class ModelRules implements CheckFunction {
        @Override
        public void validate(ObjectNode parameters, String path, List<String> problems) {
            if (!parameters.path("rules").isObject()) {
                problems.add(
                        path
                                + ".parameters.rules must be an object {defaults: [models], metadata: {key: {value: [models]}}}");
            }
        }

        @Override
        public CheckResult run(HookContext context, Event event, ObjectNode parameters) {
            boolean not = Params.not(parameters);
            JsonNode model = context.request().get("model");
            JsonNode rules = parameters.get("rules");
            String problem =
                    model == null || !model.isTextual() || model.asText().isEmpty()
                            ? "Missing model in request"
                            : rules == null || !rules.isObject() ? "Missing rules configuration" : null;
            java.util.LinkedHashSet<String> allowed = new java.util.LinkedHashSet<>();
            List<String> matchedRules = new ArrayList<>();
            if (problem == null) {
                rules.path("metadata").properties().iterator().forEachRemaining(rule -> {
                    String value = context.metadata().get(rule.getKey());
                    JsonNode models = value == null ? null : rule.getValue().get(value);
                    if (models != null && models.isArray()) {
                        matchedRules.add(rule.getKey() + ":" + value);
                        models.forEach(m -> {
                            if (m.isTextual() && !m.asText().isEmpty()) {
                                allowed.add(m.asText());
                            }
                        });
                    }
                });
            }
            boolean usingDefaults = allowed.isEmpty();
            if (problem == null && usingDefaults) {
                rules.path("defaults").forEach(m -> allowed.add(m.asText()));
                if (allowed.isEmpty()) {
                    problem = "No allowed models resolved from rules";
                }
            }
            ObjectNode data = Params.object();
            if (problem != null) {
                data.put("explanation", "An error occurred while checking model rules: " + problem);
                return Params.error(problem, data);
            }
            String requested = model.asText();
            boolean verdict = not != allowed.contains(requested);
            String explanation;
            if (verdict) {
                explanation = not
                        ? "Model \"" + requested + "\" is not permitted by rules (blocked list)."
                        : "Model \"" + requested + "\" is allowed by rules.";
                if (!matchedRules.isEmpty()) {
                    explanation += " (matched rules: " + String.join(", ", matchedRules) + ")";
                } else if (usingDefaults) {
                    explanation += " (using default models)";
                }
            } else {
                explanation = not
                        ? "Model \"" + requested + "\" is permitted by rules (in blocked list)."
                        : "Model \"" + requested + "\" is not allowed by rules.";
            }
            data.put("explanation", explanation);
            return CheckResult.of(verdict, data);
        }
    }

    /**
     * {@code allowedRequestTypes}: {@code allowedTypes} / {@code blockedTypes} (arrays or comma-separated),
     * else the metadata's {@code supported_endpoints} / {@code blocked_endpoints}; the request type here
     * is always {@code chatComplete}.
     */
    static final class AllowedRequestTypes implements CheckFunction {
        @Override
        public CheckResult run(HookContext context, Event event, ObjectNode parameters) {
            List<String> allowed = list(parameters.get("allowedTypes"));
            List<String> blocked = list(parameters.get("blockedTypes"));
            String source = !allowed.isEmpty() || !blocked.isEmpty() ? "parameters" : null;
            if (allowed.isEmpty() && context.metadata().get("supported_endpoints") != null) {
                allowed = split(context.metadata().get("supported_endpoints"));
            }
            if (blocked.isEmpty() && context.metadata().get("blocked_endpoints") != null) {
                blocked = split(context.metadata().get("blocked_endpoints"));
            }
            if (source == null) {
                source = context.metadata().containsKey("supported_endpoints")
                                || context.metadata().containsKey("blocked_endpoints")
                        ? "metadata"
                        : "default";
            }
            List<String> conflicts = allowed.stream().filter(blocked::contains).toList();
            String type = REQUEST_TYPE;
            if (!conflicts.isEmpty()) {
                String problem = "Conflict detected: The following types appear in both allowedTypes and blockedTypes: "
                        + String.join(", ", conflicts) + ". Please remove them from one list.";
                ObjectNode data = Params.object();
                data.put("explanation", "An error occurred while checking allowed request types: " + problem);
                data.put("currentRequestType", type);
                allowed.forEach(data.putArray("allowedTypes")::add);
                blocked.forEach(data.putArray("blockedTypes")::add);
                return Params.error(problem, data);
            }
            String mode;
            boolean verdict;
            if (allowed.isEmpty() && blocked.isEmpty()) {
                mode = "unrestricted";
                verdict = true;
            } else if (allowed.isEmpty()) {
                mode = "blocklist";
                verdict = !blocked.contains(type);
            } else if (blocked.isEmpty()) {
                mode = "allowlist";
                verdict = allowed.contains(type);
            } else {
                mode = "combined";
                verdict = !blocked.contains(type) && allowed.contains(type);
            }
            List<String> allowedFinal = allowed;
            List<String> blockedFinal = blocked;
            String explanation = switch (mode) {
                case "combined" ->
                    verdict
                            ? "Request type \"" + type + "\" is allowed (in allowlist and not blocked)."
                            : blocked.contains(type)
                                    ? "Request type \"" + type + "\" is explicitly blocked."
                                    : "Request type \"" + type
                                            + "\" is not in the allowed list. Allowed types (excluding blocked): "
                                            + String.join(
                                                    ", ",
                                                    allowedFinal.stream()
                                                            .filter(t -> !blockedFinal.contains(t))
                                                            .toList());
                case "blocklist" ->
                    verdict
                            ? "Request type \"" + type + "\" is allowed (not in blocklist)."
                            : "Request type \"" + type + "\" is blocked.";
                case "allowlist" ->
                    verdict
                            ? "Request type \"" + type + "\" is allowed."
                            : "Request type \"" + type + "\" is not allowed. Allowed types are: "
                                    + String.join(", ", allowed);
                default -> "Request type \"" + type + "\" is allowed (no restrictions configured).";
            };
            ObjectNode data = Params.object();
            data.put("currentRequestType", type);
            if (!allowed.isEmpty()) {
                allowed.forEach(data.putArray("allowedTypes")::add);
            } else if (mode.equals("unrestricted")) {
                data.putArray("allowedTypes").add("all");
            }
            if (!blocked.isEmpty()) {
                blocked.forEach(data.putArray("blockedTypes")::add);
            }
            data.put("verdict", verdict);
            data.put("explanation", explanation);
            data.put("source", source);
            data.put("mode", mode);
            return CheckResult.of(verdict, data);
        }

        private static List<String> list(JsonNode v) {
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (v.isTextual()) {
                return split(v.asText());
            }
            List<String> out = new ArrayList<>();
            v.forEach(t -> out.add(t.asText()));
            return out;
        }

        private static List<String> split(String csv) {
            List<String> out = new ArrayList<>();
            for (String t : csv.split(",")) {
                out.add(t.strip());
            }
            return out;
        }
    }

    /** {@code modelWhitelist}: the request's {@code model} is in {@code models}; {@code not}. */
    static final class ModelWhitelist implements CheckFunction {
        @Override
        public void validate(ObjectNode parameters, String path, List<String> problems) {
            if (!parameters.path("models").isArray()) {
                problems.add(path + ".parameters.models must be an array of model names");
            }
        }

        @Override
        public CheckResult run(HookContext context, Event event, ObjectNode parameters) {
            JsonNode models = parameters.get("models");
            boolean not = Params.not(parameters);
            JsonNode model = context.request().get("model");
            String requested = model != null && model.isTextual() ? model.asText() : null;
            if (models == null || !models.isArray() || requested == null || requested.isEmpty()) {
                String problem = models == null || !models.isArray()
                        ? "Missing or invalid model whitelist"
                        : "Missing model in request";
                ObjectNode data = Params.object();
                data.put("explanation", "An error occurred while checking model whitelist: " + problem);
                data.put("requestedModel", requested == null || requested.isEmpty() ? "No model specified" : requested);
                data.put("not", not);
                data.set("allowedModels", models == null ? Params.object().arrayNode() : models);
                return Params.error(problem, data);
            }
            boolean inList = false;
            for (JsonNode m : models) {
                inList |= m.isTextual() && m.asText().equals(requested);
            }
            boolean verdict = not != inList;
            ObjectNode data = Params.object();
            data.put("verdict", verdict);
            data.put("not", not);
            data.put(
                    "explanation",
                    verdict
                            ? not
                                    ? "Model \"" + requested + "\" is not in the allowed list as expected."
                                    : "Model \"" + requested + "\" is allowed."
                            : not
                                    ? "Model \"" + requested + "\" is in the allowed list when it should not be."
                                    : "Model \"" + requested + "\" is not in the allowed list.");
            data.put("requestedModel", requested);
            data.set("allowedModels", models);
            return CheckResult.of(verdict, data);
        }
    }

    /**
     * {@code requiredMetadataKeys}: {@code metadataKeys} of {@code x-portkey-metadata} present
     * ({@code all}, the default), any of them, or none. Before-request hooks only: elsewhere it reports
     * an error (which passes, as Portkey's does).
     */
    static final class RequiredMetadataKeys implements CheckFunction {
        @Override
        public void validate(ObjectNode parameters, String path, List<String> problems) {
            JsonNode keys = parameters.get("metadataKeys");
            if (keys == null || !keys.isArray() || keys.isEmpty()) {
                problems.add(path + ".parameters.metadataKeys must be a non-empty array of strings");
            } else {
                for (JsonNode k : keys) {
                    if (!k.isTextual()) {
                        problems.add(path + ".parameters.metadataKeys must be an array of strings");
                        break;
                    }
                }
            }
            if (parameters.has("operator")
                    && !List.of("all", "any", "none").contains(String.valueOf(Params.text(parameters, "operator")))) {
                problems.add(path + ".parameters.operator must be one of: all, any, none");
            }
        }

        @Override
        public CheckResult run(HookContext context, Event event, ObjectNode parameters) {
            if (event != Event.BEFORE_REQUEST) {
                return passingError("This plugin only works for before_request_hooks");
            }
            JsonNode keys = parameters.get("metadataKeys");
            if (keys == null || !keys.isArray() || keys.isEmpty()) {
                return passingError("metadataKeys must be an array and not empty");
            }
            String operator = parameters.has("operator") ? Params.text(parameters, "operator") : "all";
            if (!List.of("all", "any", "none").contains(String.valueOf(operator))) {
                return passingError("operator must be one of: all, any, none");
            }
            List<String> found = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (JsonNode k : keys) {
                (context.metadata().containsKey(k.asText()) ? found : missing).add(k.asText());
            }
            boolean verdict = switch (operator) {
                case "any" -> !found.isEmpty();
                case "all" -> missing.isEmpty();
                default -> found.isEmpty();
            };
            String explanation = "Check " + (verdict ? "passed" : "failed") + " for '" + operator + "' metadata keys."
                    + switch (operator) {
                        case "any" ->
                            verdict ? " At least one metadata key was found." : " No metadata keys were found.";
                        case "all" -> verdict ? " All metadata keys were found." : " Some metadata keys were missing.";
                        default -> verdict ? " No metadata keys were found." : " Some metadata keys were found.";
                    };
            ObjectNode data = Params.object();
            data.put("explanation", explanation);
            missing.forEach(data.putArray("missing_metadata_keys")::add);
            found.forEach(data.putArray("found_metadata_keys")::add);
            data.put("operator", operator);
            return CheckResult.of(verdict, data);
        }

        /** Portkey's plugin answers these with verdict true and an error without a name. */
        private static CheckResult passingError(String message) {
            ObjectNode error = Params.object();
            error.put("message", message);
            return new CheckResult(true, error, null, null);
        }
    }
}
