package io.jetway.gateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Providers;
import io.jetway.gateway.provider.conformance.ConformanceCases;
import java.net.URI;
import java.util.EnumMap;
import org.junit.jupiter.api.Test;

class AnthropicProviderTest {

    private final AnthropicProvider provider = new AnthropicProvider();

    @Test
    void isRegisteredAsAnthropic() {
        assertThat(Providers.defaults().get("anthropic", "x-portkey-provider")).isInstanceOf(AnthropicProvider.class);
    }

    @Test
    void postsToTheMessagesEndpointWithTheKeyAndTheDefaultVersion() {
        ProviderRequest r = provider.translate(Fixtures.call(AnthropicResponseMapperTest.PLAIN, true))
                .request();
        assertThat(r.uri()).isEqualTo(URI.create("https://api.anthropic.com/v1/messages"));
        assertThat(r.headers())
                .containsEntry("x-api-key", "sk-ant-test")
                .containsEntry("anthropic-version", "2023-06-01")
                .containsEntry("content-type", "application/json")
                .doesNotContainKey("anthropic-beta")
                .doesNotContainKey("authorization");
        assertThat(r.toString()).doesNotContain("sk-ant-test");
    }

    @Test
    void aCustomHostReplacesTheBaseAndVersionAndBetaOptionsBecomeHeaders() {
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        options.put(ProviderOption.ANTHROPIC_VERSION, "2023-01-01");
        options.put(ProviderOption.ANTHROPIC_BETA, "context-1m-2025-08-07,files-api-2025-04-14");
        ProviderRequest r = provider.translate(Fixtures.call(
                        AnthropicStreamMapperTest.PLAIN,
                        Fixtures.target(true, URI.create("http://127.0.0.1:8080/v1/"), null, options)))
                .request();
        assertThat(r.uri()).isEqualTo(URI.create("http://127.0.0.1:8080/v1/messages"));
        assertThat(r.headers())
                .containsEntry("anthropic-version", "2023-01-01")
                .containsEntry("anthropic-beta", "context-1m-2025-08-07,files-api-2025-04-14")
                .containsEntry("accept", "text/event-stream");
    }

    @Test
    void droppedParametersReachTheProviderRequest() {
        ProviderRequest r = provider.translate(Fixtures.call(
                        Fixtures.request(ConformanceCases.text("anthropic", "dropped", "request.json")), true))
                .request();
        assertThat(r.droppedParams()).contains("frequency_penalty", "seed", "n");
    }
}
