package io.jetway.gateway.guardrails;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Guardrail counts in {@code /metrics}: {@code jetway_guardrail_checks_total{event, check, verdict}}
 * (verdict {@code pass}, {@code fail} or {@code error}) and {@code jetway_guardrail_hooks_total{event,
 * outcome}} (outcome {@code pass}, {@code fail} or {@code deny}). Labels come from the gateway's own
 * check ids and enums only, so their number is bounded.
 */
public final class GuardrailMetrics {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

    public GuardrailMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void check(Event event, String checkId, CheckResult result) {
        String verdict = result.verdict() ? "pass" : result.error() != null ? "error" : "fail";
        String e = label(event);
        counters.computeIfAbsent(
                        "c|" + e + "|" + checkId + "|" + verdict,
                        k -> Counter.builder("jetway.guardrail.checks")
                                .description("Guardrail checks run, by event, check id and verdict")
                                .tag("event", e)
                                .tag("check", checkId)
                                .tag("verdict", verdict)
                                .register(registry))
                .increment();
    }

    void hook(Event event, HookResult result) {
        String outcome = result.deny() ? "deny" : result.verdict() ? "pass" : "fail";
        String e = label(event);
        counters.computeIfAbsent(
                        "h|" + e + "|" + outcome,
                        k -> Counter.builder("jetway.guardrail.hooks")
                                .description("Guardrail hooks run, by event and outcome")
                                .tag("event", e)
                                .tag("outcome", outcome)
                                .register(registry))
                .increment();
    }

    private static String label(Event event) {
        return switch (event) {
            case BEFORE_REQUEST -> "before_request";
            case AFTER_REQUEST -> "after_request";
        };
    }
}
