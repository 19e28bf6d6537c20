package io.jetway.gateway.guardrails;

import java.util.List;

/**
 * The hooks a config node sets: {@code before_request_hooks} (plus its {@code input_guardrails}) and
 * {@code after_request_hooks} (plus its {@code output_guardrails}); null for a list the node does not
 * set. Inheritance as Portkey's: a node's list, when present (even empty), replaces its parent's;
 * each list is inherited on its own.
 */
public record Hooks(List<Hook> before, List<Hook> after) {

    /** These hooks as seen below {@code parent} (null: no parent hooks). */
    public Hooks under(Hooks parent) {
        if (parent == null) {
            return this;
        }
        return new Hooks(before != null ? before : parent.before, after != null ? after : parent.after);
    }

    /** Whether no hook would run. */
    public boolean isEmpty() {
        return (before == null || before.isEmpty()) && (after == null || after.isEmpty());
    }

    public List<Hook> beforeOrEmpty() {
        return before == null ? List.of() : before;
    }

    public List<Hook> afterOrEmpty() {
        return after == null ? List.of() : after;
    }
}
