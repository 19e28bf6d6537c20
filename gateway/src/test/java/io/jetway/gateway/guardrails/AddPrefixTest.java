package io.jetway.gateway.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.config.ConfigParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Portkey's {@code addPrefix} mutator: golden tests from its default.test.ts ("addPrefix handler", chatComplete). */
class AddPrefixTest {

    static CheckResult before(String request, String parameters) {
        HookContext c = new HookContext((ObjectNode) Golden.json(request), Map.of(), "openai", false);
        return Checks.find("default.addPrefix").run(c, Event.BEFORE_REQUEST, Golden.params(parameters));
    }

    static void assertMessages(CheckResult r, String messages) {
        assertThat(r.error()).isNull();
        assertThat(r.verdict()).isTrue();
        assertThat(r.transformedRequest()).isNotNull();
        assertThat(r.transformedRequest().get("messages")).isEqualTo(Golden.json(messages));
    }

    static final String SYSTEM_AND_USER = """
            {"model":"gpt-4","messages":[{"role":"system","content":"You are a helpful assistant."},
             {"role":"user","content":"Hello, how are you?"}]}""";

    @Test
    void goldenAPrefixGoesInFrontOfTheUsersStringContent() {
        CheckResult r = before(SYSTEM_AND_USER, "{\"prefix\":\"IMPORTANT: \",\"applyToRole\":\"user\"}");

        assertMessages(r, """
                [{"role":"system","content":"You are a helpful assistant."},
                 {"role":"user","content":"IMPORTANT: Hello, how are you?"}]""");
        Golden.assertData(r, """
                {"prefix":"IMPORTANT: ","requestType":"chatComplete","applyToRole":"user","addToExisting":true,
                 "onlyIfEmpty":false}""");
    }

    @Test
    void goldenAPrefixGoesInFrontOfTheSystemMessage() {
        CheckResult r = before(SYSTEM_AND_USER, "{\"prefix\":\"CRITICAL: \",\"applyToRole\":\"system\"}");

        assertThat(r.transformedRequest().at("/messages/0/content").asText())
                .isEqualTo("CRITICAL: You are a helpful assistant.");
    }

    @Test
    void goldenAMissingUserMessageIsAddedLastAndAMissingSystemMessageFirst() {
        assertMessages(
                before(
                        "{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"system\",\"content\":\"S\"}]}",
                        "{\"prefix\":\"PREFIX: \",\"applyToRole\":\"user\"}"),
                "[{\"role\":\"system\",\"content\":\"S\"},{\"role\":\"user\",\"content\":\"PREFIX: \"}]");
        assertMessages(
                before(
                        "{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}",
                        "{\"prefix\":\"SYSTEM PREFIX: \",\"applyToRole\":\"system\"}"),
                "[{\"role\":\"system\",\"content\":\"SYSTEM PREFIX: \"},{\"role\":\"user\",\"content\":\"Hello!\"}]");
    }

    @Test
    void goldenWithoutAddToExistingTheMessageIsInsertedBeforeTheExistingOne() {
        assertMessages(before("""
                        {"model":"gpt-4","messages":[{"role":"system","content":"You are a helpful assistant."},
                         {"role":"user","content":"Hello!"}]}""", "{\"prefix\":\"PREFIX: \",\"applyToRole\":\"user\",\"addToExisting\":false}"), """
                [{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"PREFIX: "},
                 {"role":"user","content":"Hello!"}]""");
    }

    @Test
    void goldenOnlyIfEmptyLeavesContentAloneAndFillsAnEmptyMessage() {
        String params = "{\"prefix\":\"PREFIX: \",\"applyToRole\":\"user\",\"onlyIfEmpty\":true}";

        assertMessages(
                before(
                        "{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"user\",\"content\":\"Existing content\"}]}",
                        params),
                "[{\"role\":\"user\",\"content\":\"Existing content\"}]");
        assertMessages(
                before("{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"user\",\"content\":\"\"}]}", params),
                "[{\"role\":\"user\",\"content\":\"PREFIX: \"}]");
    }

    @Test
    void goldenArrayContentGetsThePrefixInItsFirstTextPart() {
        assertMessages(
                before("""
                        {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"Hello, Claude!"}]}]}""", "{\"prefix\":\"IMPORTANT: \",\"applyToRole\":\"user\"}"),
                "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"IMPORTANT: Hello, Claude!\"}]}]");
    }

    @Test
    void withoutAPrefixItPassesWithPortkeysErrorAndChangesNothing() {
        CheckResult r = before(SYSTEM_AND_USER, "{}");

        assertThat(r.verdict()).isTrue();
        assertThat(r.error().get("message").asText()).isEqualTo("Prefix parameter is required and must be a string");
        assertThat(r.transformedRequest()).isNull();
    }

    @Test
    void afterTheRequestItDoesNothing() {
        CheckResult r = Checks.find("default.addPrefix")
                .run(Golden.answer("Hi"), Event.AFTER_REQUEST, Golden.params("{\"prefix\":\"P: \"}"));

        assertThat(r.verdict()).isTrue();
        assertThat(r.transformedRequest()).isNull();
    }

    @Test
    void aMutatorHookLoadsAndReportsItsType() {
        Hooks hooks = ConfigParser.parse("""
                {"provider":"openai","before_request_hooks":[{"type":"mutator","id":"prefix",
                 "checks":[{"id":"default.addPrefix","parameters":{"prefix":"Be brief. "}}]}]}""").settings().hooks();

        Hook hook = hooks.before().getFirst();
        assertThat(hook.type()).isEqualTo("mutator");
        HookContext c = new HookContext(Golden.request("m", "hi"), Map.of(), "openai", false);
        HookResult result = new HookRunner(java.time.Clock.systemUTC(), null)
                .run(java.util.List.of(hook), Event.BEFORE_REQUEST, c)
                .getFirst();
        assertThat(result.toJson().get("type").asText()).isEqualTo("mutator");
        assertThat(result.toJson().get("transformed").asBoolean()).isTrue();
        assertThat(c.request().at("/messages/0/content").asText()).isEqualTo("Be brief. hi");
    }
}
