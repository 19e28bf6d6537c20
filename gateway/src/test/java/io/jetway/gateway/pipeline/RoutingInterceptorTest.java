package io.jetway.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.Effects;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.PortkeyHeaders;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.Providers;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.gateway.upstream.CustomHostPolicy;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Routing over a scripted provider call: no network, no sleeping, fixed randomness. */
class RoutingInterceptorTest {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final RequestParser PARSER = new RequestParser(Json.MAPPER);
    static final io.jetway.gateway.provider.ProviderRegistry PROVIDERS = Providers.defaults();
    static final ChatRequest REQUEST = PARSER.parse(
            "application/json",
            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                    .getBytes(StandardCharsets.UTF_8));

    final List<Duration> slept = new ArrayList<>();
    final List<Target> tried = new ArrayList<>();
    final Deque<Object> script = new ArrayDeque<>();

    Effects effects(double... randoms) {
        Deque<Double> values = new ArrayDeque<>();
        for (double r : randoms) {
            values.add(r);
        }
        RandomGenerator random = new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return values.isEmpty() ? 0.5 : values.poll();
            }
        };
        return new Effects(Clock.fixed(NOW, ZoneOffset.UTC), slept::add, random, () -> "t");
    }

    /** Answers with the script: a GatewayException is thrown, anything else answers 200. */
    GatewayResponse run(Effects effects, String config, Map<String, String> extraHeaders, VirtualKeys vks) {
        Map<String, String> hs = new HashMap<>(extraHeaders);
        Interceptor terminal = chain -> {
            tried.add(chain.exchange().target());
            Object next = script.isEmpty() ? "ok" : script.poll();
            if (next instanceof GatewayException e) {
                throw e;
            }
            return new GatewayResponse.Complete(
                    200, new LinkedHashMap<>(), ((String) next).getBytes(StandardCharsets.UTF_8));
        };
        RoutingInterceptor routing = new RoutingInterceptor(
                PROVIDERS,
                new CustomHostPolicy(Set.of(), host -> new InetAddress[] {InetAddress.getByName("93.184.216.34")}),
                vks,
                effects);
        Pipeline pipeline = new Pipeline(List.of(routing, terminal));
        ChatRequest request = REQUEST;
        PortkeyHeaders headers = new PortkeyHeaders(
                hs.get("provider"),
                config,
                hs.get("virtual-key"),
                null,
                hs.get("authorization"),
                hs.get("custom-host"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new EnumMap<>(ProviderOption.class),
                n -> null);
        exchange = new Exchange(request, headers, "t", NOW);
        exchange.metadata(Map.of("plan", hs.getOrDefault("plan", "free")));
        return pipeline.execute(exchange);
    }

    Exchange exchange;

    GatewayResponse run(String config) {
        return run(effects(), config, Map.of(), VirtualKeys.none());
    }

    static GatewayException status(int status) {
        return new GatewayException(status, "upstream_error", "failed with " + status, null, null);
    }

    static String body(GatewayResponse r) {
        return new String(((GatewayResponse.Complete) r).body(), StandardCharsets.UTF_8);
    }

    @Test
    void fallbackTriesTargetsInOrderUntilOneAnswers() {
        script.add(status(500));
        script.add(status(502));
        script.add("third");

        GatewayResponse r = run("""
                {"strategy":{"mode":"fallback"},"targets":[{"provider":"openai","api_key":"a"},
                  {"provider":"groq","api_key":"b"},{"provider":"mistral-ai","api_key":"c"}]}""");

        assertThat(body(r)).isEqualTo("third");
        assertThat(tried).extracting(Target::provider).containsExactly("openai", "groq", "mistral-ai");
        assertThat(exchange.responseHeaders())
                .containsEntry("x-portkey-last-used-option-index", "config.targets[2]")
                .containsEntry("x-portkey-provider", "mistral-ai")
                .containsEntry("x-portkey-retry-attempt-count", "0");
    }

    @Test
    void fallbackWithStatusCodesOnlyFallsBackOnThose() {
        script.add(status(400));

        assertThatThrownBy(() -> run("""
                {"strategy":{"mode":"fallback","on_status_codes":[429]},"targets":[{"provider":"openai"},{"provider":"groq"}]}""")).isInstanceOf(GatewayException.class).hasMessage("failed with 400");
        assertThat(tried).hasSize(1);
    }

    @Test
    void whenEveryFallbackFailsTheLastErrorIsReturned() {
        script.add(status(500));
        script.add(status(429));

        assertThatThrownBy(
                        () -> run(
                                "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[{\"provider\":\"openai\"},{\"provider\":\"groq\"}]}"))
                .hasMessage("failed with 429");
        assertThat(exchange.responseHeaders()).containsEntry("x-portkey-last-used-option-index", "config.targets[1]");
    }

    @Test
    void retriesWithExponentialBackoffAndJitterThenSucceeds() {
        script.add(status(503));
        script.add(status(503));
        script.add(status(429));
        script.add("ok");

        GatewayResponse r = run(
                effects(0.0, 1.0, 0.5),
                "{\"provider\":\"openai\",\"retry\":{\"attempts\":3}}",
                Map.of(),
                VirtualKeys.none());

        assertThat(body(r)).isEqualTo("ok");
        // ceilings 250, 500, 1000 ms; the wait lies in the upper half of each, placed by the random draw
        assertThat(slept).containsExactly(Duration.ofMillis(125), Duration.ofMillis(500), Duration.ofMillis(750));
        assertThat(exchange.responseHeaders()).containsEntry("x-portkey-retry-attempt-count", "3");
    }

    @Test
    void retriesStopAfterTheAttemptsAndOnlyOnRetryableStatuses() {
        script.add(status(500));
        script.add(status(500));
        script.add(status(500));

        assertThatThrownBy(() -> run("{\"provider\":\"openai\",\"retry\":{\"attempts\":2}}"))
                .hasMessage("failed with 500");
        assertThat(tried).hasSize(3);

        tried.clear();
        script.clear();
        script.add(status(400));
        assertThatThrownBy(() -> run("{\"provider\":\"openai\",\"retry\":{\"attempts\":2}}"))
                .hasMessage("failed with 400");
        assertThat(tried).hasSize(1);
    }

    @Test
    void retryAfterHeadersAreHonouredWhenAsked() {
        script.add(new GatewayException(
                429, "rate_limit_error", "slow down", null, null, Map.of("retry-after-ms", "1500")));
        script.add(new GatewayException(429, "rate_limit_error", "slow down", null, null, Map.of("retry-after", "2")));
        script.add(new GatewayException(
                429,
                "rate_limit_error",
                "slow down",
                null,
                null,
                Map.of("retry-after", "Sun, 22 Nov 2026 12:00:03 GMT")));

        run(
                effects(),
                "{\"provider\":\"openai\",\"retry\":{\"attempts\":3,\"use_retry_after_header\":true}}",
                Map.of(),
                VirtualKeys.none());

        assertThat(slept).containsExactly(Duration.ofMillis(1500), Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    @Test
    void aRetryAfterBeyondTheCapFailsAtOnce() {
        script.add(
                new GatewayException(429, "rate_limit_error", "slow down", null, null, Map.of("retry-after", "120")));

        assertThatThrownBy(() ->
                        run("{\"provider\":\"openai\",\"retry\":{\"attempts\":3,\"use_retry_after_header\":true}}"))
                .hasMessage("slow down");
        assertThat(slept).isEmpty();
    }

    @Test
    void loadbalanceChoosesByWeight() {
        String config =
                "{\"strategy\":{\"mode\":\"loadbalance\"},\"targets\":[{\"provider\":\"openai\",\"weight\":0.25},"
                        + "{\"provider\":\"groq\",\"weight\":0.75}]}";

        run(effects(0.2), config, Map.of(), VirtualKeys.none());
        run(effects(0.3), config, Map.of(), VirtualKeys.none());
        run(effects(0.99), config, Map.of(), VirtualKeys.none());

        assertThat(tried).extracting(Target::provider).containsExactly("openai", "groq", "groq");
    }

    @Test
    void loadbalanceSplitsTrafficInProportionOverManyRequests() {
        String config = "{\"strategy\":{\"mode\":\"loadbalance\"},\"targets\":[{\"provider\":\"openai\",\"weight\":1},"
                + "{\"provider\":\"groq\",\"weight\":3},{\"provider\":\"x-ai\",\"weight\":0}]}";
        Effects fixedSeed = new Effects(
                Clock.fixed(NOW, ZoneOffset.UTC),
                slept::add,
                java.util.random.RandomGeneratorFactory.of("L64X128MixRandom").create(42),
                () -> "t");

        for (int i = 0; i < 4000; i++) {
            run(fixedSeed, config, Map.of(), VirtualKeys.none());
        }

        long openai = tried.stream().filter(t -> t.provider().equals("openai")).count();
        long groq = tried.stream().filter(t -> t.provider().equals("groq")).count();
        assertThat(openai + groq).isEqualTo(4000);
        assertThat(openai).isBetween(900L, 1100L);
    }

    @Test
    void conditionalRoutesOnMetadataAndParamsWithADefault() {
        String config = """
                {"strategy":{"mode":"conditional","conditions":[
                   {"query":{"metadata.plan":{"$eq":"paid"}},"then":"premium"},
                   {"query":{"params.model":{"$regex":"^claude"}},"then":"claude"}],"default":"basic"},
                 "targets":[{"name":"premium","provider":"openai"},{"name":"claude","provider":"anthropic"},
                            {"name":"basic","provider":"groq"}]}""";

        run(effects(), config, Map.of("plan", "paid"), VirtualKeys.none());
        run(effects(), config, Map.of("plan", "free"), VirtualKeys.none());

        assertThat(tried).extracting(Target::provider).containsExactly("openai", "groq");
        assertThat(exchange.responseHeaders()).containsEntry("x-portkey-last-used-option-index", "config.targets[2]");
    }

    @Test
    void nestedGroupsInheritAndOverrideSettings() {
        script.add(status(500));
        script.add("ok");

        run("""
                {"override_params":{"temperature":0.1},"request_timeout":5000,"strategy":{"mode":"fallback"},"targets":[
                  {"strategy":{"mode":"single"},"override_params":{"max_tokens":9},"targets":[
                     {"provider":"openai","request_timeout":100}]},
                  {"provider":"groq","override_params":{"temperature":0.8}}]}""");

        assertThat(tried.get(0).overrideParams().toString()).isEqualTo("{\"temperature\":0.1,\"max_tokens\":9}");
        assertThat(tried.get(0).requestTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(tried.get(1).overrideParams().toString()).isEqualTo("{\"temperature\":0.8}");
        assertThat(tried.get(1).requestTimeout()).isEqualTo(Duration.ofMillis(5000));
        assertThat(exchange.responseHeaders()).containsEntry("x-portkey-last-used-option-index", "config.targets[1]");
    }

    @Test
    void theAuthorizationKeyGoesOnlyToTargetsOfTheHeadersProvider() {
        script.add(status(500));

        run(
                effects(),
                "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[{\"provider\":\"openai\"},{\"provider\":\"groq\"}]}",
                Map.of("provider", "openai", "authorization", "sk-openai"),
                VirtualKeys.none());

        assertThat(tried.get(0).apiKey()).isEqualTo("sk-openai");
        assertThat(tried.get(1).apiKey()).isNull();
    }

    @Test
    void aConfigWithoutProviderAddsSettingsToTheHeadersProvider() {
        run(
                effects(),
                "{\"retry\":{\"attempts\":1},\"override_params\":{\"seed\":1}}",
                Map.of("provider", "openai", "authorization", "sk-1"),
                VirtualKeys.none());

        assertThat(tried.getFirst().provider()).isEqualTo("openai");
        assertThat(tried.getFirst().apiKey()).isEqualTo("sk-1");
        assertThat(tried.getFirst().overrideParams().get("seed").asInt()).isEqualTo(1);
    }

    @Test
    void virtualKeysSupplyProviderKeyAndDefaults() {
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        options.put(ProviderOption.AZURE_RESOURCE_NAME, "res");
        VirtualKeys vks = id -> id.equals("azure-prod")
                ? Optional.of(new VirtualKeys.VirtualKey(id, "azure-openai", "az-key", null, false, options))
                : Optional.empty();

        run(effects(), "{\"virtual_key\":\"azure-prod\",\"deployment_id\":\"dep\"}", Map.of(), vks);
        assertThatThrownBy(() -> run(effects(), null, Map.of("virtual-key", "nope"), vks))
                .hasMessageContaining("Unknown virtual key 'nope'");

        Target t = tried.getFirst();
        assertThat(t.provider()).isEqualTo("azure-openai");
        assertThat(t.apiKey()).isEqualTo("az-key");
        assertThat(t.option(ProviderOption.AZURE_RESOURCE_NAME)).isEqualTo("res");
        assertThat(t.option(ProviderOption.AZURE_DEPLOYMENT_ID)).isEqualTo("dep");
    }

    @Test
    void aVirtualKeysSecretsGoOnlyToItsOwnHostUnlessItAllowsCallerHosts() {
        VirtualKeys vks = id -> Optional.of(
                switch (id) {
                    case "pinned" ->
                        new VirtualKeys.VirtualKey(
                                id,
                                "openai",
                                "sk-p",
                                "https://home.example/v1",
                                false,
                                new EnumMap<>(ProviderOption.class));
                    case "open" ->
                        new VirtualKeys.VirtualKey(
                                id,
                                "openai",
                                "sk-o",
                                "https://home.example/v1",
                                true,
                                new EnumMap<>(ProviderOption.class));
                    default ->
                        new VirtualKeys.VirtualKey(
                                id, "openai", "sk-d", null, false, new EnumMap<>(ProviderOption.class));
                });
        String caller = "https://caller.example/v1";

        run(effects(), null, Map.of("virtual-key", "pinned"), vks);
        run(effects(), null, Map.of("virtual-key", "pinned", "custom-host", "https://home.example/v1"), vks);
        run(effects(), null, Map.of("virtual-key", "default"), vks);
        run(effects(), null, Map.of("virtual-key", "open", "custom-host", caller), vks);
        run(effects(), "{\"virtual_key\":\"open\",\"custom_host\":\"" + caller + "\"}", Map.of(), vks);

        assertThat(tried)
                .extracting(t -> String.valueOf(t.customHost()))
                .containsExactly("https://home.example/v1", "https://home.example/v1", "null", caller, caller);
        for (String vk : List.of("pinned", "default")) {
            assertThatThrownBy(() -> run(effects(), null, Map.of("virtual-key", vk, "custom-host", caller), vks))
                    .isInstanceOfSatisfying(GatewayException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.param()).isEqualTo("x-portkey-custom-host");
                        assertThat(e.getMessage())
                                .contains("Virtual key '" + vk + "' sends its stored credentials only")
                                .contains("allow_caller_custom_host")
                                .doesNotContain("sk-");
                    });
            assertThatThrownBy(() -> run(
                            effects(),
                            "{\"virtual_key\":\"" + vk + "\",\"custom_host\":\"" + caller + "\"}",
                            Map.of(),
                            vks))
                    .isInstanceOfSatisfying(
                            GatewayException.class, e -> assertThat(e.param()).isEqualTo("x-portkey-config"));
        }
        assertThat(tried).hasSize(5);
    }

    @Test
    void aCallersOwnKeyGoesToTheCallersHost() {
        run(
                effects(),
                null,
                Map.of("provider", "openai", "authorization", "sk-own", "custom-host", "https://caller.example/v1"),
                VirtualKeys.none());
        run(
                effects(),
                "{\"provider\":\"openai\",\"api_key\":\"sk-inline\",\"custom_host\":\"https://inline.example/v1\"}",
                Map.of("custom-host", "https://caller.example/v1"),
                VirtualKeys.none());

        assertThat(tried)
                .extracting(t -> t.apiKey() + "@" + t.customHost())
                .containsExactly("sk-own@https://caller.example/v1", "sk-inline@https://inline.example/v1");
    }

    @Test
    void anUnknownProviderInAConfigIsABadRequest() {
        assertThatThrownBy(() -> run("{\"provider\":\"openia\"}"))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("Unknown provider 'openia'");
    }
}
