package io.jetway.gateway.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.google.GeminiRequestMapper;
import io.jetway.gateway.requests.RequestParser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VertexProviderTest {

    private static final String KEY_FILE = """
            {"type":"service_account","project_id":"sa-project","private_key_id":"k1",
             "private_key":"-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----\\n",
             "client_email":"gw@sa-project.iam.gserviceaccount.com","token_uri":"https://oauth2.googleapis.com/token"}""";

    private final List<ServiceAccount> exchanged = new ArrayList<>();
    private final VertexProvider provider = new VertexProvider(account -> {
        exchanged.add(account);
        return "ya29.from-service-account";
    });

    private static ChatRequest request(String model, boolean stream) {
        String json = "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return new RequestParser(Json.MAPPER).parse("application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static ProviderCall call(
            ChatRequest request, String apiKey, URI customHost, Map<ProviderOption, String> options) {
        EnumMap<ProviderOption, String> opts = new EnumMap<>(ProviderOption.class);
        opts.putAll(options);
        return new ProviderCall(
                request,
                new Target("vertex-ai", apiKey, customHost, null, opts, null, Map.of(), true),
                "trace",
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private ProviderRequest prepare(String model, Map<ProviderOption, String> options) {
        return provider.translate(call(request(model, false), "ya29.given", null, options))
                .request();
    }

    @Test
    void callsTheRegionalGenerateContentEndpointWithTheGivenAccessToken() {
        ProviderRequest r = prepare(
                "gemini-2.5-flash",
                Map.of(ProviderOption.VERTEX_PROJECT_ID, "my-project", ProviderOption.VERTEX_REGION, "us-east5"));
        assertThat(r.uri())
                .isEqualTo(URI.create("https://us-east5-aiplatform.googleapis.com/v1/projects/my-project/"
                        + "locations/us-east5/publishers/google/models/gemini-2.5-flash:generateContent"));
        assertThat(r.headers())
                .containsEntry("authorization", "Bearer ya29.given")
                .doesNotContainKey("x-goog-api-key");
        assertThat(exchanged).isEmpty();
    }

    @Test
    void defaultsToUsCentral1AndUsesTheGlobalHostForTheGlobalLocation() {
        assertThat(prepare("gemini-2.5-flash", Map.of(ProviderOption.VERTEX_PROJECT_ID, "p"))
                        .uri()
                        .toString())
                .startsWith("https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/");
        assertThat(prepare(
                                "gemini-3-pro-preview",
                                Map.of(ProviderOption.VERTEX_PROJECT_ID, "p", ProviderOption.VERTEX_REGION, "global"))
                        .uri())
                .isEqualTo(URI.create("https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/"
                        + "google/models/gemini-3-pro-preview:generateContent"));
    }

    @Test
    void streamsWithServerSentEvents() {
        ProviderRequest r = provider.translate(call(
                        request("gemini-2.5-flash", true), "t", null, Map.of(ProviderOption.VERTEX_PROJECT_ID, "p")))
                .request();
        assertThat(r.uri().toString()).endsWith("/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    }

    @Test
    void aCustomHostReplacesTheHostAndThePathStartsWithV1AsInPortkey() {
        ProviderRequest r = provider.translate(call(
                        request("gemini-2.5-flash", false),
                        "t",
                        URI.create("http://vertex-proxy.internal:8080"),
                        Map.of(ProviderOption.VERTEX_PROJECT_ID, "p")))
                .request();
        assertThat(r.uri())
                .isEqualTo(URI.create("http://vertex-proxy.internal:8080/v1/projects/p/locations/us-central1/"
                        + "publishers/google/models/gemini-2.5-flash:generateContent"));
    }

    @Test
    void exchangesAServiceAccountKeyAndTakesItsProjectWhenNoneIsGiven() {
        ProviderRequest r = provider.translate(call(
                        request("gemini-2.5-pro", false),
                        "ignored-when-a-key-file-is-given",
                        null,
                        Map.of(ProviderOption.VERTEX_SERVICE_ACCOUNT_JSON, KEY_FILE)))
                .request();
        assertThat(r.headers()).containsEntry("authorization", "Bearer ya29.from-service-account");
        assertThat(r.uri().getPath()).startsWith("/v1/projects/sa-project/");
        assertThat(exchanged).singleElement().satisfies(a -> {
            assertThat(a.clientEmail()).isEqualTo("gw@sa-project.iam.gserviceaccount.com");
            assertThat(a.tokenUri()).isEqualTo("https://oauth2.googleapis.com/token");
            assertThat(a.toString()).doesNotContain("PRIVATE");
        });
    }

    @Test
    void theProjectHeaderWinsOverTheKeyFilesProject() {
        ProviderRequest r = prepare(
                "gemini-2.5-pro",
                Map.of(
                        ProviderOption.VERTEX_SERVICE_ACCOUNT_JSON,
                        KEY_FILE,
                        ProviderOption.VERTEX_PROJECT_ID,
                        "other-project"));
        assertThat(r.uri().getPath()).startsWith("/v1/projects/other-project/");
    }

    @Test
    void sendsTheSameGeminiBodyAsTheGeminiApi() {
        ChatRequest request = request("gemini-2.5-flash", false);
        ProviderRequest r = provider.translate(call(request, "t", null, Map.of(ProviderOption.VERTEX_PROJECT_ID, "p")))
                .request();
        assertThat(r.body())
                .isEqualTo(new GeminiRequestMapper().map(request.body(), true).body());
    }

    @Test
    void acceptsThePublisherPrefixedGeminiModelName() {
        assertThat(prepare("google.gemini-2.5-flash", Map.of(ProviderOption.VERTEX_PROJECT_ID, "p"))
                        .uri()
                        .getPath())
                .endsWith("/publishers/google/models/gemini-2.5-flash:generateContent");
    }

    @Test
    void routesClaudeModelsToRawPredictAndGeminiModelsToGenerateContent() {
        assertThat(prepare("claude-3-5-sonnet-v2@20241022", Map.of(ProviderOption.VERTEX_PROJECT_ID, "p"))
                        .uri()
                        .getPath())
                .endsWith("/publishers/anthropic/models/claude-3-5-sonnet-v2@20241022:rawPredict");
        assertThat(prepare("gemini-2.5-flash", Map.of(ProviderOption.VERTEX_PROJECT_ID, "p"))
                        .uri()
                        .getPath())
                .endsWith("/publishers/google/models/gemini-2.5-flash:generateContent");
    }

    @Test
    void refusesOtherPublishersModels() {
        assertThatThrownBy(() ->
                        prepare("meta.llama-3.1-405b-instruct-maas", Map.of(ProviderOption.VERTEX_PROJECT_ID, "p")))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo("unsupported_model"));
    }

    @Test
    void needsAProjectAValidRegionAndCredentials() {
        assertThatThrownBy(() -> prepare("gemini-2.5-flash", Map.of()))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.param()).isEqualTo("x-portkey-vertex-project-id"));
        assertThatThrownBy(() -> prepare(
                        "gemini-2.5-flash",
                        Map.of(
                                ProviderOption.VERTEX_PROJECT_ID,
                                "p",
                                ProviderOption.VERTEX_REGION,
                                "us-central1/../x")))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.param()).isEqualTo("x-portkey-vertex-region"));
        assertThatThrownBy(() -> provider.translate(call(
                                request("gemini-2.5-flash", false),
                                null,
                                null,
                                Map.of(ProviderOption.VERTEX_PROJECT_ID, "p")))
                        .request())
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void refusesAKeyFileThatIsNotJsonWithoutEchoingIt() {
        assertThatThrownBy(() -> prepare(
                        "gemini-2.5-flash",
                        Map.of(ProviderOption.VERTEX_SERVICE_ACCOUNT_JSON, "secret-stuff-not-json")))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).doesNotContain("secret-stuff");
                });
        assertThatThrownBy(() -> prepare(
                        "gemini-2.5-flash",
                        Map.of(
                                ProviderOption.VERTEX_SERVICE_ACCOUNT_JSON,
                                "{\"type\":\"authorized_user\",\"client_id\":\"x\"}")))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.getMessage()).contains("authorized_user"));
    }

    @Test
    void namesVertexInItsErrors() {
        GatewayException e = provider.mapError(
                call(request("gemini-2.5-flash", false), "t", null, Map.of()), 500, new byte[0], n -> null);
        assertThat(e.getMessage()).contains("vertex-ai");
    }
}
