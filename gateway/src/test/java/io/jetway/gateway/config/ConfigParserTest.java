package io.jetway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.ProviderOption;
import org.junit.jupiter.api.Test;

class ConfigParserTest {

    @Test
    void readsATopLevelTargetWithEverySetting() {
        RouteNode c = ConfigParser.parse("""
                {"provider":"Azure-OpenAI","api_key":"k","custom_host":"https://h/openai","request_timeout":3000,
                 "override_params":{"model":"gpt-4o"},"forward_headers":["X-Tenant"],"strict_open_ai_compliance":false,
                 "resource_name":"res","deployment_id":"dep","api_version":"2024-10-21",
                 "retry":{"attempts":3,"on_status_codes":[429],"use_retry_after_header":true}}""");

        assertThat(c.isLeaf()).isTrue();
        assertThat(c.provider()).isEqualTo("azure-openai");
        assertThat(c.apiKey()).isEqualTo("k");
        RouteNode.Settings s = c.settings();
        assertThat(s.customHost()).isEqualTo("https://h/openai");
        assertThat(s.requestTimeoutMs()).isEqualTo(3000);
        assertThat(s.overrideParams().get("model").asText()).isEqualTo("gpt-4o");
        assertThat(s.forwardHeaders()).containsExactly("x-tenant");
        assertThat(s.strictOpenAiCompliance()).isFalse();
        assertThat(s.options()).containsEntry(ProviderOption.AZURE_RESOURCE_NAME, "res");
        assertThat(s.retry()).isEqualTo(new RouteNode.Retry(3, java.util.Set.of(429), true));
        assertThat(c.toString()).doesNotContain("\"k\"");
    }

    @Test
    void readsNestedStrategiesWithPathsNamesAndWeights() {
        RouteNode c = ConfigParser.parse("""
                {"strategy":{"mode":"fallback","on_status_codes":[429,503]},"targets":[
                  {"strategy":{"mode":"loadbalance"},"targets":[{"provider":"openai","weight":0.7},{"provider":"groq","weight":0.3}]},
                  {"provider":"anthropic","name":"backup"}]}""");

        assertThat(c.strategy().mode()).isEqualTo(RouteNode.Mode.FALLBACK);
        assertThat(c.strategy().onStatusCodes()).containsExactlyInAnyOrder(429, 503);
        RouteNode lb = c.targets().get(0);
        assertThat(lb.path()).isEqualTo("config.targets[0]");
        assertThat(lb.targets().get(1).path()).isEqualTo("config.targets[0].targets[1]");
        assertThat(lb.targets().get(1).weight()).isEqualTo(0.3);
        assertThat(c.targets().get(1).name()).isEqualTo("backup");
    }

    @Test
    void defaultRetryStatusCodesArePortkeys() {
        RouteNode c = ConfigParser.parse("{\"provider\":\"openai\",\"retry\":{\"attempts\":2}}");

        assertThat(c.settings().retry().onStatusCodes()).containsExactlyInAnyOrder(429, 500, 502, 503, 504);
    }

    @Test
    void childrenInheritSettingsAsPortkeyDocuments() {
        RouteNode c = ConfigParser.parse("""
                {"retry":{"attempts":2},"request_timeout":1000,"override_params":{"temperature":0.1,"top_p":0.5},
                 "strategy":{"mode":"fallback"},"targets":[
                   {"provider":"openai","override_params":{"temperature":0.9},"retry":{"attempts":1,"on_status_codes":[500]}},
                   {"provider":"groq","request_timeout":50}]}""");

        RouteNode.Settings root = c.settings().under(RouteNode.Settings.NONE);
        RouteNode.Settings first = c.targets().get(0).settings().under(root);
        RouteNode.Settings second = c.targets().get(1).settings().under(root);
        assertThat(first.retry().attempts()).isEqualTo(1);
        assertThat(first.overrideParams().toString()).isEqualTo("{\"temperature\":0.9,\"top_p\":0.5}");
        assertThat(first.requestTimeoutMs()).isEqualTo(1000);
        assertThat(second.retry().attempts()).isEqualTo(2);
        assertThat(second.requestTimeoutMs()).isEqualTo(50);
        assertThat(root.overrideParams().get("temperature").asDouble()).isEqualTo(0.1);
    }

