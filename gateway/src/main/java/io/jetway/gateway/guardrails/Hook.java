package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One guardrail hook of a config, as Portkey defines it: {@code {type: "guardrail", id, deny, async,
 * sequential, checks: [{id, parameters, is_enabled}], on_fail, on_success}}. Its verdict is true when
 * every check passes (a check that errors counts as passing unless its {@code failOnError} parameter
 * is set); a failing hook with {@code deny} blocks the request (446).
 *
 * @param async    Portkey runs async hooks without waiting for them; their results never change the answer
 * @param onFail   {@code on_fail} as written (its {@code feedback} is reported); null when absent
 * @param onSuccess {@code on_success} as written; null when absent
 * @param mutator  {@code type: "mutator"}: run like a guardrail hook, its checks in order, each seeing
 *                 the request as the previous one rewrote it (as Jetway runs every hook's checks)
 */
public record Hook(
        String id,
        boolean deny,
        boolean async,
        List<Check> checks,
        JsonNode onFail,
        JsonNode onSuccess,
        boolean mutator) {

    /** A {@code guardrail} hook. */
    public Hook(String id, boolean deny, boolean async, List<Check> checks, JsonNode onFail, JsonNode onSuccess) {
        this(id, deny, async, checks, onFail, onSuccess, false);
    }

    /** Portkey's {@code type}: {@code mutator} (its checks rewrite the request, in order) or {@code guardrail}. */
    public String type() {
        return mutator ? "mutator" : "guardrail";
    }

    /**
     * One check of a hook.
     *
     * @param id         {@code default.<name>} (or {@code jetway.pii})
     * @param parameters as written, {@code {}} when absent
     * @param function   the implementation, resolved when the config is parsed
     */
    public record Check(String id, ObjectNode parameters, CheckFunction function) {

        /** Portkey's {@code failOnError} parameter: an error in this check fails the hook. */
        public boolean failOnError() {
            return parameters.path("failOnError").asBoolean(false);
        }
    }
}
