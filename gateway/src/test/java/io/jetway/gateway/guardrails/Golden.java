package io.jetway.gateway.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Helpers for the checks' golden tests: Portkey's examples (plugins/default/default.test.ts) as contexts and JSON. */
final class Golden {

    private Golden() {}

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode params(String text) {
        return (ObjectNode) json(text);
    }

    /** A context whose answer's text is {@code text} (Portkey's examples give {@code response.text}). */
    static HookContext answer(String text) {
        HookContext c = new HookContext(request("gpt-4o-mini", "hi"), Map.of(), "openai", false);
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.putArray("choices")
                .addObject()
                .putObject("message")
                .put("role", "assistant")
                .put("content", text);
        c.response(answer, 200);
        return c;
    }

    static ObjectNode request(String model, String lastMessage) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("model", model);
        r.putArray("messages").addObject().put("role", "user").put("content", lastMessage);
        return r;
    }

    /** Runs a registered check on the answer {@code text}. */
    static CheckResult afterCheck(String id, String text, String parameters) {
        return Checks.find(id).run(answer(text), Event.AFTER_REQUEST, params(parameters));
    }

    /** The check's result data, compared as JSON. */
    static void assertData(CheckResult r, String expected) {
        assertThat(json(r.data().toString())).isEqualTo(json(expected));
    }

    static List<String> validate(String id, String parameters) {
        List<String> problems = new ArrayList<>();
        Checks.find(id).validate(params(parameters), "config.before_request_hooks[0].checks[0]", problems);
        return problems;
    }
}
