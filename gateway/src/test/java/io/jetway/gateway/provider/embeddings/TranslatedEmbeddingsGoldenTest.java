package io.jetway.gateway.provider.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.Endpoint;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRegistry;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Providers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Embeddings through the providers that translate them, from the payloads their docs show
 * ({@code src/test/resources/providers/<provider>/embed/SOURCES.md} cites each): the OpenAI request
 * becomes the documented request, the documented answer becomes OpenAI's.
 */
class TranslatedEmbeddingsGoldenTest {

    private static final ProviderRegistry PROVIDERS = Providers.defaults();

    @Test
    void cohereGetsItsEmbedV2RequestAndAnswersInOpenAisShapeWithItsBilledTokens() throws IOException {
        Provider cohere = PROVIDERS.get("cohere", "p");
        ProviderCall call = call("cohere", fixture("cohere/embed/openai-request.json"));

        ProviderRequest prepared = cohere.prepareEmbeddings(call);

        assertThat(prepared.uri()).isEqualTo(URI.create("https://api.cohere.com/v2/embed"));
        assertThat(prepared.headers()).containsEntry("authorization", "Bearer test-key");
        assertThat(Json.MAPPER.readTree(prepared.body()))
                .isEqualTo(Json.MAPPER.readTree(fixture("cohere/embed/request.json")));
        assertThat(prepared.droppedParams()).containsExactly("user");

        JsonNode answer = Json.MAPPER.readTree(cohere.mapEmbeddings(call, fixture("cohere/embed/response.json")));
        assertThat(answer).isEqualTo(Json.MAPPER.readTree("""
                {"object":"list","data":[
                {"object":"embedding","index":0,"embedding":[0.016296387,-0.008354187,-0.04699707]},
                {"object":"embedding","index":1,"embedding":[-0.018249512,0.02331543,0.0309906]}],
                "model":"embed-v4.0","usage":{"prompt_tokens":2,"total_tokens":2}}"""));
    }

    @Test
    void aCallersInputTypeGoesToCohereAndBase64IsOpenAisEncodingOfTheFloats() throws IOException {
        Provider cohere = PROVIDERS.get("cohere", "p");
        ProviderCall call = call("cohere", """
                {"model":"embed-v4.0","input":"hello","input_type":"search_query","encoding_format":"base64"}""".getBytes());

        JsonNode sent = Json.MAPPER.readTree(cohere.prepareEmbeddings(call).body());
        assertThat(sent.get("input_type").asText()).isEqualTo("search_query");
        assertThat(sent.get("embedding_types").toString()).isEqualTo("[\"float\"]");

        JsonNode answer = Json.MAPPER.readTree(cohere.mapEmbeddings(call, fixture("cohere/embed/response.json")));
        ByteBuffer decoded = ByteBuffer.wrap(Base64.getDecoder()
                        .decode(answer.at("/data/0/embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(decoded.remaining()).isEqualTo(12);
        assertThat(decoded.getFloat()).isEqualTo(0.016296387f);
        assertThat(decoded.getFloat()).isEqualTo(-0.008354187f);
        assertThat(decoded.getFloat()).isEqualTo(-0.04699707f);
    }

    @Test
    void googleGetsItsBatchEmbedContentsRequestAndAnswersInOpenAisShape() throws IOException {
        Provider google = PROVIDERS.get("google", "p");
        ProviderCall call = call("google", fixture("google/embed/openai-request.json"));

        ProviderRequest prepared = google.prepareEmbeddings(call);

        assertThat(prepared.uri())
                .isEqualTo(
                        URI.create(
                                "https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents"));
        assertThat(prepared.headers()).containsEntry("x-goog-api-key", "test-key");
        assertThat(Json.MAPPER.readTree(prepared.body()))
                .isEqualTo(Json.MAPPER.readTree(fixture("google/embed/request.json")));

        JsonNode answer = Json.MAPPER.readTree(google.mapEmbeddings(call, fixture("google/embed/response.json")));
        assertThat(answer).isEqualTo(Json.MAPPER.readTree("""
                {"object":"list","data":[
                {"object":"embedding","index":0,"embedding":[-0.022374554,-0.004560777,0.013309286]},
                {"object":"embedding","index":1,"embedding":[0.0108412,-0.011327224,-0.0018542]}],
                "model":"gemini-embedding-001","usage":{"prompt_tokens":0,"total_tokens":0}}"""));
    }

    @Test
    void vertexGetsItsPredictRequestAndAnswersInOpenAisShapeWithTheCountedTokens() throws IOException {
        Provider vertex = PROVIDERS.get("vertex-ai", "p");
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        options.put(ProviderOption.VERTEX_PROJECT_ID, "my-project");
        ProviderCall call = new ProviderCall(
                ChatRequest.of(Endpoint.EMBEDDINGS, fixture("vertex/embed/openai-request.json"), "text-embedding-005"),
                new Target("vertex-ai", "ya29.token", null, null, options, null, Map.of(), true),
                "trace-1",
                Instant.parse("2026-01-01T00:00:00Z"));

        ProviderRequest prepared = vertex.prepareEmbeddings(call);

        assertThat(prepared.uri())
                .isEqualTo(URI.create("https://us-central1-aiplatform.googleapis.com/v1/projects/"
                        + "my-project/locations/us-central1/publishers/google/models/text-embedding-005:predict"));
        assertThat(prepared.headers()).containsEntry("authorization", "Bearer ya29.token");
        assertThat(Json.MAPPER.readTree(prepared.body()))
                .isEqualTo(Json.MAPPER.readTree(fixture("vertex/embed/request.json")));
        JsonNode answer = Json.MAPPER.readTree(vertex.mapEmbeddings(call, fixture("vertex/embed/response.json")));
        assertThat(answer).isEqualTo(Json.MAPPER.readTree("""
                {"object":"list","data":[
                {"object":"embedding","index":0,"embedding":[0.0058424119,0.011848552,0.032247227]},
                {"object":"embedding","index":1,"embedding":[-0.0145155,0.0281284,0.0097345]}],
                "model":"text-embedding-005","usage":{"prompt_tokens":7,"total_tokens":7}}"""));
    }

    @Test
    void tokenIdsAreA400ForProvidersThatEmbedTextOnly() {
        ProviderCall call = call("cohere", "{\"model\":\"embed-v4.0\",\"input\":[1,2,3]}".getBytes());

        assertThatThrownBy(() -> PROVIDERS.get("cohere", "p").prepareEmbeddings(call))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("cohere embeds text only");
                });
    }

    @Test
    void anAnswerWithoutVectorsIsA502() {
        ProviderCall call = call("google", "{\"model\":\"gemini-embedding-001\",\"input\":\"a\"}".getBytes());

        assertThatThrownBy(() -> PROVIDERS.get("google", "p").mapEmbeddings(call, "{\"error\":1}".getBytes()))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.status()).isEqualTo(502));
    }

    private static ProviderCall call(String provider, byte[] body) {
        ObjectNode none = null;
        Target target =
                new Target(provider, "test-key", null, none, new EnumMap<>(ProviderOption.class), null, Map.of(), true);
        return new ProviderCall(
                ChatRequest.of(Endpoint.EMBEDDINGS, body, "m"),
                target,
                "trace-1",
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static byte[] fixture(String path) throws IOException {
        try (InputStream in = TranslatedEmbeddingsGoldenTest.class.getResourceAsStream("/providers/" + path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        }
    }
}
