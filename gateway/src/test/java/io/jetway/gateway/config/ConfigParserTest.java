package io.jetway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.ProviderOption;
import org.junit.jupiter.api.Test;

class ConfigParserTest {

    @Test
    void readsATopLevelTargetWithEverySetting() {
        GatewayConfig c = ConfigParser.parse("""
                {"provider":"Azure-OpenAI","api_key":"k","custom_host":"https://h/openai","request_timeout":3000,
                 "override_params":{"model":"gpt-4o"},"forward_headers":["X-Tenant"],"strict_open_ai_compliance":false,
                 "resource_name":"res","deployment_id":"dep","api_version":"2024-10-21"}""");

        assertThat(c.provider()).isEqualTo("azure-openai");
        assertThat(c.apiKey()).isEqualTo("k");
        assertThat(c.customHost()).isEqualTo("https://h/openai");
        assertThat(c.requestTimeoutMs()).isEqualTo(3000);
        assertThat(c.overrideParams().get("model").asText()).isEqualTo("gpt-4o");
        assertThat(c.forwardHeaders()).containsExactly("x-tenant");
        assertThat(c.strictOpenAiCompliance()).isFalse();
        assertThat(c.options()).containsEntry(ProviderOption.AZURE_RESOURCE_NAME, "res")
                .containsEntry(ProviderOption.AZURE_DEPLOYMENT_ID, "dep");
        assertThat(c.toString()).doesNotContain("\"k\"");
    }

    @Test
    void readsASingleStrategyWithOneTarget() {
        GatewayConfig c = ConfigParser.parse("{\"strategy\":{\"mode\":\"single\"},\"targets\":[{\"provider\":\"groq\"}]}");

        assertThat(c.provider()).isEqualTo("groq");
        assertThat(c.path()).isEqualTo("config.targets[0]");
    }

    @Test
    void listsEveryProblemWithItsPath() {
        assertThatThrownBy(() -> ConfigParser.parse(
                "{\"provider\":5,\"apikey\":\"x\",\"request_timeout\":-1,\"override_params\":[1],\"forward_headers\":\"x\"}"))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("config.provider must be a non-empty string")
                .hasMessageContaining("config.apikey is not a known config key")
                .hasMessageContaining("config.request_timeout must be a positive integer")
                .hasMessageContaining("config.override_params must be an object")
                .hasMessageContaining("config.forward_headers must be an array")
                .satisfies(e -> assertThat(((GatewayException) e).param()).isEqualTo("x-portkey-config"));
    }

    @Test
    void featuresNotBuiltYetAreRefusedNotIgnored() {
        assertThatThrownBy(() -> ConfigParser.parse(
                "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[{\"provider\":\"openai\"},{\"provider\":\"groq\"}]}"))
                .hasMessageContaining("'fallback' is not supported by this gateway version yet");
        assertThatThrownBy(() -> ConfigParser.parse("{\"provider\":\"openai\",\"cache\":{\"mode\":\"simple\"}}"))
                .hasMessageContaining("config.cache is not supported");
        assertThatThrownBy(() -> ConfigParser.parse("{\"strategy\":{\"mode\":\"roundrobin\"},\"targets\":[{}]}"))
                .hasMessageContaining("'roundrobin' is unknown");
    }

    @Test
    void aStoredConfigIdOrInvalidJsonIsABadRequest() {
        assertThatThrownBy(() -> ConfigParser.parse("pc-abc123")).hasMessageContaining("not inline JSON");
        assertThatThrownBy(() -> ConfigParser.parse("{\"provider\":")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ConfigParser.parse("{\"targets\":[]}")).hasMessageContaining("non-empty array");
    }
}
