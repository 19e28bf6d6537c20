package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.GatewayException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs hooks on a context, as Portkey's {@code HooksManager.executeEachHook}: each hook's checks in
 * order (so a check that rewrites the request, such as PII redaction, hands the next check the
 * rewritten one), the hook's verdict from its checks, {@code deny} when it fails and denies. A check
 * that throws (a bug) is Portkey's "Error executing check": verdict false, with an error; a
 * {@link GatewayException} (a 400 the caller must fix) is passed on.
 */
public final class HookRunner {

    private final Clock clock;
    private final GuardrailMetrics metrics;

    public HookRunner(Clock clock, GuardrailMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Runs every hook on {@code context} and counts the results. */
    public List<HookResult> run(List<Hook> hooks, Event event, HookContext context) {
        return run(hooks, event, context, c -> true, true);
    }

    /**
     * Runs the checks that {@code which} selects.
     *
     * @param count whether to count the results in the metrics (false for a stream's interim looks)
     */
    List<HookResult> run(
            List<Hook> hooks, Event event, HookContext context, Predicate<Hook.Check> which, boolean count) {
        List<HookResult> out = new ArrayList<>(hooks.size());
        for (Hook hook : hooks) {
            Instant hookStart = clock.instant();
            List<HookResult.CheckRun> runs = new ArrayList<>(hook.checks().size());
            boolean verdict = true;
            for (Hook.Check check : hook.checks()) {
                if (!which.test(check)) {
                    continue;
                }
                Instant start = clock.instant();
                CheckResult result;
                try {
                    result = check.function().run(context, event, check.parameters());
                } catch (GatewayException callersMistake) {
                    // A 400 the caller must fix (a webhook URL the SSRF guard refuses), not the check's error.
                    throw callersMistake;
                } catch (RuntimeException bug) {
                    result = CheckResult.error("Error executing check", null);
                }
                if (result.transformedRequest() != null && event == Event.BEFORE_REQUEST) {
                    context.request(result.transformedRequest());
                }
                HookResult.CheckRun run =
                        new HookResult.CheckRun(check, result, clock.millis() - start.toEpochMilli(), start);
                runs.add(run);
                verdict &= run.passes();
                if (count && metrics != null) {
                    metrics.check(event, check.id(), result);
                }
            }
            HookResult result = new HookResult(
                    hook,
                    verdict,
                    hook.deny() && !verdict,
                    List.copyOf(runs),
                    clock.millis() - hookStart.toEpochMilli(),
                    hookStart);
            if (count && metrics != null) {
                metrics.hook(event, result);
            }
            out.add(result);
        }
        return out;
    }

    /** Counts results of a run made with {@code count} false, once they decided something. */
    void count(Event event, List<HookResult> results) {
        if (metrics == null) {
            return;
        }
        for (HookResult r : results) {
            for (HookResult.CheckRun c : r.checks()) {
                metrics.check(event, c.check().id(), c.result());
            }
            metrics.hook(event, r);
        }
    }

    /** Whether any result denies. */
    public static boolean denies(List<HookResult> results) {
        for (HookResult r : results) {
            if (r.deny()) {
                return true;
            }
        }
        return false;
    }

    /** Whether any hook failed (denying or not). */
    public static boolean anyFailed(List<HookResult> results) {
        for (HookResult r : results) {
            if (!r.verdict()) {
                return true;
            }
        }
        return false;
    }

    /** The request as the checks left it, or null when none rewrote it. */
    public static ObjectNode transformed(List<HookResult> results) {
        ObjectNode last = null;
        for (HookResult r : results) {
            for (HookResult.CheckRun c : r.checks()) {
                if (c.result().transformedRequest() != null) {
                    last = c.result().transformedRequest();
                }
            }
        }
        return last;
    }
}
