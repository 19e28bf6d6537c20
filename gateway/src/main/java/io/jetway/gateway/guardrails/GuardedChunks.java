package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.ForwardingChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * After-request hooks on a stream (beyond Portkey, which runs none on streams): the OpenAI-format
 * chunks are passed on as they come while the first choice's text accumulates.
 * <ul>
 *   <li>As it grows, the checks of denying hooks whose failure is final on a prefix
 *       ({@link CheckFunction#failureIsFinalOnPrefix}: a banned word, a maximum passed) are looked at
 *       (each time the text grew by an eighth, at least 16 characters, so the work stays near linear):
 *       a failure ends the stream at once with an SSE error event naming the hook and check, and no
 *       {@code [DONE]};</li>
 *   <li>at the end, every hook runs on the whole text: a denying failure ends the stream the same
 *       way; a non-denying one is reported in a last chunk with no choices and {@code hook_results}
 *       (a valid {@code chat.completion.chunk}, like OpenAI's usage chunk), before {@code [DONE]}.</li>
 * </ul>
 * Before-request results are sent first, as Portkey does, when strict OpenAI compliance is off.
 */
public final class GuardedChunks extends ForwardingChunkSource {

    private static final int MIN_STEP = 16;

    private final HookRunner runner;
    private final List<Hook> hooks;
    private final HookContext context;
    private final List<HookResult> before;
    private final Consumer<List<HookResult>> onEnd;
    private final boolean earlyChecks;
    private final StringBuilder text = new StringBuilder();
    private String pending;
    private int checkedAt;
    private boolean ended;
    private boolean done;
    private String id;
    private String model;
    private long created;

    public GuardedChunks(
            ChunkSource delegate,
            HookRunner runner,
            List<Hook> hooks,
            HookContext context,
            List<HookResult> before,
            boolean sendBefore,
            Consumer<List<HookResult>> onEnd) {
        super(delegate);
        this.runner = runner;
        this.hooks = hooks;
        this.context = context;
        this.before = before;
        this.onEnd = onEnd;
        this.earlyChecks = hooks.stream()
                .anyMatch(h -> h.deny()
                        && h.checks().stream().anyMatch(c -> c.function().failureIsFinalOnPrefix(c.parameters())));
        if (sendBefore && !before.isEmpty()) {
            ObjectNode first = Json.MAPPER.createObjectNode();
            ObjectNode results = first.putObject("hook_results");
            results.set(
                    "before_request_hooks",
                    HookResult.hookResults(before, List.of()).get("before_request_hooks"));
            pending = first.toString();
        }
    }

    @Override
    public String next() {
        if (pending != null) {
            String p = pending;
            pending = null;
            return p;
        }
        if (done) {
            return null;
        }
        String payload = delegate.next();
        if (payload == null) {
            return end();
        }
        if (!hooks.isEmpty()) {
            accumulate(payload);
            if (earlyChecks && text.length() - checkedAt >= Math.max(MIN_STEP, checkedAt / 8)) {
                checkedAt = text.length();
                earlyCheck();
            }
        }
        return payload;
    }

    private void accumulate(String payload) {
        JsonNode chunk;
        try {
            chunk = Json.MAPPER.readTree(payload);
        } catch (IOException notJson) {
            return;
        }
        if (chunk.path("id").isTextual()) {
            id = chunk.get("id").asText();
        }
        if (chunk.path("model").isTextual()) {
            model = chunk.get("model").asText();
        }
        if (chunk.path("created").canConvertToLong()) {
            created = chunk.get("created").asLong();
        }
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("index").asInt(0) == 0) {
                JsonNode content = choice.path("delta").get("content");
                if (content != null && content.isTextual()) {
                    text.append(content.asText());
                }
            }
        }
    }

    private void earlyCheck() {
        context.response(answer(), 200);
        List<Hook> denying = hooks.stream().filter(Hook::deny).toList();
        List<HookResult> results = runner.run(
                denying, Event.AFTER_REQUEST, context, c -> c.function().failureIsFinalOnPrefix(c.parameters()), false);
        if (HookRunner.denies(results)) {
            runner.count(Event.AFTER_REQUEST, results);
            done = true;
            onEnd.accept(results);
            throw streamDenied(results);
        }
    }

    private String end() {
        done = true;
        if (ended || hooks.isEmpty()) {
            onEnd.accept(List.of());
            return null;
        }
        ended = true;
        context.response(answer(), 200);
        List<HookResult> results = runner.run(hooks, Event.AFTER_REQUEST, context);
        onEnd.accept(results);
        if (HookRunner.denies(results)) {
            throw streamDenied(results);
        }
        if (!HookRunner.anyFailed(results) && !HookRunner.anyFailed(before)) {
            return null;
        }
        ObjectNode last = Json.MAPPER.createObjectNode();
        last.put("id", id == null ? "" : id);
        last.put("object", "chat.completion.chunk");
        last.put("created", created);
        last.put("model", model == null ? "" : model);
        last.putArray("choices");
        last.set("hook_results", HookResult.hookResults(before, results));
        return last.toString();
    }

    private GatewayException streamDenied(List<HookResult> results) {
        return Denials.denied(before, results, Denials.describe(before, results));
    }

    /** The text so far as a {@code chat.completion}, for checks that read the answer's JSON. */
    private ObjectNode answer() {
        ObjectNode a = Json.MAPPER.createObjectNode();
        a.put("id", id == null ? "" : id);
        a.put("object", "chat.completion");
        a.put("created", created);
        a.put("model", model == null ? "" : model);
        ObjectNode choice = a.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", text.toString());
        return a;
    }

    @Override
    public boolean ready() {
        return pending != null || (!done && delegate.ready());
    }
}
