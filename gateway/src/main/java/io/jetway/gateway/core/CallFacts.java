package io.jetway.gateway.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * What one answer turned out to be, as the provider's translation read it (typed, never scanned
 * from JSON text): the answer's id, the model that answered, each choice's finish reason in
 * OpenAI's terms, and the tokens used. For a stream these are known once the stream has ended.
 * Usage, cost, limits and observability read these.
 *
 * @param id            the answer's id; null when unknown
 * @param model         the model that answered (the provider's report, else the model called); null when unknown
 * @param finishReasons OpenAI's finish reason per choice index ({@code stop}, {@code length},
 *                      {@code tool_calls} …; null for a choice that did not finish)
 * @param usage         the tokens used, as the provider reported them; null when it reported none
 */
public record CallFacts(String id, String model, List<String> finishReasons, TokenUsage usage) {

    /** Nothing known: a cached answer, or one no provider translation read. */
    public static final CallFacts UNKNOWN = new CallFacts(null, null, List.of(), null);

    public CallFacts {
        finishReasons = Collections.unmodifiableList(new ArrayList<>(finishReasons));
    }

    /**
     * The facts of the calls that together made one answer (OpenAI's {@code n} on a provider that
     * answers one choice per call): the first call's id and model, each call's finish reason as one
     * choice, the usage summed (null when no call reported any; estimated when some did not).
     */
    public static CallFacts merged(List<CallFacts> calls) {
        if (calls.size() == 1) {
            return calls.getFirst();
        }
        List<String> reasons = new ArrayList<>(calls.size());
        long in = 0, cached = 0, write = 0, out = 0, reasoning = 0;
        boolean any = false, missing = false, estimated = false;
        for (CallFacts c : calls) {
            reasons.add(c.finishReasons().isEmpty() ? null : c.finishReasons().getFirst());
            TokenUsage u = c.usage();
            if (u == null) {
                missing = true;
                continue;
            }
            any = true;
            estimated |= u.estimated();
            in += u.inputTokens();
            cached += u.cachedInputTokens();
            write += u.cacheWriteTokens();
            out += u.outputTokens();
            reasoning += u.reasoningTokens();
        }
        CallFacts first = calls.isEmpty() ? UNKNOWN : calls.getFirst();
        TokenUsage usage = any ? new TokenUsage(in, cached, write, out, reasoning, estimated || missing) : null;
        return new CallFacts(first.id(), first.model(), reasons, usage);
    }

    /**
     * Collects one upstream call's facts as its translation meets them. Written by the thread that
     * maps the answer or pulls the stream, read after the answer or the stream's end.
     */
    public static final class Recorder implements Supplier<CallFacts> {
        private String id;
        private String model;
        private final List<String> finishReasons = new ArrayList<>(1);
        private TokenUsage usage;

        /** The answer's id and model; the first report wins (a stream repeats them on every chunk). */
        public void identity(String id, String model) {
            if (this.id == null) {
                this.id = id;
            }
            if (this.model == null) {
                this.model = model;
            }
        }

        /** Choice {@code choice} finished for {@code reason} (OpenAI's wire name). */
        public void finished(int choice, String reason) {
            while (finishReasons.size() <= choice) {
                finishReasons.add(null);
            }
            finishReasons.set(choice, reason);
        }

        /** The usage the provider reported; a later report replaces an earlier one (they are running totals). */
        public void usage(TokenUsage usage) {
            this.usage = usage;
        }

        /** What is known so far. */
        public CallFacts facts() {
            return new CallFacts(id, model, finishReasons, usage);
        }

        @Override
        public CallFacts get() {
            return facts();
        }
    }
}
