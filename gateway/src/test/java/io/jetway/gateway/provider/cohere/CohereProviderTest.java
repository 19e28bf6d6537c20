package io.jetway.gateway.provider.cohere;

import static io.jetway.gateway.provider.cohere.CohereFixtures.call;
import static io.jetway.gateway.provider.cohere.CohereFixtures.request;
import static io.jetway.gateway.provider.cohere.CohereFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Providers;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Where and how the Cohere call is sent. */
class CohereProviderTest {

    private final CohereProvider provider = new CohereProvider();

    @Test
    void isRegisteredAsCohere() {
        assertThat(Providers.defaults().get("cohere", "x-portkey-provider")).isInstanceOf(CohereProvider.class);
    }

    @Test
    void postsToV2ChatOnCoheresApiWithTheKeyAsBearer() {
        ProviderRequest prepared = provider.translate(call(
                        request("{\"model\":\"command-r\",\"messages\":[{\"role\":" + "\"user\",\"content\":\"hi\"}]}"),
                        target(true)))
                .request();

        assertThat(prepared.uri()).isEqualTo(URI.create("https://api.cohere.com/v2/chat"));
        assertThat(prepared.headers())
                .containsEntry("authorization", "Bearer co-test-key")
                .containsEntry("content-type", "application/json")
                .containsEntry("accept", "application/json");
        assertThat(prepared.toString()).doesNotContain("co-test-key");
    }

    @Test
    void asksForAnEventStreamWhenStreaming() {
        ProviderRequest prepared = provider.translate(call(
                        request("{\"model\":\"command-r\",\"stream\":true,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                        target(true)))
                .request();

        assertThat(prepared.headers()).containsEntry("accept", "text/event-stream");
        assertThat(CohereFixtures.tree(prepared.body()).path("stream").asBoolean())
                .isTrue();
    }

    @Test
    void replacesTheBaseUrlWithTheCustomHost() {
        ProviderRequest prepared = provider.translate(call(
                        request("{\"model\":\"command-r\",\"messages\":[{\"role\":" + "\"user\",\"content\":\"hi\"}]}"),
                        target(true, URI.create("https://proxy.example.com/cohere/"), null)))
                .request();

        assertThat(prepared.uri()).isEqualTo(URI.create("https://proxy.example.com/cohere/v2/chat"));
    }

    @Test
    void reportsDroppedParams() {
        ProviderRequest prepared = provider.translate(call(
                        request("{\"model\":\"command-r\",\"user\":\"u1\","
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                        target(true)))
                .request();

        assertThat(prepared.droppedParams()).containsExactly("user");
    }
}
