package io.jetway.gateway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.CallerRegex;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.HeaderValues;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.guardrails.HookParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Parses an inline {@code x-portkey-config} into a {@link RouteNode} tree. Problems are collected,
 * not thrown one at a time: the 400 lists every one with its path. Unknown keys are problems too
 * (a typo must not be silently ignored); features this version does not run (the {@code semantic}
 * cache mode) are refused with a message saying so. Guardrail hooks are read by {@link HookParser}.
 * https://portkey.ai/docs/api-reference/config-object
 */
public final class ConfigParser {

    private static final Set<String> NODE_KEYS = Set.of(
            "strategy",
            "targets",
            "provider",
            "api_key",
            "virtual_key",
            "custom_host",
            "override_params",
            "request_timeout",
            "forward_headers",
            "strict_open_ai_compliance",
            "name",
            "weight",
            "retry",
            "cache",
            "before_request_hooks",
            "after_request_hooks",
            "input_guardrails",
            "output_guardrails");
    private static final int MAX_DEPTH = 16;

    private ConfigParser() {}

    /** Parses an inline config (no stored configs); throws a 400 listing every problem. */
    public static RouteNode parse(String header) {
        return parse(header, id -> Optional.empty());
    }

    /**
     * Parses the header value: inline JSON (it starts with <code>{</code>), or else the id of a
     * stored config, looked up with {@code storedConfigs}. Throws a 400 listing every problem, or
     * naming the id that no stored config has.
     */
    public static RouteNode parse(String header, Function<String, Optional<String>> storedConfigs) {
        String text = header.strip();
        if (!text.startsWith("{")) {
            if (text.isEmpty()) {
                throw GatewayException.invalidRequest(
                        "x-portkey-config is empty: send a config as inline JSON or " + "the id of a stored config.",
                        "x-portkey-config");
            }
            // Quoted only when it reads as a stored config's id: a mangled config (a JSON array, an object
            // missing its brace) may hold a key, and the message reaches the request log.
            String stored = storedConfigs
                    .apply(text)
                    .orElseThrow(() -> GatewayException.invalidRequest(
                            "x-portkey-config " + (isConfigId(text) ? "'" + text + "' " : "")
                                    + "is not inline JSON, and no " + "stored config has that id.",
                            "x-portkey-config",
                            "config_not_found"));
            return parseJson(stored, "stored config '" + text + "'");
        }
        return parseJson(text, "x-portkey-config");
    }

