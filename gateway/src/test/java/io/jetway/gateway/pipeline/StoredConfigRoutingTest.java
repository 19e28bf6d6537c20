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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** {@code x-portkey-config: <id>} resolved through the stored configs, with virtual keys in its targets. */
class StoredConfigRoutingTest {

    static final ChatRequest REQUEST = new RequestParser(Json.MAPPER)
            .parse(
                    "application/json",
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                            .getBytes(StandardCharsets.UTF_8));

    final List<Target> tried = new ArrayList<>();

    Exchange run(String config, StoredConfigs configs, VirtualKeys keys) {
        return run(config, configs, keys, null, null);
    }

    Exchange run(String config, StoredConfigs configs, VirtualKeys keys, String customHostHeader, String providerKey) {
        RoutingInterceptor routing = new RoutingInterceptor(
                Providers.defaults(),
                new CustomHostPolicy(Set.of(), host -> new InetAddress[] {InetAddress.getByName("93.184.216.34")}),
                keys,
                configs,
                new Effects(
                        Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
                        d -> {},
                        RandomGenerator.of("L64X128MixRandom"),
                        () -> "t"));
        Interceptor terminal = chain -> {
            tried.add(chain.exchange().target());
            return new GatewayResponse.Complete(200, new LinkedHashMap<>(), new byte[0]);
        };
        PortkeyHeaders headers = new PortkeyHeaders(
                null,
                config,
                null,
                null,
                providerKey,
                customHostHeader,
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
        Exchange ex = new Exchange(REQUEST, headers, "t", Instant.EPOCH);
        new Pipeline(List.of(routing, terminal)).execute(ex);
        return ex;
    }

    @Test
    void aConfigIdIsLookedUpAndRoutedLikeInlineJson() {
        StoredConfigs configs = id -> id.equals("pc-prod") ? Optional.of("""
                {"strategy":{"mode":"single"},"targets":[{"virtual_key":"openai-prod","override_params":{"model":"gpt-4o"}}]}""") : Optional.empty();
        VirtualKeys keys = id -> id.equals("openai-prod")
                ? Optional.of(new VirtualKeys.VirtualKey(
                        id, "openai", "sk-stored", null, false, new EnumMap<>(ProviderOption.class)))
                : Optional.empty();

        Exchange ex = run(" pc-prod ", configs, keys);

        assertThat(tried).singleElement().satisfies(t -> {
            assertThat(t.provider()).isEqualTo("openai");
            assertThat(t.apiKey()).isEqualTo("sk-stored");
            assertThat(t.overrideParams().get("model").asText()).isEqualTo("gpt-4o");
        });
        assertThat(ex.responseHeaders()).containsEntry("x-portkey-last-used-option-index", "config.targets[0]");
    }

    @Test
    void anUnknownConfigIdIsABadRequestNamingIt() {
        assertThatThrownBy(() -> run("pc-missing", StoredConfigs.none(), VirtualKeys.none()))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("'pc-missing'").contains("no stored config");
                    assertThat(e.param()).isEqualTo("x-portkey-config");
                    assertThat(e.code()).isEqualTo("config_not_found");
                });
        assertThat(tried).isEmpty();
    }

    @Test
    void aStoredConfigNamingAnUnknownVirtualKeyIsABadRequest() {
        StoredConfigs configs = id -> Optional.of("{\"virtual_key\":\"gone\"}");

        assertThatThrownBy(() -> run("pc-1", configs, VirtualKeys.none()))
                .hasMessageContaining("Unknown virtual key 'gone'");
        assertThat(tried).isEmpty();
    }

    @Test
    void aStoredConfigsOwnApiKeyNeverFollowsTheCustomHostHeader() {
        StoredConfigs configs = id -> Optional.of("{\"provider\":\"openai\",\"api_key\":\"sk-in-config\"}");

        assertThatThrownBy(() -> run("pc-1", configs, VirtualKeys.none(), "https://caller.example/v1", null))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("x-portkey-custom-host");
                    assertThat(e.getMessage())
                            .contains("Stored config 'pc-1' holds stored credentials")
                            .doesNotContain("sk-in-config");
                });
        assertThat(tried).isEmpty();
    }

    @Test
    void aStoredConfigsOwnCustomHostCarriesItsOwnApiKey() {
        StoredConfigs configs = id -> Optional.of("""
                {"provider":"openai","api_key":"sk-in-config","custom_host":"https://proxy.example/v1"}""");

        run("pc-1", configs, VirtualKeys.none(), "https://caller.example/v1", null);

        assertThat(tried).singleElement().satisfies(t -> {
            assertThat(t.apiKey()).isEqualTo("sk-in-config");
            assertThat(t.customHost()).hasToString("https://proxy.example/v1");
        });
    }

    @Test
    void aStoredConfigWithoutCredentialsLetsTheCallersOwnKeyGoToTheCallersHost() {
        StoredConfigs configs = id -> Optional.of("{\"provider\":\"openai\",\"override_params\":{\"model\":\"m\"}}");

        run("pc-1", configs, VirtualKeys.none(), "https://caller.example/v1", "sk-callers-own");

        assertThat(tried).singleElement().satisfies(t -> {
            assertThat(t.apiKey()).isEqualTo("sk-callers-own");
            assertThat(t.customHost()).hasToString("https://caller.example/v1");
        });
    }
}
