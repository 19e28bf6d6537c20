package io.jetway.gateway.guardrails;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every check a hook may name, by id: Portkey's {@code plugins/default} as {@code default.<name>}
 * (one class per family), and Jetway's own {@code jetway.pii}.
 */
public final class Checks {

    private static final Map<String, CheckFunction> REGISTRY = registry();

    private Checks() {}

    private static Map<String, CheckFunction> registry() {
        Map<String, CheckFunction> registry = new TreeMap<>();
        TextChecks.register(registry);
        RequestChecks.register(registry);
        JsonChecks.register(registry);
        CodeChecks.register(registry);
        UrlChecks.register(registry);
        WebhookCheck.register(registry);
        JwtCheck.register(registry);
        AddPrefix.register(registry);
        PiiCheck.register(registry);
        return Collections.unmodifiableMap(registry);
    }

    /** The check with this id, or null. */
    public static CheckFunction find(String id) {
        return REGISTRY.get(id);
    }

    /** Every known id, sorted, for messages. */
    public static String known() {
        return String.join(", ", REGISTRY.keySet());
    }
}
