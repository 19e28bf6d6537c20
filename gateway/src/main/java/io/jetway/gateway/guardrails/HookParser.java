package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the hooks of one config node, as Portkey's {@code tryTargetsRecursively} does:
 * {@code before_request_hooks} / {@code after_request_hooks} (full hooks) with the
 * {@code input_guardrails} / {@code output_guardrails} shorthand appended to them, e.g.
 * {@code "input_guardrails": [{"default.contains": {"operator": "none", "words": ["x"]}, "deny": true}]}.
 * Every mistake is a problem with its path (a 400 before any I/O): unknown checks and keys, bad
 * parameters, regexes the linear-time engine cannot run, hooks that name a guardrail stored in
 * Portkey's app instead of writing their checks.
 */
public final class HookParser {

    /** The config keys this parser reads. */
    public static final Set<String> KEYS =
            Set.of("before_request_hooks", "after_request_hooks", "input_guardrails", "output_guardrails");

    private static final Set<String> HOOK_KEYS = Set.of(
            "type", "id", "deny", "async", "sequential", "checks", "on_fail", "on_success", "onFail", "onSuccess");
    /** Keys of a shorthand entry that describe the hook rather than name a check (Portkey's list). */
    private static final Set<String> SHORTHAND_HOOK_KEYS =
            Set.of("deny", "on_fail", "on_success", "async", "id", "type", "guardrail_version_id", "sequential");

    /** Portkey's default checks that are not run here, with the reason (so a config names them, not a typo). */
    private static final Map<String, String> NOT_HERE =
            Map.of("default.regexReplace", "rewriting answers (a mutator after the request) is not built yet");

    private HookParser() {}

    /** The node's hooks; null when it sets none. */
    public static Hooks parse(ObjectNode node, String path, List<String> problems) {
        List<Hook> before = full(node.get("before_request_hooks"), path + ".before_request_hooks", problems);
        List<Hook> after = full(node.get("after_request_hooks"), path + ".after_request_hooks", problems);
        List<Hook> input = shorthand(node.get("input_guardrails"), path + ".input_guardrails", "input", problems);
        List<Hook> output = shorthand(node.get("output_guardrails"), path + ".output_guardrails", "output", problems);
        before = concat(before, input);
        after = concat(after, output);
        return before == null && after == null ? null : new Hooks(before, after);
    }

    private static List<Hook> concat(List<Hook> a, List<Hook> b) {
        if (b == null) {
            return a;
        }
        List<Hook> out = new ArrayList<>(a == null ? List.of() : a);
        out.addAll(b);
        return List.copyOf(out);
    }

