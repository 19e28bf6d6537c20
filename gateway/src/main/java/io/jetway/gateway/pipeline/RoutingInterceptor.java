package io.jetway.gateway.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.config.ConfigParser;
import io.jetway.gateway.config.RouteNode;
import io.jetway.gateway.core.Effects;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.core.HeaderValues;
import io.jetway.gateway.core.PortkeyHeaders;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.guardrails.Hooks;
import io.jetway.gateway.provider.ProviderRegistry;
import io.jetway.gateway.upstream.CustomHostPolicy;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides where the request goes and runs it there: the config's strategy tree (single, fallback,
 * loadbalance, conditional, nested to any depth) over provider targets, each target with its own
 * retries. Without a config the headers name one target.
 *
 * <p>Setting sources, outermost first: the request's headers, then each config level down to the
 * target (see {@link RouteNode.Settings#under}). A target's provider key comes from its
 * {@code api_key}, its virtual key, or the {@code Authorization} header — the header's key only for
 * a target of the header's provider (or the only target), so that a fallback to another provider
 * never receives a key meant for the first.
 *
 * <p>Stored credentials go only to the host stored with them ({@link #host}): a virtual key's to its
 * own {@code custom_host} (else the provider's default URL), a stored config's to the config's own
 * {@code custom_host}. A request that would send them to another host is a 400 before any I/O.
 *
 * <p>Response headers: {@code x-portkey-provider} (the target that answered or failed last),
 * {@code x-portkey-last-used-option-index} (its path, e.g. {@code config.targets[1]}, when a config
 * was used) and {@code x-portkey-retry-attempt-count} (retries made across the request).
 */
final class RoutingInterceptor implements Interceptor {

    /** Backoff: 250 ms doubling per retry, capped at 10 s, with jitter over the upper half. */
    static final Duration BASE_BACKOFF = Duration.ofMillis(250);

    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** Total time a request may spend waiting between retries (Portkey's cap). */
    static final Duration MAX_TOTAL_WAIT = Duration.ofSeconds(60);

    private static final Set<String> NEVER_FORWARD = Set.of(
            "host",
            "content-length",
            "transfer-encoding",
            "connection",
            "keep-alive",
            "upgrade",
            "te",
            "trailer",
            "proxy-authorization",
            "expect");

    private final ProviderRegistry providers;
    private final CustomHostPolicy customHosts;
    private final VirtualKeys virtualKeys;
    private final StoredConfigs storedConfigs;
    private final Effects effects;

    RoutingInterceptor(
            ProviderRegistry providers,
            CustomHostPolicy customHosts,
            VirtualKeys virtualKeys,
            StoredConfigs storedConfigs,
            Effects effects) {
        this.providers = providers;
        this.customHosts = customHosts;
        this.virtualKeys = virtualKeys;
        this.storedConfigs = storedConfigs;
        this.effects = effects;
    }

    RoutingInterceptor(
            ProviderRegistry providers, CustomHostPolicy customHosts, VirtualKeys virtualKeys, Effects effects) {
        this(providers, customHosts, virtualKeys, StoredConfigs.none(), effects);
    }

    @Override
    public GatewayResponse intercept(Chain chain) {
        Exchange ex = chain.exchange();
        PortkeyHeaders h = ex.headers();
        boolean withConfig = h.config() != null;
        RouteNode root = withConfig ? ConfigParser.parse(h.config(), storedConfigs::find) : headerTarget(h);
        // The parser's rule: a config that is not inline JSON is a stored config's id.
        String storedConfig =
                withConfig && !h.config().strip().startsWith("{") ? h.config().strip() : null;
        Run run = new Run(chain, ex, withConfig, storedConfig, root.isLeaf());
        try {
            return run.route(root, headerSettings(h));
        } finally {
            if (withConfig) {
                ex.responseHeaders().put("x-portkey-retry-attempt-count", Integer.toString(run.retries));
            }
        }
    }

    /** Without a config: one target, named by the headers. */
    private static RouteNode headerTarget(PortkeyHeaders h) {
        String provider = h.provider() == null ? null : h.provider().strip().toLowerCase(Locale.ROOT);
        return new RouteNode(
                "config",
                null,
                1,
                null,
                List.of(),
                provider == null || provider.isEmpty() ? null : provider,
                h.virtualKey(),
                null,
                RouteNode.Settings.NONE);
    }

    /**
     * The headers as the outermost settings layer; all but {@code x-portkey-custom-host}, which
     * {@link Run#target} weighs itself, since who chose a host decides where credentials may go.
     */
    private static RouteNode.Settings headerSettings(PortkeyHeaders h) {
        return new RouteNode.Settings(
                null,
                null,
                h.requestTimeoutMs(),
                h.forwardHeaders(),
                h.strictOpenAiCompliance(),
                new EnumMap<>(h.options()),
                null,
                null);
    }

    /**
     * Where a target's call goes (null: the provider's default base URL), given its credentials.
     * Stored credentials go only to the host stored with them:
     * <ul>
     *   <li>a virtual key's secrets (its API key and secret options) to the key's own
     *       {@code custom_host}, else the provider's default. Any other host — the header's, an
     *       inline config's, even a stored config's — is a 400, unless the key's admin-set
     *       {@code allow_caller_custom_host} lets the request choose;</li>
     *   <li>a stored config's secrets ({@code api_key}, secret options; the admin API refuses them,
     *       but a config may predate that check) to the config's own {@code custom_host}, else the
     *       provider's default: the header's host is a 400.</li>
     * </ul>
     * The caller's own credentials (headers, inline config) go wherever the caller says.
     *
     * @param configHost         the config's {@code custom_host} as inherited down to the target (wins over the header's)
     * @param headerHost         {@code x-portkey-custom-host}, or null
     * @param storedConfigSecret whether the target carries a credential written in a stored config
     */
    static String host(
            VirtualKeys.VirtualKey vk,
            String storedConfig,
            boolean storedConfigSecret,
            String configHost,
            String headerHost) {
        String asked = configHost != null ? configHost : headerHost;
        String param = configHost != null ? "x-portkey-config" : "x-portkey-custom-host";
        String by = configHost == null
                ? "x-portkey-custom-host"
                : storedConfig != null
                        ? "the custom_host of stored config '" + storedConfig + "'"
                        : "the config's custom_host";
        if (vk != null) {
            if (asked == null) {
                return vk.customHost();
            }
            if (!vk.allowCallerCustomHost() && !asked.strip().equals(vk.customHost())) {
                throw GatewayException.invalidRequest(
                        "Virtual key '" + vk.id() + "' sends its stored credentials "
                                + "only to "
                                + (vk.customHost() == null ? "the provider's default URL" : "its own custom_host")
                                + ", not to the host named by " + by
                                + ": leave that out (without a virtual key, a caller's "
                                + "own provider key may go to any allowed host), or have an admin set "
                                + "allow_caller_custom_host on the virtual key.",
                        param);
            }
        }
        if (storedConfigSecret && configHost == null && headerHost != null) {
            throw GatewayException.invalidRequest(
                    "Stored config '" + storedConfig + "' holds stored credentials, which "
                            + "go only to its own custom_host or the provider's default URL, not to the host named by "
                            + "x-portkey-custom-host: leave that header out (allow_caller_custom_host exists for virtual "
                            + "keys only).",
                    "x-portkey-custom-host");
        }
        return asked;
    }

    /** Whether a stored config put a credential in the target: its api_key or a secret option the headers did not send. */
    private static boolean storedConfigSecret(
            String storedConfig, RouteNode leaf, RouteNode.Settings settings, PortkeyHeaders h) {
        if (storedConfig == null) {
            return false;
        }
        if (leaf.apiKey() != null) {
            return true;
        }
        for (Map.Entry<ProviderOption, String> o : settings.options().entrySet()) {
            if (o.getKey().secret() && !o.getValue().equals(h.options().get(o.getKey()))) {
                return true;
            }
        }
        return false;
    }

    /** One request's walk through the tree. */
    private final class Run {
        private final Chain chain;
        private final Exchange ex;
        private final boolean withConfig;
        /** The stored config's id; null without one. */
        private final String storedConfig;

        private final boolean singleTarget;
        private int retries;
        private Duration waited = Duration.ZERO;

        Run(Chain chain, Exchange ex, boolean withConfig, String storedConfig, boolean singleTarget) {
            this.chain = chain;
            this.ex = ex;
            this.withConfig = withConfig;
            this.storedConfig = storedConfig;
            this.singleTarget = singleTarget;
        }

        GatewayResponse route(RouteNode node, RouteNode.Settings parent) {
            RouteNode.Settings settings = node.settings().under(parent);
            if (node.isLeaf()) {
                return attempt(node, settings);
            }
            List<RouteNode> targets = node.targets();
            return switch (node.strategy().mode()) {
                case SINGLE -> route(targets.getFirst(), settings);
                case LOADBALANCE -> route(pickWeighted(targets), settings);
                case CONDITIONAL -> route(pickConditional(node), settings);
                case FALLBACK -> {
                    GatewayException last = null;
                    for (RouteNode target : targets) {
                        try {
                            yield route(target, settings);
                        } catch (GatewayException e) {
                            last = e;
                            Set<Integer> on = node.strategy().onStatusCodes();
                            if (on != null && !on.contains(e.status())) {
                                throw e;
                            }
                        }
                    }
                    throw last;
                }
            };
        }

        private RouteNode pickWeighted(List<RouteNode> targets) {
            double total = 0;
            for (RouteNode t : targets) {
                total += t.weight();
            }
            double point = effects.random().nextDouble() * total;
            for (RouteNode t : targets) {
                point -= t.weight();
                if (point < 0) {
                    return t;
                }
            }
            // Rounding at the top end: the last target with a positive weight.
            for (int i = targets.size() - 1; ; i--) {
                if (targets.get(i).weight() > 0) {
                    return targets.get(i);
                }
            }
        }

        private RouteNode pickConditional(RouteNode node) {
            for (RouteNode.Condition c : node.strategy().conditions()) {
                if (c.query().matches(ex::field)) {
                    return named(node, c.then());
                }
            }
            if (node.strategy().defaultTarget() != null) {
                return named(node, node.strategy().defaultTarget());
            }
            throw GatewayException.invalidRequest(
                    "No condition of " + node.path() + ".strategy matched this request and there is no default target.",
                    "x-portkey-config");
        }

        private RouteNode named(RouteNode node, String name) {
            for (RouteNode t : node.targets()) {
                if (name.equals(t.name())) {
                    return t;
                }
            }
            throw new IllegalStateException("the parser checked that " + name + " names a target");
        }

        /** One target, with its retries. */
        private GatewayResponse attempt(RouteNode leaf, RouteNode.Settings settings) {
            Target target = target(leaf, settings);
            ex.target(target);
            ex.cache(settings.cache());
            if (settings.hooks() != null || ex.attachment(Hooks.class) != null) {
                // Set on every target (a fallback's next target may have none); without hooks, nothing is stored.
                ex.attach(Hooks.class, settings.hooks());
            }
            ex.responseHeaders().put("x-portkey-provider", target.provider());
            if (withConfig) {
                ex.responseHeaders().put("x-portkey-last-used-option-index", leaf.path());
            }
            RouteNode.Retry retry = settings.retry();
            for (int attempt = 0; ; attempt++) {
                try {
                    return chain.proceed();
                } catch (GatewayException e) {
                    TargetRefusal refused = ex.attachment(TargetRefusal.class);
                    if (refused != null && refused.refusal() == e) {
                        throw e; // refused by the gateway itself (TargetRefusal): a retry would be refused again
                    }
                    if (retry == null
                            || attempt >= retry.attempts()
                            || !retry.onStatusCodes().contains(e.status())) {
                        throw e;
                    }
                    Duration delay = delay(attempt, e, retry);
                    if (delay == null || waited.plus(delay).compareTo(MAX_TOTAL_WAIT) > 0) {
                        throw e;
                    }
                    sleep(delay, e);
                    waited = waited.plus(delay);
                    retries++;
                }
            }
        }

        private void sleep(Duration delay, GatewayException cause) {
            try {
                effects.sleeper().sleep(delay);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw cause;
            }
        }

        /** The wait before retry {@code attempt + 1}; null when the provider asks for more than the cap. */
        private Duration delay(int attempt, GatewayException e, RouteNode.Retry retry) {
            if (retry.useRetryAfterHeader()) {
                Duration asked = retryAfter(e.headers());
                if (asked != null) {
                    return asked.compareTo(MAX_TOTAL_WAIT) > 0 ? null : asked;
                }
            }
            long ceiling = Math.min(MAX_BACKOFF.toMillis(), BASE_BACKOFF.toMillis() << Math.min(attempt, 20));
            long jittered = ceiling / 2 + (long) (effects.random().nextDouble() * (ceiling / 2.0));
            return Duration.ofMillis(jittered);
        }

        private Duration retryAfter(Map<String, String> headers) {
            for (String name : new String[] {"retry-after-ms", "x-ms-retry-after-ms"}) {
                String v = headers.get(name);
                if (v != null) {
                    try {
                        return Duration.ofMillis((long) Math.ceil(Double.parseDouble(v.strip())));
                    } catch (NumberFormatException ignored) {
                        // fall through to the next header
                    }
                }
            }
            String v = headers.get("retry-after");
            if (v == null) {
                return null;
            }
            try {
                return Duration.ofSeconds(Long.parseLong(v.strip()));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration d = Duration.between(effects.clock().instant(), at.toInstant());
                    return d.isNegative() ? Duration.ZERO : d;
                } catch (RuntimeException unreadable) {
                    return null;
                }
            }
        }

        /** A leaf and its inherited settings, made concrete. */
        private Target target(RouteNode leaf, RouteNode.Settings settings) {
            PortkeyHeaders h = ex.headers();
            String provider = leaf.provider();
            String apiKey = leaf.apiKey();
            EnumMap<ProviderOption, String> options = new EnumMap<>(settings.options());
            String param = withConfig ? "x-portkey-config" : "x-portkey-provider";
            VirtualKeys.VirtualKey vk = null;
            if (leaf.virtualKey() != null) {
                vk = virtualKeys.find(leaf.virtualKey()).orElseThrow(() -> unknownVirtualKey(leaf));
                provider = vk.provider();
                apiKey = apiKey != null ? apiKey : vk.apiKey();
                EnumMap<ProviderOption, String> merged = new EnumMap<>(vk.options());
                merged.putAll(leaf.settings().options());
                options.putAll(merged);
            }
            if (provider == null && withConfig && singleTarget && h.provider() != null) {
                provider = h.provider().strip().toLowerCase(Locale.ROOT);
            }
            if (provider == null) {
                throw GatewayException.invalidRequest(
                        withConfig
                                ? "The config names no provider for " + leaf.path()
                                        + ": set \"provider\" or \"virtual_key\"."
                                : "No provider chosen: send x-portkey-provider (e.g. openai) with Authorization: Bearer "
                                        + "<provider key>, or an x-portkey-config.",
                        param);
            }
            providers.get(provider, param);
            if (apiKey == null
                    && leaf.virtualKey() == null
                    && (singleTarget
                            || provider.equalsIgnoreCase(
                                    String.valueOf(h.provider()).strip()))) {
                apiKey = h.providerKey();
            }
            String headerHost = h.customHost() == null || h.customHost().isBlank() ? null : h.customHost();
            String customHost = host(
                    vk,
                    storedConfig,
                    storedConfigSecret(storedConfig, leaf, settings, h),
                    settings.customHost(),
                    headerHost);
            URI host = null;
            if (customHost != null) {
                host = customHosts.check(
                        customHost,
                        settings.customHost() != null
                                ? "x-portkey-config"
                                : headerHost != null
                                        ? "x-portkey-custom-host"
                                        : withConfig ? "x-portkey-config" : "x-portkey-virtual-key");
            }
            Map<String, String> forwarded = forwarded(settings.forwardHeaders(), h);
            ObjectNode overrides = settings.overrideParams();
            Long timeout = settings.requestTimeoutMs();
            return new Target(
                    provider,
                    apiKey,
                    host,
                    overrides,
                    options,
                    timeout == null ? null : Duration.ofMillis(timeout),
                    forwarded,
                    settings.strictOpenAiCompliance() == null || settings.strictOpenAiCompliance(),
                    vk == null ? null : vk.id());
        }

        /**
         * 400 {@code virtual_key_not_found}, saying where the id came from: the header, an inline
         * config's target, or a stored config (named, with the target's path inside it). The admin
         * API refuses to save a config naming a missing key, so there it was deleted later.
         */
        private GatewayException unknownVirtualKey(RouteNode leaf) {
            String id = leaf.virtualKey();
            String message;
            if (!withConfig) {
                message = "Unknown virtual key '" + id + "' in x-portkey-virtual-key: no virtual key has that id.";
            } else if (storedConfig != null) {
                String inConfig =
                        leaf.path().startsWith("config.") ? leaf.path().substring("config.".length()) : null;
                message = "Unknown virtual key '" + id + "' in stored config '" + storedConfig + "'"
                        + (inConfig == null ? "" : " at " + inConfig) + ": no virtual key has that id any more; "
                        + "create it again (POST /v1/admin/virtual-keys) or change the config (PATCH "
                        + "/v1/admin/configs/" + storedConfig + ").";
            } else {
                message = "Unknown virtual key '" + id + "' at " + leaf.path() + " of x-portkey-config: no virtual "
                        + "key has that id.";
            }
            return GatewayException.invalidRequest(
                    message, withConfig ? "x-portkey-config" : "x-portkey-virtual-key", "virtual_key_not_found");
        }

        private Map<String, String> forwarded(List<String> names, PortkeyHeaders h) {
            if (names == null || names.isEmpty()) {
                return Map.of();
            }
            Map<String, String> out = new LinkedHashMap<>();
            List<String> refused = new ArrayList<>();
            String param = h.forwardHeaders() == names ? "x-portkey-forward-headers" : "x-portkey-config";
            for (String name : names) {
                String lower = name.strip().toLowerCase(Locale.ROOT);
                if (lower.startsWith("x-portkey-") || NEVER_FORWARD.contains(lower) || !HeaderValues.isToken(lower)) {
                    refused.add(name);
                    continue;
                }
                String value = h.clientHeaders().apply(lower);
                if (value != null) {
                    // Checked here, not by the upstream client: the caller's 400, not a provider's 502.
                    String problem = HeaderValues.problem(value);
                    if (problem != null) {
                        throw GatewayException.invalidRequest(
                                "The value of header " + lower + ", to be forwarded by " + param
                                        + ", cannot be sent upstream: it " + problem + ".",
                                param);
                    }
                    out.put(lower, value);
                }
            }
            if (!refused.isEmpty()) {
                throw GatewayException.invalidRequest(
                        "These headers cannot be forwarded upstream: " + String.join(", ", refused) + ".", param);
            }
            return out;
        }
    }
}
