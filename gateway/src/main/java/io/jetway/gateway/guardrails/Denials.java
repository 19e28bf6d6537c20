package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Portkey's answer to a denying hook: the 446 and its words, for answers and streams alike. */
public final class Denials {

    private Denials() {}

    /** Portkey's message when no other is given. */
    public static final String FAILED = "The guardrail checks defined in the config failed. You can find more "
            + "information in the `hook_results` object.";

    /** Portkey's 446: {@code {"error": {message, type: "hooks_failed", param, code}, "hook_results": …}}. */
    public static GatewayException denied(List<HookResult> before, List<HookResult> after, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message == null ? FAILED : message);
        error.put("type", "hooks_failed");
        error.putNull("param");
        error.putNull("code");
        body.set("hook_results", HookResult.hookResults(before, after));
        try {
            return new GatewayException(
                    446,
                    "hooks_failed",
                    message == null ? describe(before, after) : message,
                    null,
                    null,
                    null,
                    Json.MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** The denying hooks and their failed checks, in words: {@code hook 'x' denied it (default.contains failed)}. */
    public static String describe(List<HookResult> before, List<HookResult> after) {
        List<String> parts = new ArrayList<>();
        for (List<HookResult> results : List.of(before, after)) {
            for (HookResult r : results) {
                if (r.deny()) {
                    parts.add("hook '" + r.hook().id() + "' (" + r.failedChecks() + " failed)");
                }
            }
        }
        return "The guardrail checks defined in the config failed: " + String.join("; ", parts) + " denied "
                + (after.stream().anyMatch(HookResult::deny) ? "the answer" : "the request") + ".";
    }
}
