package io.jetway.gateway.provider.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.Endpoint;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRegistry;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Providers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where embeddings and model lists go for the OpenAI-format providers: the provider's documented
 * URL (cited in {@code CompatibleProviders.SERVED}), the custom host replacing the base URL as for
 * chat, the caller's body unchanged, the key as for chat; a model list is a GET without a body.
 */
class EmbeddingsAndModelsUrlsTest {

    private static final ProviderRegistry PROVIDERS = Providers.defaults();
    private static final String BODY = "{\"model\":\"m\",\"input\":[\"a\",\"b\"],\"dimensions\":256,\"x_extra\":1}";

    static Stream<Arguments> embeddings() {
        return Stream.of(
                Arguments.of("openai", "https://api.openai.com/v1/embeddings"),
                Arguments.of("mistral-ai", "https://api.mistral.ai/v1/embeddings"),
                Arguments.of("together-ai", "https://api.together.xyz/v1/embeddings"),
                Arguments.of("fireworks-ai", "https://api.fireworks.ai/inference/v1/embeddings"),
                Arguments.of("deepinfra", "https://api.deepinfra.com/v1/openai/embeddings"),
                Arguments.of("ollama", "http://localhost:11434/v1/embeddings"),
                Arguments.of("nebius", "https://api.tokenfactory.nebius.com/v1/embeddings"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("embeddings")
    void embeddingsGoToTheProvidersDocumentedUrlWithTheCallersBodyUnchanged(String provider, String url) {
        ProviderRequest prepared = PROVIDERS.get(provider, "p").prepareEmbeddings(call(provider, null, Map.of()));

        assertThat(prepared.uri()).isEqualTo(URI.create(url));
        assertThat(new String(prepared.body(), StandardCharsets.UTF_8)).isEqualTo(BODY);
        assertThat(prepared.headers()).containsEntry("authorization", "Bearer test-key");
    }

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("openai", "https://api.openai.com/v1/models"),
                Arguments.of("groq", "https://api.groq.com/openai/v1/models"),
                Arguments.of("deepseek", "https://api.deepseek.com/models"),
                Arguments.of("openrouter", "https://openrouter.ai/api/v1/models"),
                Arguments.of("x-ai", "https://api.x.ai/v1/models"),
                Arguments.of("cerebras", "https://api.cerebras.ai/v1/models"),
                Arguments.of("together-ai", "https://api.together.xyz/v1/models"),
                Arguments.of("ollama", "http://localhost:11434/v1/models"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("models")
    void aModelListIsAGetOfTheProvidersDocumentedUrl(String provider, String url) {
        ProviderRequest prepared = PROVIDERS.get(provider, "p").prepareModels(models(provider, null, Map.of()));

        assertThat(prepared.uri()).isEqualTo(URI.create(url));
        assertThat(prepared.body()).isNull();
        assertThat(prepared.headers())
                .containsEntry("authorization", "Bearer test-key")
                .doesNotContainKey("content-type");
    }

    @Test
    void aCustomHostReplacesTheBaseUrlAsForChat() {
        URI host = URI.create("https://proxy.example.com/pk");

        assertThat(PROVIDERS
                        .get("together-ai", "p")
                        .prepareEmbeddings(call("together-ai", host, Map.of()))
                        .uri())
                .isEqualTo(URI.create("https://proxy.example.com/pk/v1/embeddings"));
        assertThat(PROVIDERS
                        .get("openai", "p")
                        .prepareModels(models("openai", host, Map.of()))
                        .uri())
                .isEqualTo(URI.create("https://proxy.example.com/pk/models"));
    }

    @Test
    void azureEmbeddingsGoToTheDeploymentOrToTheV1ApiWithItsApiKey() {
        Map<ProviderOption, String> deployment =
                Map.of(ProviderOption.AZURE_RESOURCE_NAME, "res", ProviderOption.AZURE_DEPLOYMENT_ID, "emb3");
        Map<ProviderOption, String> v1 =
                Map.of(ProviderOption.AZURE_RESOURCE_NAME, "res", ProviderOption.AZURE_API_VERSION, "v1");
        var azure = PROVIDERS.get("azure-openai", "p");

        ProviderRequest byDeployment = azure.prepareEmbeddings(call("azure-openai", null, deployment));
        assertThat(byDeployment.uri())
                .isEqualTo(URI.create(
                        "https://res.openai.azure.com/openai/deployments/emb3/embeddings?api-version=2024-10-21"));
        assertThat(byDeployment.headers()).containsEntry("api-key", "test-key").doesNotContainKey("authorization");
        assertThat(azure.prepareEmbeddings(call("azure-openai", null, v1)).uri())
                .isEqualTo(URI.create("https://res.openai.azure.com/openai/v1/embeddings"));
        assertThat(azure.prepareModels(models("azure-openai", null, deployment)).uri())
                .isEqualTo(URI.create("https://res.openai.azure.com/openai/models?api-version=2024-10-21"));
        assertThat(azure.prepareModels(models("azure-openai", null, v1)).uri())
                .isEqualTo(URI.create("https://res.openai.azure.com/openai/v1/models"));
    }

    @Test
    void providersSayWhichEndpointsTheyServe() {
        assertThat(PROVIDERS.serving(Endpoint.EMBEDDINGS))
                .contains("openai", "azure-openai", "mistral-ai")
                .doesNotContain("groq", "anthropic", "deepseek");
        assertThat(PROVIDERS.serving(Endpoint.MODELS))
                .contains("openai", "groq", "azure-openai")
                .doesNotContain("perplexity-ai", "bedrock");
        assertThat(PROVIDERS.get("bedrock", "p").endpoints())
                .containsExactlyInAnyOrder(Endpoint.CHAT, Endpoint.EMBEDDINGS);
        // Anthropic's Messages: every chat provider (natively or translated).
        assertThat(PROVIDERS.serving(Endpoint.MESSAGES)).isEqualTo(PROVIDERS.serving(Endpoint.CHAT));
    }

    private static ProviderCall call(String provider, URI customHost, Map<ProviderOption, String> options) {
        return new ProviderCall(
                ChatRequest.of(Endpoint.EMBEDDINGS, BODY.getBytes(StandardCharsets.UTF_8), "m"),
                target(provider, customHost, options),
                "trace-1",
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static ProviderCall models(String provider, URI customHost, Map<ProviderOption, String> options) {
        return new ProviderCall(
                ChatRequest.of(Endpoint.MODELS, new byte[0], null),
                target(provider, customHost, options),
                "trace-1",
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static Target target(String provider, URI customHost, Map<ProviderOption, String> options) {
        EnumMap<ProviderOption, String> opts = new EnumMap<>(ProviderOption.class);
        opts.putAll(options);
        return new Target(provider, "test-key", customHost, null, opts, null, Map.of(), true);
    }
}
