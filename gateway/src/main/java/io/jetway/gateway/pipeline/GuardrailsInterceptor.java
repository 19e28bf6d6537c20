package io.jetway.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.guardrails.Denials;
import io.jetway.gateway.guardrails.Event;
import io.jetway.gateway.guardrails.GuardedChunks;
import io.jetway.gateway.guardrails.Hook;
import io.jetway.gateway.guardrails.HookContext;
import io.jetway.gateway.guardrails.HookResult;
import io.jetway.gateway.guardrails.HookRunner;
import io.jetway.gateway.guardrails.Hooks;
import io.jetway.gateway.guardrails.Outbound;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the current target's guardrail hooks ({@link Hooks}, attached to the exchange by routing),
 * with Portkey's results:
 * <ul>
 *   <li>before-request hooks on the request: a denying failure answers 446 with Portkey's body
 *       ({@code error.type: hooks_failed} and {@code hook_results}) and no upstream call; a check that
 *       rewrites the request (PII redaction) changes what the steps below send;</li>
 *   <li>after-request hooks on a whole answer: a denying failure is a 446 too; otherwise the answer
 *       carries {@code hook_results}, with status 246 when any hook failed;</li>
 *   <li>after-request hooks on a stream ({@link GuardedChunks}): evaluated as the text accumulates; a
 *       denying failure ends the stream with an SSE error event (no {@code [DONE]}), a non-denying
 *       one is reported in a last chunk.</li>
 * </ul>
 * A 446 is a {@link GatewayException}, so a fallback strategy moves on to its next target, as
 * Portkey's does for any non-2xx answer. Async hooks run after the answer and only count in the
 * metrics. Without hooks the interceptor costs one attachment lookup.
 */
public final class GuardrailsInterceptor implements Interceptor {

    /** Portkey's message of a 446. */
    static final String FAILED = Denials.FAILED;
    /** Log keys (request log metadata): {@code pass}, {@code fail} or {@code deny}; the failed hook/check ids. */
    public static final String LOG_VERDICT = "jetway.guardrails.verdict";

    public static final String LOG_FAILED = "jetway.guardrails.failed";

    private final HookRunner runner;
    private final Outbound outbound;

    public GuardrailsInterceptor(HookRunner runner, Outbound outbound) {
        this.runner = runner;
        this.outbound = outbound;
    }

    @Override
    public GatewayResponse intercept(Chain chain) {
        Exchange ex = chain.exchange();
        Hooks hooks = ex.attachment(Hooks.class);
        if (hooks == null || hooks.isEmpty()) {
            return chain.proceed();
        }
        if (ex.request().endpoint() == io.jetway.gateway.core.Endpoint.MESSAGES) {
            // The checks read and rewrite Chat Completions bodies and chunks; on Anthropic's Messages they
            // would misread the request and the answer. Refused rather than skipped: a config's guardrails
            // are never silently not applied.
            throw GatewayException.invalidRequest(
                    "The config's guardrails (before_request_hooks / "
                            + "after_request_hooks) are applied on /v1/chat/completions only, not yet on /v1/messages: "
                            + "use a config without hooks here.",
                    "x-portkey-config",
                    "guardrails_unsupported");
        }
        HookContext context = new HookContext(
                ex.request().mutableTree(), ex.metadata(), ex.target().provider(), ex.request().stream());
        context.outbound(outbound);
        context.requestHeaders(ex.headers().clientHeaders());
        List<HookResult> before = runner.run(sync(hooks.beforeOrEmpty()), Event.BEFORE_REQUEST, context);
        runAsync(hooks.beforeOrEmpty(), Event.BEFORE_REQUEST, context);
        if (HookRunner.denies(before)) {
            note(ex, before, List.of());
            throw denied(before, List.of(), null);
        }
        ObjectNode rewritten = HookRunner.transformed(before);
        if (rewritten != null) {
            ex.request(request(rewritten));
        }
        List<Hook> after = sync(hooks.afterOrEmpty());
        GatewayResponse answer = chain.proceed();
        return switch (answer) {
            case GatewayResponse.Complete c -> complete(ex, c, before, after, hooks, context);
            case GatewayResponse.Streaming s -> {
                boolean failed = HookRunner.anyFailed(before);
                note(ex, before, List.of());
                int status = failed && s.status() == 200 ? 246 : s.status();
                boolean sendBefore = !ex.target().strictOpenAiCompliance() && !before.isEmpty();
                if (after.isEmpty() && !sendBefore) {
                    yield status == s.status() ? s : new GatewayResponse.Streaming(status, s.headers(), s.chunks());
                }
                GuardedChunks guarded = new GuardedChunks(
                        s.chunks(), runner, after, context, before, sendBefore, results -> note(ex, before, results));
                yield new GatewayResponse.Streaming(status, s.headers(), guarded);
            }
        };
    }

