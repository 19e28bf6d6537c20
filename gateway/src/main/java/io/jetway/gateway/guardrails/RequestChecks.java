package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Portkey's checks on the request itself rather than on a text: modelWhitelist and
 * requiredMetadataKeys (before-request hooks).
 */
final class RequestChecks {

    private RequestChecks() {
    }

    static void register(Map<String, CheckFunction> registry) {
        registry.put("default.modelWhitelist", new ModelWhitelist());
        registry.put("default.requiredMetadataKeys", new RequiredMetadataKeys());
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
                String problem = models == null || !models.isArray() ? "Missing or invalid model whitelist"
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
            data.put("explanation", verdict
                    ? not ? "Model \"" + requested + "\" is not in the allowed list as expected."
                          : "Model \"" + requested + "\" is allowed."
                    : not ? "Model \"" + requested + "\" is in the allowed list when it should not be."
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
                        case "any" -> verdict ? " At least one metadata key was found." : " No metadata keys were found.";
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
