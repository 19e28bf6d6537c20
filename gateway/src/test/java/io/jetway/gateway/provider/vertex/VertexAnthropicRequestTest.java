package io.jetway.gateway.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.anthropic.AnthropicRequestMapper;
import io.jetway.gateway.provider.conformance.ConformanceCases;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Claude on Vertex AI, request side: the golden {@code rawPredict} body (Anthropic's Messages
 * request without {@code model}, with {@code anthropic_version: vertex-2023-10-16}), URL, headers
 * and credentials.
 */
class VertexAnthropicRequestTest {

    private static final String KEY_FILE = """
            {"type":"service_account","project_id":"sa-project","private_key_id":"k1",
             "private_key":"-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----\\n",
             "client_email":"gw@sa-project.iam.gserviceaccount.com","token_uri":"https://oauth2.googleapis.com/token"}""";
    private static final Map<ProviderOption, String> US_EAST5 =
            Map.of(ProviderOption.VERTEX_PROJECT_ID, "my-project", ProviderOption.VERTEX_REGION, "us-east5");

    private final List<ServiceAccount> exchanged = new ArrayList<>();
    private final VertexProvider provider = new VertexProvider(account -> {
        exchanged.add(account);
        return "ya29.from-service-account";
    });

    private static ChatRequest hello(String model, boolean stream) {
        return VertexFixtures.request("{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    private ProviderRequest prepare(ChatRequest request, Map<ProviderOption, String> options) {
        return provider.translate(VertexFixtures.call(request, "ya29.given", null, options))
                .request();
    }

    @Test
    void sendsTheGoldenRawPredictBodyWithTheVertexVersionAndNoModel() {
        ProviderRequest r = prepare(
                VertexFixtures.request(ConformanceCases.text("vertex-ai", "claude-tools", "request.json")), US_EAST5);

        JsonNode body = VertexFixtures.json(r.body());
        assertThat(body)
                .isEqualTo(
                        VertexFixtures.json(ConformanceCases.text("vertex-ai", "claude-tools", "request.upstream.json")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(body.fieldNames().next()).as("the version leads the body").isEqualTo("anthropic_version");
        assertThat(body.has("model")).isFalse();
        assertThat(r.droppedParams()).containsExactly("seed");
    }

    @Test
    void callsRawPredictOfThePublisherAnthropicWithTheVersionedModelIdInThePath() {
        ProviderRequest r = prepare(hello("claude-sonnet-4-5@20250929", false), US_EAST5);
        assertThat(r.uri())
                .isEqualTo(URI.create("https://us-east5-aiplatform.googleapis.com/v1/projects/my-project/"
                        + "locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict"));
        assertThat(r.uri().getRawPath())
                .as("@ is a path character: sent as it is")
                .endsWith("/claude-sonnet-4-5@20250929:rawPredict");
    }

    @Test
    void streamsWithStreamRawPredictAndStreamTrueInTheBody() {
        ProviderRequest r = prepare(hello("claude-sonnet-4-5@20250929", true), US_EAST5);
        assertThat(r.uri().getPath())
                .endsWith("/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict");
        assertThat(r.uri().getQuery()).isNull();
        assertThat(VertexFixtures.json(r.body()).path("stream").asBoolean()).isTrue();
        assertThat(r.headers()).containsEntry("accept", "text/event-stream");
    }

    @Test
    void sendsTheAccessTokenAsBearerAndNoAnthropicHeaders() {
        ProviderRequest r = prepare(
                hello("claude-sonnet-4-5@20250929", false),
                Map.of(
                        ProviderOption.VERTEX_PROJECT_ID, "my-project",
                        ProviderOption.ANTHROPIC_VERSION, "2023-06-01",
                        ProviderOption.ANTHROPIC_BETA, "context-1m-2025-08-07"));
        assertThat(r.headers())
                .containsEntry("authorization", "Bearer ya29.given")
                .containsEntry("content-type", "application/json")
                .doesNotContainKeys("anthropic-version", "anthropic-beta", "x-api-key", "x-goog-api-key");
        assertThat(exchanged).isEmpty();
    }

    @Test
    void usesTheGlobalHostForTheGlobalLocation() {
        ProviderRequest r = prepare(
                hello("claude-opus-4-6", false),
                Map.of(ProviderOption.VERTEX_PROJECT_ID, "p", ProviderOption.VERTEX_REGION, "global"));
        assertThat(r.uri())
                .isEqualTo(URI.create("https://aiplatform.googleapis.com/v1/projects/p/locations/global/"
                        + "publishers/anthropic/models/claude-opus-4-6:rawPredict"));
    }

    @Test
    void aCustomHostReplacesTheHostAndThePathStartsWithV1AsInPortkey() {
        ProviderRequest r = provider.translate(VertexFixtures.call(
                        hello("claude-haiku-4-5@20251001", true),
                        "t",
                        URI.create("http://vertex-proxy.internal:8080"),
                        US_EAST5))
                .request();
        assertThat(r.uri())
                .isEqualTo(URI.create("http://vertex-proxy.internal:8080/v1/projects/my-project/locations/"
                        + "us-east5/publishers/anthropic/models/claude-haiku-4-5@20251001:streamRawPredict"));
    }

    @Test
    void exchangesAServiceAccountKeyAsForGemini() {
        ProviderRequest r = provider.translate(VertexFixtures.call(
                        hello("claude-sonnet-4-5@20250929", false),
                        "ignored-when-a-key-file-is-given",
                        null,
                        Map.of(
                                ProviderOption.VERTEX_SERVICE_ACCOUNT_JSON,
                                KEY_FILE,
                                ProviderOption.VERTEX_REGION,
                                "europe-west1")))
                .request();
        assertThat(r.headers()).containsEntry("authorization", "Bearer ya29.from-service-account");
        assertThat(r.uri().getPath())
                .startsWith("/v1/projects/sa-project/locations/europe-west1/publishers/anthropic/");
        assertThat(exchanged)
                .singleElement()
                .satisfies(a -> assertThat(a.clientEmail()).isEqualTo("gw@sa-project.iam.gserviceaccount.com"));
    }

    @Test
    void betaFlagsGoIntoTheBodyAsAnthropicBeta() {
        ProviderRequest r = prepare(
                hello("claude-sonnet-4-5@20250929", false),
                Map.of(
                        ProviderOption.VERTEX_PROJECT_ID, "p",
                        ProviderOption.ANTHROPIC_BETA,
                                " context-1m-2025-08-07, ,interleaved-thinking-2025-05-14,context-1m-2025-08-07"));
        JsonNode body = VertexFixtures.json(r.body());
        assertThat(body.path("anthropic_beta"))
                .isEqualTo(VertexFixtures.parse("[\"context-1m-2025-08-07\",\"interleaved-thinking-2025-05-14\"]"));
        assertThat(body.path("anthropic_version").asText()).isEqualTo("vertex-2023-10-16");
    }

    @Test
    void withoutBetaFlagsTheBodyHasNoAnthropicBeta() {
        assertThat(VertexFixtures.json(prepare(hello("claude-sonnet-4-5@20250929", false), US_EAST5)
                                .body())
                        .has("anthropic_beta"))
                .isFalse();
    }

    @Test
    void onlyAVertexVersionReplacesTheDefaultAnthropicVersion() {
        assertThat(VertexAnthropicRequestMapper.options("2023-06-01", null).bodyAnthropicVersion())
                .isEqualTo("vertex-2023-10-16");
        assertThat(VertexAnthropicRequestMapper.options(null, null).bodyAnthropicVersion())
                .isEqualTo("vertex-2023-10-16");
        assertThat(VertexAnthropicRequestMapper.options(" vertex-2099-01-01 ", null)
                        .bodyAnthropicVersion())
                .isEqualTo("vertex-2099-01-01");
        AnthropicRequestMapper.Options options = VertexAnthropicRequestMapper.options(null, "a,b");
        assertThat(options.modelInBody()).isFalse();
        assertThat(options.bodyAnthropicBeta()).containsExactly("a", "b");
    }

    @Test
    void theModelsFamilyStillSetsTheDefaultMaxTokens() {
        // Anthropic requires max_tokens; the family is read through the @version suffix.
        assertThat(VertexFixtures.json(prepare(hello("claude-sonnet-4-5@20250929", false), US_EAST5)
                                .body())
                        .path("max_tokens")
                        .asInt())
                .isEqualTo(64000);
        assertThat(VertexFixtures.json(prepare(hello("claude-3-5-haiku@20241022", false), US_EAST5)
                                .body())
                        .path("max_tokens")
                        .asInt())
                .isEqualTo(8192);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "claude-sonnet-4-5@20250929, claude-sonnet-4-5@20250929",
        "anthropic.claude-opus-4-5@20251101, claude-opus-4-5@20251101",
        "publishers/anthropic/models/claude-3-5-sonnet-v2@20241022, claude-3-5-sonnet-v2@20241022",
        "claude-opus-4-6, claude-opus-4-6"
    })
    void acceptsThePublisherPrefixedAndResourceSpellingsOfClaudeModels(String model, String inPath) {
        assertThat(prepare(hello(model, false), US_EAST5).uri().getPath())
                .endsWith("/publishers/anthropic/models/" + inPath + ":rawPredict");
    }

    @Test
    void overrideParamsCanTurnAGeminiRequestIntoAClaudeOne() {
        ObjectNode overrides = Json.MAPPER.createObjectNode().put("model", "claude-sonnet-4-5@20250929");
        ProviderRequest r = provider.translate(
                        VertexFixtures.call(hello("gemini-2.5-flash", false), "t", null, overrides, US_EAST5, true))
                .request();
        assertThat(r.uri().getPath()).endsWith("/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict");
        assertThat(VertexFixtures.json(r.body()).has("anthropic_version")).isTrue();
        assertThat(VertexProvider.publisher(
                        VertexFixtures.call(hello("gemini-2.5-flash", false), "t", null, overrides, US_EAST5, true)))
                .isEqualTo(VertexModel.Publisher.ANTHROPIC);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "claude-sonnet-4-5@2025/../x",
        "claude sonnet",
        "anthropic.",
        "publishers/anthropic/models/a/b",
        "claude-x..y"
    })
    void refusesMalformedClaudeModelIdsWithoutFetchingAToken(String model) {
        assertThatThrownBy(() ->
                        prepare(hello(model, false), Map.of(ProviderOption.VERTEX_SERVICE_ACCOUNT_JSON, KEY_FILE)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("model");
                });
        assertThat(exchanged).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "meta.llama-3.1-405b-instruct-maas",
        "mistralai.mistral-large@2407",
        "publishers/meta/models/llama-4-maverick-17b-128e-instruct-maas"
    })
    void otherPublishersModelsAreStillAClear400(String model) {
        assertThatThrownBy(() -> prepare(hello(model, false), US_EAST5))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("unsupported_model");
                    assertThat(e.getMessage()).contains("Gemini (publisher google) and Claude (publisher anthropic)");
                });
    }

    @Test
    void requestContentAnthropicCannotTakeIsA400AsOnAnthropicsApi() {
        ChatRequest audio = VertexFixtures.request("""
                {"model":"claude-sonnet-4-5@20250929","messages":[{"role":"user","content":[
                  {"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]}]}""");
        assertThatThrownBy(() -> prepare(audio, US_EAST5))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
