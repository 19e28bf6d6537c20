package io.jetway.gateway.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.guardrails.Hooks;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Set;

/**
 * One node of a parsed config: a group of targets with a strategy, or a leaf naming a provider
 * (or virtual key). Settings are as written on this node; inheritance is applied when routing
 * ({@link Settings#under}).
 *
 * @param path   where the node sits, in Portkey's form ({@code config}, {@code config.targets[1]}),
 *               for errors and {@code x-portkey-last-used-option-index}
 * @param weight load-balancing weight (1 when unset)
 */
public record RouteNode(
        String path,
        String name,
        double weight,
        Strategy strategy,
        List<RouteNode> targets,
        String provider,
        String virtualKey,
        String apiKey,
        Settings settings) {

    public boolean isLeaf() {
        return strategy == null;
    }

    @Override
    public String toString() {
        return "RouteNode[" + path + (isLeaf() ? ", provider=" + provider : ", " + strategy.mode()) + "]";
    }

    /** How a group chooses among its targets. */
    public enum Mode {
        SINGLE,
        FALLBACK,
        LOADBALANCE,
        CONDITIONAL
    }

    /**
     * @param onStatusCodes fallback only on these statuses; null: on any failure
     * @param conditions    conditional mode: the first matching condition's target wins
     * @param defaultTarget conditional mode: the target when none matches (null: 400)
     */
    public record Strategy(Mode mode, Set<Integer> onStatusCodes, List<Condition> conditions, String defaultTarget) {}

    public record Condition(Query query, String then) {}

    /**
     * Retries of one target.
     *
     * @param attempts      retries after the first try (0 to 5)
     * @param onStatusCodes statuses worth retrying
     */
    public record Retry(int attempts, Set<Integer> onStatusCodes, boolean useRetryAfterHeader) {
        public static final Set<Integer> DEFAULT_STATUS_CODES = Set.of(429, 500, 502, 503, 504);
    }

    /**
     * Response caching ({@code cache: {mode, max_age}}). Only {@code simple} (exact match) exists;
     * {@code semantic} is refused by the parser until it is built.
     * https://portkey.ai/docs/product/ai-gateway/cache-simple-and-semantic
     *
     * @param maxAge how long an answer stays servable ({@code max_age}, seconds; Portkey's default 7 days)
     */
    public record Cache(Duration maxAge) {
        /** Portkey's default when {@code max_age} is absent: 7 days (604,800 s). */
        public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
        /** Portkey's documented maximum: 90 days (7,776,000 s); longer is refused, never clamped. */
        public static final Duration MAX_MAX_AGE = Duration.ofDays(90);
    }

    /**
     * Settings a node may carry, null when it does not set them.
     * Inheritance, as Portkey documents it: {@code retry} and {@code cache} are replaced by a child's,
     * {@code override_params} merged (the child's keys win), everything else inherited unless the child sets it
     * (guardrail hooks: before and after lists each, {@link Hooks#under}).
     */
    public record Settings(
            String customHost,
            ObjectNode overrideParams,
            Long requestTimeoutMs,
            List<String> forwardHeaders,
            Boolean strictOpenAiCompliance,
            EnumMap<ProviderOption, String> options,
            Retry retry,
            Cache cache,
            Hooks hooks) {

        public static final Settings NONE =
                new Settings(null, null, null, null, null, new EnumMap<>(ProviderOption.class), null, null, null);

        /** Settings without hooks. */
        public Settings(
                String customHost,
                ObjectNode overrideParams,
                Long requestTimeoutMs,
                List<String> forwardHeaders,
                Boolean strictOpenAiCompliance,
                EnumMap<ProviderOption, String> options,
                Retry retry,
                Cache cache) {
            this(
                    customHost,
                    overrideParams,
                    requestTimeoutMs,
                    forwardHeaders,
                    strictOpenAiCompliance,
                    options,
                    retry,
                    cache,
                    null);
        }

        /** These settings as seen below {@code parent}. */
        public Settings under(Settings parent) {
            ObjectNode overrides = parent.overrideParams;
            if (overrideParams != null) {
                overrides = parent.overrideParams == null ? overrideParams : parent.overrideParams.deepCopy();
                if (parent.overrideParams != null) {
                    overrides.setAll(overrideParams);
                }
            }
            EnumMap<ProviderOption, String> merged = new EnumMap<>(parent.options);
            merged.putAll(options);
            return new Settings(
                    customHost != null ? customHost : parent.customHost,
                    overrides,
                    requestTimeoutMs != null ? requestTimeoutMs : parent.requestTimeoutMs,
                    forwardHeaders != null ? forwardHeaders : parent.forwardHeaders,
                    strictOpenAiCompliance != null ? strictOpenAiCompliance : parent.strictOpenAiCompliance,
                    merged,
                    retry != null ? retry : parent.retry,
                    cache != null ? cache : parent.cache,
                    hooks != null ? hooks.under(parent.hooks) : parent.hooks);
        }
    }
}