    @Test
    void conditionalConditionsMustNameTargets() {
        assertThatThrownBy(() -> ConfigParser.parse("""
                {"strategy":{"mode":"conditional","conditions":[{"query":{"metadata.plan":"paid"},"then":"gold"}],"default":"nope"},
                 "targets":[{"provider":"openai","name":"base"}]}"""))
                .hasMessageContaining("conditions[0].then 'gold' names no target")
                .hasMessageContaining("strategy.default must name a target");
    }

    @Test
    void listsEveryProblemWithItsPath() {
        assertThatThrownBy(() -> ConfigParser.parse("""
                {"strategy":{"mode":"fallback"},"targets":[{"provider":5,"apikey":"x"},{"request_timeout":-1},
                 {"provider":"openai","retry":{"attempts":9}},"x"]}"""))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("config.targets[0].provider must be a non-empty string")
                .hasMessageContaining("config.targets[0].apikey is not a known config key")
                .hasMessageContaining("config.targets[1].request_timeout must be a positive integer")
                .hasMessageContaining("config.targets[1] needs a provider or a virtual_key")
                .hasMessageContaining("config.targets[2].retry.attempts must be an integer from 0 to 5")
                .hasMessageContaining("config.targets[3] must be an object")
                .satisfies(e -> assertThat(((GatewayException) e).param()).isEqualTo("x-portkey-config"));
    }

    @Test
    void badQueriesAreReportedWithTheirPaths() {
        assertThatThrownBy(() -> ConfigParser.parse("""
                {"strategy":{"mode":"conditional","conditions":[
                   {"query":{"metadata.a":{"$like":"x"}},"then":"t"},
                   {"query":{"metadata.b":{"$regex":"("}},"then":"t"},
                   {"query":{"user":"x"},"then":"t"},
                   {"query":{"$or":"x"},"then":"t"}]},
                 "targets":[{"provider":"openai","name":"t"}]}"""))
                .hasMessageContaining("$like is not an operator")
                .hasMessageContaining("$regex is not a valid RE2 regular expression")
                .hasMessageContaining("fields are metadata.<key> or params.<field>")
                .hasMessageContaining("$or must be a non-empty array");
    }

    @Test
    void readsTheCacheWithMaxAgeInSecondsAndPortkeysSevenDayDefault() {
        assertThat(ConfigParser.parse("{\"provider\":\"openai\",\"cache\":{\"mode\":\"simple\",\"max_age\":60}}")
                        .settings()
                        .cache())
                .isEqualTo(new RouteNode.Cache(java.time.Duration.ofSeconds(60)));
        assertThat(ConfigParser.parse("{\"provider\":\"openai\",\"cache\":{\"mode\":\"simple\"}}")
                        .settings()
                        .cache()
                        .maxAge())
                .isEqualTo(java.time.Duration.ofSeconds(604_800));
        assertThat(ConfigParser.parse("{\"provider\":\"openai\"}").settings().cache())
                .isNull();
    }

    @Test
    void aChildsCacheReplacesItsParentsAndOthersInheritIt() {
        RouteNode c = ConfigParser.parse("""
                {"cache":{"mode":"simple","max_age":600},"strategy":{"mode":"fallback"},"targets":[
                   {"provider":"openai","cache":{"mode":"simple","max_age":30}},{"provider":"groq"}]}""");

        RouteNode.Settings root = c.settings().under(RouteNode.Settings.NONE);
        assertThat(c.targets().get(0).settings().under(root).cache().maxAge()).hasSeconds(30);
        assertThat(c.targets().get(1).settings().under(root).cache().maxAge()).hasSeconds(600);
    }

