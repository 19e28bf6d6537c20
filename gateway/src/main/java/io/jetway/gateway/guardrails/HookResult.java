package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;

/**
 * One hook's outcome, written as Portkey's {@code GuardrailResult} in {@code hook_results}.
 *
 * @param verdict every check passed (an erroring check passes unless {@code failOnError})
 * @param deny    the hook failed and denies ({@code deny: true})
 */
public record HookResult(
        Hook hook, boolean verdict, boolean deny, List<CheckRun> checks, long executionMs, Instant createdAt) {

    /** One check's run. */
    public record CheckRun(Hook.Check check, CheckResult result, long executionMs, Instant createdAt) {

        /** Whether the check counts as passing for its hook (Portkey: verdict, or an error not failing on error). */
        boolean passes() {
            return result.verdict() || (result.error() != null && !check.failOnError());
        }

        ObjectNode toJson() {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.set("data", result.data());
            o.put("verdict", result.verdict());
            o.put("id", check.id());
            if (result.error() != null) {
                o.set("error", result.error());
            }
            o.put("execution_time", executionMs);
            o.put("transformed", result.transformedRequest() != null);
            o.put("created_at", createdAt.toString());
            o.putNull("log");
            o.put("fail_on_error", check.failOnError());
            return o;
        }
    }

    /** The ids of the checks that failed, comma-separated (for messages and the request log). */
    public String failedChecks() {
        StringJoiner out = new StringJoiner(", ");
        for (CheckRun c : checks) {
            if (!c.passes()) {
                out.add(c.check().id());
            }
        }
        return out.toString();
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("verdict", verdict);
        o.put("id", hook.id());
        boolean transformed = false;
        ArrayNode cs = Json.MAPPER.createArrayNode();
        for (CheckRun c : checks) {
            cs.add(c.toJson());
            transformed |= c.result().transformedRequest() != null;
        }
        o.put("transformed", transformed);
        o.set("checks", cs);
        o.set("feedback", feedback());
        o.put("execution_time", executionMs);
        o.put("async", hook.async());
        o.put("type", hook.type());
        o.put("created_at", createdAt.toString());
        o.put("deny", deny);
        return o;
    }

    /** Portkey's feedback: the {@code on_success} / {@code on_fail} feedback with the checks' ids added; null without one. */
    private JsonNode feedback() {
        boolean allPassOrError =
                checks.stream().allMatch(c -> c.result().verdict() || c.result().error() != null);
        JsonNode config = allPassOrError ? hook.onSuccess() : hook.onFail();
        JsonNode feedback = config == null ? null : config.get("feedback");
        if (feedback == null || !feedback.isObject()) {
            return Json.MAPPER.nullNode();
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        if (feedback.has("value")) {
            out.set("value", feedback.get("value"));
        }
        if (feedback.has("weight")) {
            out.set("weight", feedback.get("weight"));
        }
        ObjectNode meta = out.putObject("metadata");
        if (feedback.get("metadata") instanceof ObjectNode m) {
            meta.setAll(m);
        }
        meta.put("successfulChecks", ids(true, false));
        meta.put("failedChecks", ids(false, false));
        meta.put("erroredChecks", ids(false, true));
        return out;
    }

    private String ids(boolean successful, boolean errored) {
        StringJoiner out = new StringJoiner(", ");
        for (CheckRun c : checks) {
            boolean match = successful
                    ? c.result().verdict()
                    : !c.result().verdict() && errored == (c.result().error() != null);
            if (match) {
                out.add(c.check().id());
            }
        }
        return out.toString();
    }

    /** {@code {"before_request_hooks": [...], "after_request_hooks": [...]}}. */
    public static ObjectNode hookResults(List<HookResult> before, List<HookResult> after) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        ArrayNode b = o.putArray("before_request_hooks");
        before.forEach(r -> b.add(r.toJson()));
        ArrayNode a = o.putArray("after_request_hooks");
        after.forEach(r -> a.add(r.toJson()));
        return o;
    }
}