    private static List<Hook> full(JsonNode hooks, String path, List<String> problems) {
        if (hooks == null || hooks.isNull()) {
            return null;
        }
        if (!hooks.isArray()) {
            problems.add(path + " must be an array of hooks {type, id, deny, checks}");
            return null;
        }
        List<Hook> out = new ArrayList<>();
        for (int i = 0; i < hooks.size(); i++) {
            String at = path + "[" + i + "]";
            if (!(hooks.get(i) instanceof ObjectNode h)) {
                problems.add(at + " must be a hook object {type, id, deny, checks}");
                continue;
            }
            for (Iterator<String> it = h.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!HOOK_KEYS.contains(key)) {
                    problems.add(at + "." + key + " is not a known hook key");
                }
            }
            List<Hook.Check> checks = new ArrayList<>();
            JsonNode cs = h.get("checks");
            if (cs == null || !cs.isArray() || cs.isEmpty()) {
                problems.add(at
                        + (h.path("id").isTextual() && (cs == null || cs.isNull())
                                ? " names guardrail '" + h.get("id").asText()
                                        + "' without its checks: guardrails stored in "
                                        + "Portkey's app are not available here; write the hook's checks in the config"
                                : ".checks must be a non-empty array of {id, parameters}"));
            } else {
                for (int c = 0; c < cs.size(); c++) {
                    String cp = at + ".checks[" + c + "]";
                    JsonNode check = cs.get(c);
                    if (!(check instanceof ObjectNode co)) {
                        problems.add(cp + " must be an object {id, parameters}");
                        continue;
                    }
                    for (Iterator<String> it = co.fieldNames(); it.hasNext(); ) {
                        String key = it.next();
                        if (!Set.of("id", "parameters", "is_enabled").contains(key)) {
                            problems.add(cp + "." + key + " is not a known check key");
                        }
                    }
                    if (co.path("is_enabled").isBoolean()
                            && !co.get("is_enabled").asBoolean()) {
                        continue;
                    }
                    String id = co.path("id").isTextual() ? co.get("id").asText() : null;
                    JsonNode params = co.get("parameters");
                    if (params != null && !params.isNull() && !params.isObject()) {
                        problems.add(cp + ".parameters must be an object");
                        continue;
                    }
                    Hook.Check parsed = check(
                            id,
                            params == null || params.isNull() ? Json.MAPPER.createObjectNode() : (ObjectNode) params,
                            cp,
                            problems);
                    if (parsed != null) {
                        checks.add(parsed);
                    }
                }
            }
            Hook hook = hook(h, at, "guardrail_" + i, checks, problems);
            if (hook != null) {
                out.add(hook);
            }
        }
        return List.copyOf(out);
    }

    private static List<Hook> shorthand(JsonNode hooks, String path, String kind, List<String> problems) {
        if (hooks == null || hooks.isNull()) {
            return null;
        }
        if (!hooks.isArray()) {
            problems.add(path + " must be an array of {\"default.<check>\": {parameters}, \"deny\": true|false}");
            return null;
        }
        List<Hook> out = new ArrayList<>();
        for (int i = 0; i < hooks.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode h = hooks.get(i);
            if (h.isTextual()) {
                problems.add(at + " names guardrail '" + h.asText() + "' stored in Portkey's app, which is not "
                        + "available here; write its checks instead, e.g. {\"default.contains\": {\"words\": [\"x\"], "
                        + "\"operator\": \"none\"}, \"deny\": true}");
                continue;
            }
            if (!(h instanceof ObjectNode o)) {
                problems.add(at + " must be an object of checks");
                continue;
            }
            List<Hook.Check> checks = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (SHORTHAND_HOOK_KEYS.contains(e.getKey())) {
                    continue;
                }
                String cp = at + "." + e.getKey();
                if (!(e.getValue() instanceof ObjectNode params)) {
                    problems.add(cp + " must be an object of the check's parameters");
                    continue;
                }
                if (params.path("is_enabled").isBoolean()
                        && !params.get("is_enabled").asBoolean()) {
                    continue;
                }
                String id = params.path("id").isTextual() ? params.get("id").asText() : e.getKey();
                Hook.Check parsed = check(id.contains(".") ? id : "default." + id, params, cp, problems);
                if (parsed != null) {
                    checks.add(parsed);
                }
            }
            if (checks.isEmpty() && !o.fieldNames().hasNext()) {
                problems.add(at + " names no check");
                continue;
            }
            Hook hook = hook(o, at, kind + "_guardrail_" + i, checks, problems);
            if (hook != null) {
                out.add(hook);
            }
        }
        return List.copyOf(out);
    }

    private static Hook.Check check(String id, ObjectNode params, String path, List<String> problems) {
        if (id == null || id.isBlank()) {
            problems.add(path + ".id must name a check, e.g. default.contains");
            return null;
        }
        CheckFunction f = Checks.find(id);
        String notHere = NOT_HERE.get(id);
        if (f == null && notHere != null) {
            problems.add(path + " names check '" + id + "', which this gateway does not run: " + notHere);
            return null;
        }
        if (f == null) {
            problems.add(path + " names check '" + id + "', which this gateway does not have; known checks: "
                    + Checks.known());
            return null;
        }
        f.validate(params, path, problems);
        return new Hook.Check(id, params, f);
    }

    private static Hook hook(
            ObjectNode h, String path, String defaultId, List<Hook.Check> checks, List<String> problems) {
        JsonNode type = h.get("type");
        if (type != null && !type.isNull()) {
            if (!type.isTextual()) {
                problems.add(path + ".type must be \"guardrail\" or \"mutator\"");
            } else if (!type.asText().equals("guardrail") && !type.asText().equals("mutator")) {
                problems.add(path + ".type '" + type.asText() + "' is unknown; expected \"guardrail\" or \"mutator\"");
            }
        }
        String id = defaultId;
        JsonNode idNode = h.get("id");
        if (idNode != null && !idNode.isNull()) {
            if (idNode.isTextual() && !idNode.asText().isBlank()) {
                id = idNode.asText();
            } else {
                problems.add(path + ".id must be a non-empty string");
            }
        }
        boolean deny = flag(h, "deny", path, problems);
        boolean async = flag(h, "async", path, problems);
        flag(h, "sequential", path, problems);
        JsonNode onFail = h.has("on_fail") ? h.get("on_fail") : h.get("onFail");
        JsonNode onSuccess = h.has("on_success") ? h.get("on_success") : h.get("onSuccess");
        for (JsonNode f : new JsonNode[] {onFail, onSuccess}) {
            if (f != null && !f.isNull() && !f.isObject()) {
                problems.add(path + ".on_fail and .on_success must be objects, e.g. {\"feedback\": {\"value\": -10}}");
            }
        }
        boolean mutator = type != null && type.isTextual() && type.asText().equals("mutator");
        return new Hook(id, deny, async, List.copyOf(checks), onFail, onSuccess, mutator);
    }

    private static boolean flag(ObjectNode h, String key, String path, List<String> problems) {
        JsonNode v = h.get(key);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            problems.add(path + "." + key + " must be true or false");
            return false;
        }
        return v.asBoolean();
    }
}
