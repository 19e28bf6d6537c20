package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One guardrail check (a Portkey plugin function). Must not throw for bad input: a problem becomes
 * the result's error, as Portkey's plugins report it. Must be bounded in time: text checks run in
 * time linear in the text; checks that call out have a timeout.
 */
public interface CheckFunction {

    CheckResult run(HookContext context, Event event, ObjectNode parameters);

    /**
     * Adds to {@code problems} what the config must fix in {@code parameters} before anything runs
     * (e.g. a regex that the linear-time engine cannot run); {@code path} is the check's path in the config.
     */
    default void validate(ObjectNode parameters, String path, List<String> problems) {}

    /**
     * Whether a failure on a prefix of an answer stays a failure however the answer goes on (a banned
     * word found, a maximum exceeded): a stream is cut as soon as such a check of a denying hook fails,
     * instead of at its end. False (the default) is always safe.
     */
    default boolean failureIsFinalOnPrefix(ObjectNode parameters) {
        return false;
    }
}
