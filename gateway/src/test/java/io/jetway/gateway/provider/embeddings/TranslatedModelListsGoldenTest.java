package io.jetway.gateway.provider.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.Endpoint;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRegistry;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Providers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Model lists of the providers whose lists are not OpenAI's, from the answers their docs show
 * ({@code src/test/resources/providers/<provider>/models/SOURCES.md}): a GET with the provider's own
 * credentials, the answer mapped to OpenAI's list of ids.
 */
class TranslatedModelListsGoldenTest {

    private static final ProviderRegistry PROVIDERS = Providers.defaults();

    @Test
    void anthropicsModelListBecomesOpenAisWithItsCreationTime() throws IOException {
        ProviderRequest prepared = PROVIDERS.get("anthropic", "p").prepareModels(call("anthropic"));

        assertThat(prepared.uri()).isEqualTo(URI.create("https://api.anthropic.com/v1/models?limit=1000"));
        assertThat(prepared.body()).isNull();
        assertThat(prepared.headers())
                .containsEntry("x-api-key", "test-key")
                .containsEntry("anthropic-version", "2023-06-01");
        assertThat(Json.MAPPER.readTree(PROVIDERS
                        .get("anthropic", "p")
                        .mapModels(call("anthropic"), fixture("anthropic/models/response.json"))))
                .isEqualTo(Json.MAPPER.readTree("""
                {"object":"list","data":[{"id":"claude-3-7-sonnet-20250219","object":"model","created":1739923200,
                "owned_by":"anthropic"}]}"""));
    }

    @Test
    void geminisModelListBecomesOpenAisWithoutTheModelsPrefix() throws IOException {
        ProviderRequest prepared = PROVIDERS.get("google", "p").prepareModels(call("google"));

        assertThat(prepared.uri())
                .isEqualTo(URI.create("https://generativelanguage.googleapis.com/v1beta/models?pageSize=1000"));
        assertThat(prepared.headers()).containsEntry("x-goog-api-key", "test-key");
        assertThat(Json.MAPPER.readTree(
                        PROVIDERS.get("google", "p").mapModels(call("google"), fixture("google/models/response.json"))))
                .isEqualTo(Json.MAPPER.readTree("""
                {"object":"list","data":[
                {"id":"gemini-2.5-flash","object":"model","created":0,"owned_by":"google"},
                {"id":"gemini-embedding-001","object":"model","created":0,"owned_by":"google"}]}"""));
    }

    @Test
    void coheresModelListBecomesOpenAis() throws IOException {
        ProviderRequest prepared = PROVIDERS.get("cohere", "p").prepareModels(call("cohere"));

        assertThat(prepared.uri()).isEqualTo(URI.create("https://api.cohere.com/v1/models?page_size=1000"));
        assertThat(prepared.headers()).containsEntry("authorization", "Bearer test-key");
        assertThat(Json.MAPPER.readTree(
                        PROVIDERS.get("cohere", "p").mapModels(call("cohere"), fixture("cohere/models/response.json"))))
                .isEqualTo(Json.MAPPER.readTree("""
                {"object":"list","data":[
                {"id":"command-a-03-2025","object":"model","created":0,"owned_by":"cohere"},
                {"id":"embed-v4.0","object":"model","created":0,"owned_by":"cohere"}]}"""));
    }

    @Test
    void aListWithoutItsArrayIsA502() {
        assertThatThrownBy(() -> PROVIDERS.get("google", "p").mapModels(call("google"), "<html>".getBytes()))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.status()).isEqualTo(502));
    }

    private static ProviderCall call(String provider) {
        Target target =
                new Target(provider, "test-key", null, null, new EnumMap<>(ProviderOption.class), null, Map.of(), true);
        return new ProviderCall(
                ChatRequest.of(Endpoint.MODELS, new byte[0], null),
                target,
                "trace-1",
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static byte[] fixture(String path) throws IOException {
        try (InputStream in = TranslatedModelListsGoldenTest.class.getResourceAsStream("/providers/" + path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        }
    }
}