    @Test
    void badCacheSettingsAreReportedWithTheirPaths() {
        assertThatThrownBy(() -> ConfigParser.parse("""
                {"strategy":{"mode":"fallback"},"targets":[
                  {"provider":"openai","cache":{"mode":"exact"}},
                  {"provider":"openai","cache":{"mode":"simple","max_age":0,"ttl":5}},
                  {"provider":"openai","cache":{"mode":"simple","max_age":7776001}},
                  {"provider":"openai","cache":"simple"}]}"""))
                .hasMessageContaining("config.targets[0].cache.mode 'exact' is unknown")
                .hasMessageContaining("config.targets[1].cache.max_age must be an integer of seconds from 1 to 7776000")
                .hasMessageContaining("config.targets[1].cache.ttl is not a known cache key")
                .hasMessageContaining("config.targets[2].cache.max_age must be")
                .hasMessageContaining("config.targets[3].cache must be an object");
    }

    @Test
    void theSemanticCacheIsRefusedWithAClearMessageNotServedAsSimple() {
        assertThatThrownBy(() -> ConfigParser.parse("{\"provider\":\"openai\",\"cache\":{\"mode\":\"semantic\"}}"))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("config.cache.mode 'semantic' is not supported by this gateway yet")
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(400));
    }

    @Test
    void unbuiltFeaturesAreRefusedNotIgnored() {
        assertThatThrownBy(
                        () -> ConfigParser.parse(
                                "{\"provider\":\"openai\",\"before_request_hooks\":[{\"type\":"
                                        + "\"mutator\",\"checks\":[{\"id\":\"default.regexReplace\",\"parameters\":{\"rule\":\"x\"}}]}]}"))
                .hasMessageContaining("names check 'default.regexReplace', which this gateway does not run");
        assertThatThrownBy(() -> ConfigParser.parse(
                        "{\"strategy\":{\"mode\":\"roundrobin\"},\"targets\":[{\"provider\":\"a\"}]}"))
                .hasMessageContaining("'roundrobin' is unknown");
    }

    @Test
    void aStoredConfigIdOrInvalidJsonIsABadRequest() {
        assertThatThrownBy(() -> ConfigParser.parse("pc-abc123")).hasMessageContaining("not inline JSON");
        assertThatThrownBy(() -> ConfigParser.parse("{\"provider\":")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ConfigParser.parse("{\"strategy\":{\"mode\":\"single\"},\"targets\":[]}"))
                .hasMessageContaining("non-empty array");
    }

    @Test
    void aStoredConfigIdIsParsedFromTheStoreAndProblemsNameIt() {
        RouteNode node = ConfigParser.parse("pc-1", id -> java.util.Optional.of("{\"provider\":\"groq\"}"));
        assertThat(node.provider()).isEqualTo("groq");

        assertThatThrownBy(() ->
                        ConfigParser.parse("pc-bad", id -> java.util.Optional.of("{\"provider\":1,\"weight\":-1}")))
                .hasMessageContaining("Invalid stored config 'pc-bad'")
                .hasMessageContaining("config.provider must be a non-empty string")
                .hasMessageContaining("config.weight must be a number");
        assertThatThrownBy(() -> ConfigParser.parse("pc-none", id -> java.util.Optional.empty()))
                .hasMessageContaining("'pc-none' is not inline JSON, and no stored config has that id");
    }

    @Test
    void problemsListsEveryProblemOfAConfigToBeStored() throws Exception {
        var config = io.jetway.gateway.core.Json.MAPPER.readTree("""
                {"strategy":{"mode":"fallback"},"targets":[{"provider":"openai","retry":{"attempts":9}},{"before_request_hooks":[]}]}""");

        assertThat(ConfigParser.problems(config))
                .containsExactlyInAnyOrder(
                        "config.targets[0].retry.attempts must be an integer from 0 to 5",
                        "config.targets[1] needs a provider or a virtual_key");
        assertThat(ConfigParser.problems(io.jetway.gateway.core.Json.MAPPER.readTree("{\"virtual_key\":\"a\"}")))
                .isEmpty();
        assertThat(ConfigParser.problems(io.jetway.gateway.core.Json.MAPPER.readTree("[1]")))
                .containsExactly("config must be a JSON object");
    }
}
