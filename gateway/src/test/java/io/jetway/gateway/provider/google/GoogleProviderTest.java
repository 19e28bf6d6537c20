package io.jetway.gateway.provider.google;

import static io.jetway.gateway.provider.google.GeminiFixtures.call;
import static io.jetway.gateway.provider.google.GeminiFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.ProviderRequest;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoogleProviderTest {

    private final GoogleProvider provider = new GoogleProvider();

    private static String req(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @Test
    void callsGenerateContentWithTheKeyInTheGoogApiKeyHeader() {
        ProviderRequest r = provider.translate(
                        call(req("gemini-2.5-flash", false), target("google", "AIza-test", true)))
                .request();
        assertThat(r.uri())
                .isEqualTo(URI.create(
                        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"));
        assertThat(r.headers())
                .containsEntry("x-goog-api-key", "AIza-test")
                .containsEntry("content-type", "application/json")
                .doesNotContainKey("authorization");
    }

    @Test
    void streamsWithServerSentEvents() {
        ProviderRequest r = provider.translate(call(req("gemini-2.5-flash", true), target("google", "k", true)))
                .request();
        assertThat(r.uri())
                .isEqualTo(
                        URI.create(
                                "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"));
        assertThat(r.headers()).containsEntry("accept", "text/event-stream");
    }

    @Test
    void aCustomHostReplacesTheBaseUrlAndThePathStartsWithV1betaAsInPortkey() {
        ProviderRequest r = provider.translate(call(
                        req("gemini-2.5-flash", false),
                        target("google", "k", URI.create("https://proxy.example.com/gemini"), null, Map.of(), true)))
                .request();
        assertThat(r.uri())
                .isEqualTo(
                        URI.create("https://proxy.example.com/gemini/v1beta/models/gemini-2.5-flash:generateContent"));
    }

    @Test
    void acceptsResourceNamesAndTunedModels() {
        assertThat(provider.translate(call(req("models/gemini-2.0-flash", false), target("google", "k", true)))
                        .request()
                        .uri()
                        .getPath())
                .isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
        assertThat(provider.translate(call(req("tunedModels/my-model-123", false), target("google", "k", true)))
                        .request()
                        .uri()
                        .getPath())
                .isEqualTo("/v1beta/tunedModels/my-model-123:generateContent");
    }

    @Test
    void refusesModelIdsThatWouldChangeThePath() {
        for (String model : new String[] {"../files/x", "gemini?x=1", "a/b", "models/../x"}) {
            assertThatThrownBy(() -> provider.translate(call(req(model, false), target("google", "k", true)))
                            .request())
                    .as(model)
                    .isInstanceOfSatisfying(
                            GatewayException.class, e -> assertThat(e.param()).isEqualTo("model"));
        }
    }

    @Test
    void refusesACallWithoutAKey() {
        assertThatThrownBy(() -> provider.translate(call(req("gemini-2.5-flash", false), target("google", null, true)))
                        .request())
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void reportsDroppedFields() {
        String body = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"logit_bias\":{\"50256\":-100},\"store\":true}";
        assertThat(provider.translate(call(body, target("google", "k", true)))
                        .request()
                        .droppedParams())
                .containsExactly("logit_bias", "store");
    }
}