    private static RouteNode parseJson(String text, String what) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw GatewayException.invalidRequest(
                    what + " is not valid JSON" + syntaxError(e) + ".", "x-portkey-config");
        }
        if (!(root instanceof ObjectNode obj)) {
            throw GatewayException.invalidRequest(what + " must be a JSON object.", "x-portkey-config");
        }
        List<String> problems = new ArrayList<>();
        RouteNode node = node(obj, "config", 0, true, problems);
        if (!problems.isEmpty()) {
            throw GatewayException.invalidRequest(
                    "Invalid " + what + ": " + String.join("; ", problems) + ".", "x-portkey-config");
        }
        return node;
    }

    /** The admin API's syntax of stored config ids: {@code [A-Za-z0-9][A-Za-z0-9._-]{0,127}}. */
    private static boolean isConfigId(String s) {
        if (s.isEmpty() || s.length() > 128 || "._-".indexOf(s.charAt(0)) >= 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '.'
                    || c == '_'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where the JSON breaks and what was expected there, in words of our own: the parser's message
     * quotes the token it stopped at, which may be the leading part of a key
     * ({@code "api_key": sk_live_…} without quotes).
     */
    static String syntaxError(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where =
                at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String original = String.valueOf(e.getOriginalMessage());
        String what;
        if (e instanceof JsonEOFException) {
            what = "it ends before the JSON is complete (an unclosed string, object or array)";
        } else if (e instanceof StreamConstraintsException) {
            what = "it nests too deeply or holds a value too long";
        } else if (e instanceof MismatchedInputException) {
            what = "there is more text after the closing } of the config";
        } else if (original.contains("(JSON String, Number, Array, Object or token 'null', 'true' or 'false')")) {
            what = "expected a value (a string in double quotes, a number, an object, an array, true, false or null)";
        } else if (original.contains("double-quote to start field name")) {
            what = "expected a field name in double quotes";
        } else if (original.contains("comma to separate Object entries")) {
            what = "expected a comma or } after a value";
        } else if (original.contains("comma to separate Array entries")) {
            what = "expected a comma or ] after an array element";
        } else if (original.contains("colon to separate field name and value")) {
            what = "expected a colon after a field name";
        } else if (original.startsWith("Unexpected close marker")) {
            what = "a } or ] that closes nothing";
        } else if (original.startsWith("Illegal unquoted character")) {
            what = "a control character inside a string must be escaped";
        } else if (original.startsWith("Unrecognized character escape")) {
            what = "an invalid escape sequence inside a string";
        } else {
            what = "the text is not well-formed JSON there";
        }
        return where + ": " + what;
    }

    /**
     * Every problem of a config object, each with its path (e.g. {@code config.targets[1].weight
     * must be a number ≥ 0}); empty when the config is valid. For checking configs before they are stored.
     */
    public static List<String> problems(JsonNode config) {
        if (!(config instanceof ObjectNode obj)) {
            return List.of("config must be a JSON object");
        }
        List<String> problems = new ArrayList<>();
        node(obj, "config", 0, true, problems);
        return List.copyOf(problems);
    }

    private static RouteNode node(ObjectNode t, String path, int depth, boolean root, List<String> problems) {
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = t.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            ProviderOption option = ProviderOption.byConfigKey(key);
            if (option != null) {
                if (field.getValue().isTextual()) {
                    options.put(option, field.getValue().asText());
                    if (option.sentUpstreamAsText()) {
                        headerSafe(field.getValue().asText(), path + "." + key, problems);
                    }
                } else {
                    problems.add(path + "." + key + " must be a string");
                }
            } else if (!NODE_KEYS.contains(key)) {
                problems.add(path + "." + key + " is not a known config key");
            }
        }
        String provider = text(t, "provider", path, problems);
        if (provider != null) {
            provider = provider.toLowerCase(Locale.ROOT);
        }
        String virtualKey = text(t, "virtual_key", path, problems);
        String apiKey = text(t, "api_key", path, problems);
        if (apiKey != null) {
            headerSafe(apiKey, path + ".api_key", problems);
        }
        String name = text(t, "name", path, problems);
        double weight = 1;
        JsonNode w = t.get("weight");
        if (w != null) {
            if (w.isNumber() && w.asDouble() >= 0) {
                weight = w.asDouble();
            } else {
                problems.add(path + ".weight must be a number ≥ 0");
            }
        }
        RouteNode.Settings settings = settings(t, path, options, problems);

        JsonNode targets = t.get("targets");
        JsonNode strategy = t.get("strategy");
        if (targets == null && strategy == null) {
            if (provider == null && virtualKey == null && !root) {
                problems.add(path + " needs a provider or a virtual_key");
            }
            if (provider != null && virtualKey != null) {
                problems.add(path + " sets both provider and virtual_key; use one");
            }
            return new RouteNode(path, name, weight, null, List.of(), provider, virtualKey, apiKey, settings);
        }
        if (provider != null || virtualKey != null || apiKey != null) {
            problems.add(path + " has targets, so it cannot also name a provider, virtual_key or api_key");
        }
        if (depth >= MAX_DEPTH) {
            problems.add(path + " nests deeper than " + MAX_DEPTH + " levels");
            return null;
        }
        List<RouteNode> children = new ArrayList<>();
        if (targets == null || !targets.isArray() || targets.isEmpty()) {
            problems.add(path + ".targets must be a non-empty array of targets");
        } else {
            for (int i = 0; i < targets.size(); i++) {
                JsonNode child = targets.get(i);
                String childPath = path + ".targets[" + i + "]";
                if (child instanceof ObjectNode c) {
                    RouteNode parsed = node(c, childPath, depth + 1, false, problems);
                    if (parsed != null) {
                        children.add(parsed);
                    }
                } else {
                    problems.add(childPath + " must be an object");
                }
            }
        }
        RouteNode.Strategy parsedStrategy = strategy(strategy, path, children, problems);
        return new RouteNode(path, name, weight, parsedStrategy, List.copyOf(children), null, null, null, settings);
    }

    private static RouteNode.Strategy strategy(
            JsonNode s, String path, List<RouteNode> children, List<String> problems) {
        String where = path + ".strategy";
        if (s == null || !s.isObject() || !s.path("mode").isTextual()) {
            problems.add(where + " must be an object with a `mode` (single, fallback, loadbalance or conditional)");
            return new RouteNode.Strategy(RouteNode.Mode.SINGLE, null, List.of(), null);
        }
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!Set.of("mode", "on_status_codes", "conditions", "default").contains(key)) {
                problems.add(where + "." + key + " is not a known strategy key");
            }
        }
        String modeText = s.get("mode").asText();
        RouteNode.Mode mode = switch (modeText) {
            case "single" -> RouteNode.Mode.SINGLE;
            case "fallback" -> RouteNode.Mode.FALLBACK;
            case "loadbalance" -> RouteNode.Mode.LOADBALANCE;
            case "conditional" -> RouteNode.Mode.CONDITIONAL;
            default -> {
                problems.add(where + ".mode '" + modeText
                        + "' is unknown; expected single, fallback, loadbalance or conditional");
                yield RouteNode.Mode.SINGLE;
            }
        };
        Set<Integer> onStatus = statusCodes(s.get("on_status_codes"), where + ".on_status_codes", problems);
        List<RouteNode.Condition> conditions = new ArrayList<>();
        String defaultTarget = null;
        Set<String> names = new HashSet<>();
        for (RouteNode c : children) {
            if (c.name() != null && !names.add(c.name())) {
                problems.add(path + " has two targets named '" + c.name() + "'");
            }
        }
        switch (mode) {
            case SINGLE -> {
                if (children.size() > 1) {
                    problems.add(
                            path + ".targets has " + children.size() + " targets; mode 'single' takes exactly one");
                }
            }
            case FALLBACK -> {}
            case LOADBALANCE -> {
                if (!children.isEmpty() && children.stream().allMatch(c -> c.weight() == 0)) {
                    problems.add(path + ".targets all have weight 0; at least one must be positive");
                }
            }
            case CONDITIONAL -> {
                JsonNode cs = s.get("conditions");
                if (cs == null || !cs.isArray() || cs.isEmpty()) {
                    problems.add(where + ".conditions must be a non-empty array of {query, then}");
                } else {
                    for (int i = 0; i < cs.size(); i++) {
                        String cp = where + ".conditions[" + i + "]";
                        JsonNode c = cs.get(i);
                        String then = c.path("then").isTextual() ? c.get("then").asText() : null;
                        if (then == null) {
                            problems.add(cp + ".then must name a target");
                        } else if (!names.contains(then)) {
                            problems.add(cp + ".then '" + then + "' names no target of " + path);
                        }
                        Query q = c.get("query") instanceof ObjectNode qo ? query(qo, cp + ".query", problems) : null;
                        if (q == null && !(c.get("query") instanceof ObjectNode)) {
                            problems.add(cp + ".query must be an object");
                        }
                        if (q != null && then != null) {
                            conditions.add(new RouteNode.Condition(q, then));
                        }
                    }
                }
                JsonNode d = s.get("default");
                if (d != null) {
                    if (!d.isTextual() || !names.contains(d.asText())) {
                        problems.add(where + ".default must name a target of " + path);
                    } else {
                        defaultTarget = d.asText();
                    }
                }
            }
        }
        return new RouteNode.Strategy(mode, onStatus, List.copyOf(conditions), defaultTarget);
    }

    private static Query query(ObjectNode q, String path, List<String> problems) {
        List<Query> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = q.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            if (key.equals("$and") || key.equals("$or")) {
                if (!v.isArray() || v.isEmpty()) {
                    problems.add(path + "." + key + " must be a non-empty array of queries");
                    continue;
                }
                List<Query> subs = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) {
                    if (v.get(i) instanceof ObjectNode sub) {
                        Query parsed = query(sub, path + "." + key + "[" + i + "]", problems);
                        if (parsed != null) {
                            subs.add(parsed);
                        }
                    } else {
                        problems.add(path + "." + key + "[" + i + "] must be an object");
                    }
                }
                parts.add(key.equals("$and") ? new Query.All(subs) : new Query.Any(subs));
            } else if (key.startsWith("$")) {
                problems.add(path + "." + key + " is not a known operator here (only $and and $or combine queries)");
            } else if (!key.startsWith("metadata.") && !key.startsWith("params.")) {
                problems.add(path + "." + key + ": fields are metadata.<key> or params.<field>");
            } else if (v instanceof ObjectNode ops
                    && ops.size() > 0
                    && ops.fieldNames().next().startsWith("$")) {
                for (Iterator<Map.Entry<String, JsonNode>> o = ops.properties().iterator(); o.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = o.next();
                    Query field =
                            field(key, op.getKey(), op.getValue(), path + "." + key + "." + op.getKey(), problems);
                    if (field != null) {
                        parts.add(field);
                    }
                }
            } else {
                parts.add(new Query.Field(key, Query.Op.EQ, v, null));
            }
        }
        return parts.size() == 1 ? parts.getFirst() : new Query.All(parts);
    }

    private static Query field(String key, String op, JsonNode operand, String path, List<String> problems) {
        Query.Op parsed = switch (op) {
            case "$eq" -> Query.Op.EQ;
            case "$ne" -> Query.Op.NE;
            case "$gt" -> Query.Op.GT;
            case "$gte" -> Query.Op.GTE;
            case "$lt" -> Query.Op.LT;
            case "$lte" -> Query.Op.LTE;
            case "$in" -> Query.Op.IN;
            case "$nin" -> Query.Op.NIN;
            case "$regex" -> Query.Op.REGEX;
            default -> null;
        };
        if (parsed == null) {
            problems.add(path + " is not an operator; use $eq $ne $gt $gte $lt $lte $in $nin $regex");
            return null;
        }
        CallerRegex regex = null;
        switch (parsed) {
            case IN, NIN -> {
                if (!operand.isArray()) {
                    problems.add(path + " takes an array");
                    return null;
                }
            }
            case REGEX -> {
                if (!operand.isTextual()) {
                    problems.add(path + " takes a string");
                    return null;
                }
                try {
                    regex = CallerRegex.compile(operand.asText());
                } catch (IllegalArgumentException e) {
                    problems.add(path + " " + e.getMessage());
                    return null;
                }
            }
            case EQ, NE, GT, GTE, LT, LTE -> {
                if (!operand.isValueNode()) {
                    problems.add(path + " takes a string, number or boolean");
                    return null;
                }
            }
        }
        return new Query.Field(key, parsed, operand, regex);
    }

    private static RouteNode.Settings settings(
            ObjectNode t, String path, EnumMap<ProviderOption, String> options, List<String> problems) {
        String customHost = text(t, "custom_host", path, problems);
        ObjectNode overrides = null;
        JsonNode o = t.get("override_params");
        if (o != null && !o.isNull()) {
            if (o instanceof ObjectNode on) {
                overrides = on;
            } else {
                problems.add(path + ".override_params must be an object of request fields");
            }
        }
        Long timeout = null;
        JsonNode rt = t.get("request_timeout");
        if (rt != null && !rt.isNull()) {
            if (rt.isIntegralNumber()
                    && rt.canConvertToLong()
                    && rt.asLong() > 0
                    && rt.asLong() <= Target.MAX_REQUEST_TIMEOUT_MS) {
                timeout = rt.asLong();
            } else {
                problems.add(path + ".request_timeout must be a positive integer of milliseconds, at most "
                        + Target.MAX_REQUEST_TIMEOUT_MS + " (1 hour)");
            }
        }
        List<String> forward = null;
        JsonNode fh = t.get("forward_headers");
        if (fh != null && !fh.isNull()) {
            forward = new ArrayList<>();
            if (fh.isArray()) {
                for (JsonNode h : fh) {
                    if (h.isTextual() && HeaderValues.isToken(h.asText())) {
                        forward.add(h.asText().toLowerCase(Locale.ROOT));
                    } else {
                        problems.add(path + ".forward_headers must be an array of header names");
                        break;
                    }
                }
            } else {
                problems.add(path + ".forward_headers must be an array of header names");
            }
        }
        Boolean strict = null;
        JsonNode s = t.get("strict_open_ai_compliance");
        if (s != null && !s.isNull()) {
            if (s.isBoolean()) {
                strict = s.asBoolean();
            } else {
                problems.add(path + ".strict_open_ai_compliance must be true or false");
            }
        }
        return new RouteNode.Settings(
                customHost,
                overrides,
                timeout,
                forward,
                strict,
                options,
                retry(t.get("retry"), path + ".retry", problems),
                cache(t.get("cache"), path + ".cache", problems),
                HookParser.parse(t, path, problems));
    }

    /**
     * {@code cache: {mode: "simple", max_age: <seconds>}}. {@code semantic} is a known mode that this
     * gateway does not run yet: refused with a 400 saying so, never served as simple instead.
     * https://portkey.ai/docs/product/ai-gateway/cache-simple-and-semantic
     */
    private static RouteNode.Cache cache(JsonNode c, String path, List<String> problems) {
        if (c == null || c.isNull()) {
            return null;
        }
        if (!c.isObject()) {
            problems.add(path + " must be an object {mode, max_age}");
            return null;
        }
        for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!Set.of("mode", "max_age").contains(key)) {
                problems.add(path + "." + key + " is not a known cache key");
            }
        }
        JsonNode m = c.get("mode");
        boolean ok = true;
        if (m == null || !m.isTextual()) {
            problems.add(path + ".mode must be \"simple\"");
            ok = false;
        } else {
            switch (m.asText()) {
                case "simple" -> {}
                case "semantic" -> {
                    problems.add(path + ".mode 'semantic' is not supported by this gateway yet (it needs an embedding "
                            + "model and a vector store); use \"simple\" for exact-match caching");
                    ok = false;
                }
                default -> {
                    problems.add(path + ".mode '" + m.asText() + "' is unknown; expected \"simple\"");
                    ok = false;
                }
            }
        }
        Duration maxAge = RouteNode.Cache.DEFAULT_MAX_AGE;
        JsonNode a = c.get("max_age");
        if (a != null && !a.isNull()) {
            long max = RouteNode.Cache.MAX_MAX_AGE.toSeconds();
            if (a.isIntegralNumber() && a.canConvertToLong() && a.asLong() >= 1 && a.asLong() <= max) {
                maxAge = Duration.ofSeconds(a.asLong());
            } else {
                problems.add(path + ".max_age must be an integer of seconds from 1 to " + max + " (90 days)");
                ok = false;
            }
        }
        return ok ? new RouteNode.Cache(maxAge) : null;
    }

    private static RouteNode.Retry retry(JsonNode r, String path, List<String> problems) {
        if (r == null || r.isNull()) {
            return null;
        }
        if (!r.isObject()) {
            problems.add(path + " must be an object {attempts, on_status_codes, use_retry_after_header}");
            return null;
        }
        for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!Set.of("attempts", "on_status_codes", "use_retry_after_header").contains(key)) {
                problems.add(path + "." + key + " is not a known retry key");
            }
        }
        JsonNode a = r.get("attempts");
        int attempts = 0;
        if (a == null || !a.isIntegralNumber() || a.asInt() < 0 || a.asInt() > 5) {
            problems.add(path + ".attempts must be an integer from 0 to 5");
        } else {
            attempts = a.asInt();
        }
        Set<Integer> codes = statusCodes(r.get("on_status_codes"), path + ".on_status_codes", problems);
        JsonNode u = r.get("use_retry_after_header");
        if (u != null && !u.isBoolean()) {
            problems.add(path + ".use_retry_after_header must be true or false");
        }
        return new RouteNode.Retry(
                attempts, codes == null ? RouteNode.Retry.DEFAULT_STATUS_CODES : codes, u != null && u.asBoolean());
    }

    private static Set<Integer> statusCodes(JsonNode codes, String path, List<String> problems) {
        if (codes == null || codes.isNull()) {
            return null;
        }
        Set<Integer> out = new LinkedHashSet<>();
        if (codes.isArray()) {
            for (JsonNode c : codes) {
                if (c.isIntegralNumber() && c.asInt() >= 100 && c.asInt() <= 599) {
                    out.add(c.asInt());
                } else {
                    problems.add(path + " must hold HTTP status codes (100 to 599), not " + c);
                    return null;
                }
            }
            return Set.copyOf(out);
        }
        problems.add(path + " must be an array of HTTP status codes");
        return null;
    }

    /** A value that becomes an upstream header (a key, a provider option): never quoted, it may be a secret. */
    private static void headerSafe(String value, String path, List<String> problems) {
        String problem = HeaderValues.problem(value);
        if (problem != null) {
            problems.add(path + " cannot be sent in an HTTP header: it " + problem);
        }
    }

    private static String text(ObjectNode t, String key, String path, List<String> problems) {
        JsonNode v = t.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            problems.add(path + "." + key + " must be a non-empty string");
            return null;
        }
        return v.asText();
    }
}