    private GatewayResponse complete(
            Exchange ex,
            GatewayResponse.Complete c,
            List<HookResult> before,
            List<Hook> afterHooks,
            Hooks hooks,
            HookContext context) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(c.body());
        } catch (IOException unreadable) {
            note(ex, before, List.of());
            return c;
        }
        if (!(body instanceof ObjectNode answer)) {
            note(ex, before, List.of());
            return c;
        }
        // Portkey skips after-request hooks on an answer that is not a 200.
        List<HookResult> after = List.of();
        if (c.status() == 200) {
            context.response(answer, c.status());
            after = runner.run(afterHooks, Event.AFTER_REQUEST, context);
            runAsync(hooks.afterOrEmpty(), Event.AFTER_REQUEST, context);
        }
        note(ex, before, after);
        if (HookRunner.denies(after)) {
            throw denied(before, after, null);
        }
        if (before.isEmpty() && after.isEmpty()) {
            return c;
        }
        answer.set("hook_results", HookResult.hookResults(before, after));
        int status =
                c.status() == 200 && (HookRunner.anyFailed(before) || HookRunner.anyFailed(after)) ? 246 : c.status();
        try {
            return new GatewayResponse.Complete(status, c.headers(), Json.MAPPER.writeValueAsBytes(answer));
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    static GatewayException denied(List<HookResult> before, List<HookResult> after, String message) {
        return Denials.denied(before, after, message);
    }

    static String describe(List<HookResult> before, List<HookResult> after) {
        return Denials.describe(before, after);
    }

    private static void note(Exchange ex, List<HookResult> before, List<HookResult> after) {
        RequestLogNotes notes = ex.attachment(RequestLogNotes.class);
        if (notes == null) {
            notes = new RequestLogNotes();
            ex.attach(RequestLogNotes.class, notes);
        }
        boolean deny = HookRunner.denies(before) || HookRunner.denies(after);
        boolean fail = HookRunner.anyFailed(before) || HookRunner.anyFailed(after);
        notes.put(LOG_VERDICT, deny ? "deny" : fail ? "fail" : "pass");
        List<String> failed = new ArrayList<>();
        for (List<HookResult> results : List.of(before, after)) {
            for (HookResult r : results) {
                if (!r.verdict()) {
                    failed.add(r.hook().id() + ":" + r.failedChecks());
                }
            }
        }
        notes.put(LOG_FAILED, String.join("; ", failed));
    }

    private static List<Hook> sync(List<Hook> hooks) {
        if (hooks.stream().noneMatch(Hook::async)) {
            return hooks;
        }
        return hooks.stream().filter(h -> !h.async()).toList();
    }

    /** Async hooks (Portkey: not awaited, no effect on the answer): run on a virtual thread, for the metrics. */
    private void runAsync(List<Hook> hooks, Event event, HookContext context) {
        List<Hook> async = hooks.stream().filter(Hook::async).toList();
        if (!async.isEmpty()) {
            HookContext copy = context.copy();
            Thread.ofVirtual().name("jetway-async-hooks").start(() -> runner.run(async, event, copy));
        }
    }

    /** The rewritten body as the request below this step sends it. */
    static ChatRequest request(ObjectNode body) {
        try {
            byte[] raw = Json.MAPPER.writeValueAsBytes(body);
            return new ChatRequest(raw, Json.MAPPER.readValue(raw, CreateChatCompletionRequest.class));
        } catch (IOException e) {
            throw GatewayException.internal("a guardrail rewrote the request into one that cannot be read");
        }
    }
}
