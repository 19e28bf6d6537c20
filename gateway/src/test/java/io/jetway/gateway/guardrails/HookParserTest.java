package io.jetway.gateway.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.config.ConfigParser;
import io.jetway.gateway.config.RouteNode;
import io.jetway.gateway.core.GatewayException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hooks in configs: Portkey's shapes, its inheritance down the targets, and every mistake a 400 with its path. */
class HookParserTest {

    static Hooks effective(RouteNode root, int... path) {
        RouteNode.Settings s = root.settings().under(RouteNode.Settings.NONE);
        RouteNode node = root;
        for (int i : path) {
            node = node.targets().get(i);
            s = node.settings().under(s);
        }
        return s.hooks();
    }

    static List<String> ids(List<Hook> hooks) {
        return hooks == null ? null : hooks.stream().map(Hook::id).toList();
    }

    @Test
    void aFullHookIsReadWithItsChecksAndFlags() {
        RouteNode root = ConfigParser.parse("""
                {"provider":"openai","before_request_hooks":[{"type":"guardrail","id":"g1","deny":true,"async":false,
                 "on_fail":{"feedback":{"value":-10,"weight":1}},
                 "checks":[{"id":"default.wordCount","parameters":{"minWords":1}},
                           {"id":"default.contains","parameters":{"words":["x"]},"is_enabled":false}]}]}""");

        Hook hook = root.settings().hooks().before().getFirst();
        assertThat(hook.id()).isEqualTo("g1");
        assertThat(hook.deny()).isTrue();
        assertThat(hook.checks()).extracting(Hook.Check::id).containsExactly("default.wordCount");
        assertThat(hook.onFail().at("/feedback/value").asInt()).isEqualTo(-10);
        assertThat(root.settings().hooks().after()).isNull();
    }

    @Test
    void theShorthandBecomesHooksAppendedToTheFullOnes() {
        RouteNode root = ConfigParser.parse("""
                {"provider":"openai",
                 "before_request_hooks":[{"id":"full","checks":[{"id":"default.notNull"}]}],
                 "input_guardrails":[{"default.contains":{"operator":"none","words":["x"]},"deny":true},
                                     {"id":"named","wordCount":{"minWords":2}}],
                 "output_guardrails":[{"jetway.pii":{}}]}""");

        Hooks hooks = root.settings().hooks();
        assertThat(ids(hooks.before())).containsExactly("full", "input_guardrail_0", "named");
        assertThat(hooks.before().get(1).deny()).isTrue();
        assertThat(hooks.before().get(2).checks().getFirst().id()).isEqualTo("default.wordCount");
        assertThat(ids(hooks.after())).containsExactly("output_guardrail_0");
    }

    @Test
    void aTargetsHookListReplacesItsParentsAndEachListIsInheritedOnItsOwn() {
        RouteNode root = ConfigParser.parse("""
                {"strategy":{"mode":"fallback"},
                 "before_request_hooks":[{"id":"top-in","checks":[{"id":"default.notNull"}]}],
                 "after_request_hooks":[{"id":"top-out","checks":[{"id":"default.notNull"}]}],
                 "targets":[
                   {"provider":"openai"},
                   {"provider":"anthropic","before_request_hooks":[{"id":"own-in","checks":[{"id":"default.notNull"}]}]},
                   {"provider":"groq","after_request_hooks":[]}]}""");

        assertThat(ids(effective(root, 0).before())).containsExactly("top-in");
        assertThat(ids(effective(root, 0).after())).containsExactly("top-out");
        assertThat(ids(effective(root, 1).before())).containsExactly("own-in");
        assertThat(ids(effective(root, 1).after())).containsExactly("top-out");
        assertThat(ids(effective(root, 2).before())).containsExactly("top-in");
        assertThat(effective(root, 2).after()).isEmpty();
    }

    @Test
    void everyMistakeInAHookIsNamedWithItsPath() {
        assertThatThrownBy(() -> ConfigParser.parse("""
                {"provider":"openai","before_request_hooks":[
                  {"id":"a","deny":"yes","colour":1,"checks":[{"id":"default.nope"},{"id":"default.regexMatch","parameters":{"rule":"(?=x)"}}]},
                  {"id":"pg-guard-123"}],
                 "input_guardrails":["pg-abc"]}"""))
                .isInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(400))
                .hasMessageContaining("config.before_request_hooks[0].colour is not a known hook key")
                .hasMessageContaining("config.before_request_hooks[0].deny must be true or false")
                .hasMessageContaining("config.before_request_hooks[0].checks[0] names check 'default.nope', which this "
                        + "gateway does not have; known checks: ")
                .hasMessageContaining("config.before_request_hooks[0].checks[1].parameters.rule")
                .hasMessageContaining(
                        "config.before_request_hooks[1] names guardrail 'pg-guard-123' without its checks")
                .hasMessageContaining("config.input_guardrails[0] names guardrail 'pg-abc' stored in Portkey's app");
    }

    @Test
    void everyCheckOfPortkeysManifestThatRunsHereIsRegistered() {
        for (String id : List.of(
                "regexMatch",
                "sentenceCount",
                "wordCount",
                "characterCount",
                "jsonSchema",
                "jsonKeys",
                "contains",
                "webhook",
                "log",
                "containsCode",
                "alluppercase",
                "alllowercase",
                "endsWith",
                "modelWhitelist",
                "requiredMetadataKeys",
                "notNull")) {
            assertThat(Checks.find("default." + id)).as(id).isNotNull();
        }
    }
}
