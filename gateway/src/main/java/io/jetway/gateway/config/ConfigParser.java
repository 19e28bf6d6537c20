package io.jetway.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses an inline {@code x-portkey-config}. Problems are collected, not thrown one at a time:
 * the 400 lists every one with its path. Unknown keys are problems too (a typo must not be
 * silently ignored).
 *
 * <p>This version runs one target per request: a target object at the top level, or
 * {@code {"strategy":{"mode":"single"},"targets":[…one…]}}. Keys of features this gateway does
 * not run yet ({@code fallback}/{@code loadbalance}/{@code conditional} strategies, {@code retry},
 * {@code cache}, virtual keys, stored configs) are refused with a message saying so, never ignored.
 */
public final class ConfigParser {

    private static final Set<String> TARGET_KEYS = Set.of(
            "provider", "api_key", "custom_host", "override_params", "request_timeout",
            "forward_headers", "strict_open_ai_compliance", "name", "weight");
    private static final Set<String> NOT_YET = Set.of("retry", "cache", "virtual_key", "on_status_codes");

    private ConfigParser() {
    }

    /** Parses the header value; throws a 400 listing every problem. */
    public static GatewayConfig parse(String header) {
        String text = header.strip();
        if (!text.startsWith("{")) {
            throw GatewayException.invalidRequest("x-portkey-config '" + abbreviate(text)
                    + "' is not inline JSON, and no stored config has that id (this gateway has no stored configs yet):"
                    + " pass the config as a JSON object.", "x-portkey-config");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw GatewayException.invalidRequest("x-portkey-config is not valid JSON: "
                    + e.getOriginalMessage() + ".", "x-portkey-config");
        }
        if (!(root instanceof ObjectNode obj)) {
            throw GatewayException.invalidRequest("x-portkey-config must be a JSON object.", "x-portkey-config");
        }
        List<String> problems = new ArrayList<>();
        GatewayConfig config = parseRoot(obj, problems);
        if (!problems.isEmpty()) {
            throw GatewayException.invalidRequest("Invalid x-portkey-config: " + String.join("; ", problems) + ".",
                    "x-portkey-config");
        }
        return config;
    }

    private static GatewayConfig parseRoot(ObjectNode obj, List<String> problems) {
        JsonNode targets = obj.get("targets");
        JsonNode strategy = obj.get("strategy");
        if (targets == null && strategy == null) {
            return parseTarget(obj, "config", problems);
        }
        String mode = null;
        if (strategy != null) {
            if (!strategy.isObject() || !strategy.path("mode").isTextual()) {
                problems.add("config.strategy must be an object with a string `mode`");
            } else {
                mode = strategy.get("mode").asText();
                Iterator<String> names = strategy.fieldNames();
                while (names.hasNext()) {
                    String name = names.next();
                    if (!name.equals("mode")) {
                        problems.add("config.strategy." + name + " is not supported with mode '" + mode + "'");
                    }
                }
                if (!mode.equals("single")) {
                    problems.add(switch (mode) {
                        case "fallback", "loadbalance", "conditional" -> "config.strategy.mode '" + mode
                                + "' is not supported by this gateway version yet; use 'single'";
                        default -> "config.strategy.mode '" + mode
                                + "' is unknown; expected single, fallback, loadbalance or conditional";
                    });
                }
            }
        }
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("targets") && !name.equals("strategy")) {
                problems.add(NOT_YET.contains(name)
                        ? "config." + name + " is not supported by this gateway version yet"
                        : "config." + name + " is not allowed next to `targets`; set it on the target");
            }
        }
        if (targets == null || !targets.isArray() || targets.isEmpty()) {
            problems.add("config.targets must be a non-empty array of targets");
            return null;
        }
        if (targets.size() != 1) {
            problems.add("config.targets has " + targets.size() + " targets; mode 'single' takes exactly one");
        }
        JsonNode first = targets.get(0);
        if (!first.isObject()) {
            problems.add("config.targets[0] must be an object");
            return null;
        }
        return parseTarget((ObjectNode) first, "config.targets[0]", problems);
    }

    private static GatewayConfig parseTarget(ObjectNode t, String path, List<String> problems) {
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            ProviderOption option = ProviderOption.byConfigKey(key);
            if (option != null) {
                if (field.getValue().isTextual()) {
                    options.put(option, field.getValue().asText());
                } else {
                    problems.add(path + "." + key + " must be a string");
                }
            } else if (NOT_YET.contains(key) || key.equals("strategy") || key.equals("targets")) {
                problems.add(path + "." + key + " is not supported by this gateway version yet");
            } else if (!TARGET_KEYS.contains(key)) {
                problems.add(path + "." + key + " is not a known config key");
            }
        }
        String provider = text(t, "provider", path, problems);
        if (provider != null) {
            provider = provider.toLowerCase(Locale.ROOT);
        }
        String apiKey = text(t, "api_key", path, problems);
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
            if (rt.canConvertToLong() && rt.isIntegralNumber() && rt.asLong() > 0) {
                timeout = rt.asLong();
            } else {
                problems.add(path + ".request_timeout must be a positive integer of milliseconds");
            }
        }
        List<String> forward = null;
        JsonNode fh = t.get("forward_headers");
        if (fh != null && !fh.isNull()) {
            if (fh.isArray()) {
                forward = new ArrayList<>();
                for (JsonNode h : fh) {
                    if (h.isTextual()) {
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
        JsonNode weight = t.get("weight");
        if (weight != null && !weight.isNumber()) {
            problems.add(path + ".weight must be a number");
        }
        return new GatewayConfig(path, provider, apiKey, customHost, overrides, timeout, forward, strict, options);
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

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
