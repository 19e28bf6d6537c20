package io.jetway.contract.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.FakeUpstream;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/embeddings} and {@code GET /v1/models} end to end: the official OpenAI Java SDK
 * against the gateway, the gateway against fake providers over real sockets.
 */
class EmbeddingsEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String VECTORS = """
            {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.25,-0.5,1.0]},
            {"object":"embedding","index":1,"embedding":[0.5,0.125,-1.0]}],
            "model":"text-embedding-3-small","usage":{"prompt_tokens":7,"total_tokens":7}}""";
    static final String MODELS = """
            {"object":"list","data":[{"id":"gpt-4o-mini","object":"model","created":1721172741,"owned_by":"system"},
            {"id":"text-embedding-3-small","object":"model","created":1705948997,"owned_by":"system"}]}""";

    static GatewayHarness gw;
    static FakeUpstream second;
    static OpenAIClient openai;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start(Map.of("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN));
        second = FakeUpstream.start();
        openai = OpenAIOkHttpClient.builder()
                .baseUrl(gw.url() + "/v1")
                .apiKey(GatewayHarness.PROVIDER_KEY)
                .putHeader("x-portkey-provider", "openai")
                .putHeader("x-portkey-custom-host", gw.upstreamV1())
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        openai.close();
        second.close();
        gw.close();
    }

    @BeforeEach
    void reset() {
        gw.upstream().reset();
        second.reset();
    }

    @Test
    void anEmbeddingComesBackThroughTheGatewayWithItsUsageAndTheRequestGoesOnUnchanged() {
        gw.upstream().enqueue(FakeResponse.json(200, VECTORS));

        CreateEmbeddingResponse answer = openai.embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("text-embedding-3-small")
                        .inputOfArrayOfStrings(List.of("hello", "world"))
                        .dimensions(3)
                        .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                        .build());

        assertThat(answer.data()).hasSize(2);
        assertThat(answer.data().get(0).embedding()).containsExactly(0.25f, -0.5f, 1.0f);
        assertThat(answer.data().get(1).index()).isEqualTo(1);
        assertThat(answer.usage().promptTokens()).isEqualTo(7);
        assertThat(answer.usage().totalTokens()).isEqualTo(7);
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/embeddings");
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + GatewayHarness.PROVIDER_KEY);
        assertThat(sent.bodyJson().get("dimensions").asInt()).isEqualTo(3);
        assertThat(sent.bodyJson().get("encoding_format").asText()).isEqualTo("float");
        assertThat(sent.bodyJson().get("input")).hasSize(2);
    }

    @Test
    void aBase64EmbeddingIsRelayedAsTheProviderEncodedIt() {
        float[] vector = {0.25f, -0.5f, 1.0f};
        ByteBuffer bytes = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : vector) {
            bytes.putFloat(f);
        }
        String base64 = Base64.getEncoder().encodeToString(bytes.array());
        gw.upstream().enqueue(FakeResponse.json(200, """
                {"object":"list","data":[{"object":"embedding","index":0,"embedding":"%s"}],
                "model":"text-embedding-3-small","usage":{"prompt_tokens":1,"total_tokens":1}}""".formatted(base64)));

        HttpResponse<String> res = gw.chat("""
                {"model":"text-embedding-3-small","input":"hello","encoding_format":"base64"}""").path("/v1/embeddings").send();

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(json(res.body()).at("/data/0/embedding").asText()).isEqualTo(base64);
        assertThat(gw.upstream().takeRequest().bodyJson().get("encoding_format").asText())
                .isEqualTo("base64");
    }

    @Test
    void theProvidersModelListComesBackThroughTheGateway() {
        gw.upstream().enqueue(FakeResponse.json(200, MODELS));

        List<Model> models = openai.models().list().data();

        assertThat(models).extracting(Model::id).containsExactly("gpt-4o-mini", "text-embedding-3-small");
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/v1/models");
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + GatewayHarness.PROVIDER_KEY);
        assertThat(sent.body()).isEmpty();
    }

    @Test
    void aProviderThatServesNoEmbeddingsIsA400NamingThoseThatDo() {
        HttpResponse<String> res = gw.chat("{\"model\":\"claude\",\"input\":\"hello\"}")
                .path("/v1/embeddings")
                .header("x-portkey-provider", "anthropic")
                .send();

        assertThat(res.statusCode()).isEqualTo(400);
        String message = json(res.body()).at("/error/message").asText();
        assertThat(message)
                .contains("anthropic does not serve /v1/embeddings")
                .contains("it serves /v1/chat/completions")
                .contains("openai")
                .contains("azure-openai");
        assertThat(json(res.body()).at("/error/param").asText()).isEqualTo("x-portkey-provider");
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void aFallbackConfigMovesEmbeddingsToTheNextProvider() {
        gw.upstream().enqueue(FakeResponse.error(503, "overloaded", "server_error", null));
        second.enqueue(FakeResponse.json(200, VECTORS));
        String config = "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":["
                + "{\"provider\":\"openai\",\"api_key\":\"sk-first\",\"custom_host\":\"" + gw.upstreamV1() + "\"},"
                + "{\"provider\":\"mistral-ai\",\"api_key\":\"ms-second\",\"custom_host\":\"" + second.baseUrl()
                + "/v1\"}]}";

        HttpResponse<String> res = gw.chat("{\"model\":\"mistral-embed\",\"input\":\"hello\"}")
                .path("/v1/embeddings")
                .without("x-portkey-provider")
                .without("authorization")
                .without("x-portkey-custom-host")
                .header("x-portkey-config", config)
                .send();

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(res.headers().firstValue("x-portkey-provider")).hasValue("mistral-ai");
        assertThat(gw.upstream().takeRequest().path()).isEqualTo("/v1/embeddings");
        RecordedRequest sent = second.takeRequest();
        assertThat(sent.path()).isEqualTo("/v1/embeddings");
        assertThat(sent.header("authorization")).isEqualTo("Bearer ms-second");
    }

    @Test
    void aVirtualKeyServesEmbeddingsAndModelsWithItsStoredKey() {
        HttpResponse<String> vk = gw.admin("POST", "/v1/admin/virtual-keys", """
                {"id":"embed-openai","provider":"openai","api_key":"sk-stored-embed","custom_host":"%s"}""".formatted(gw.upstreamV1()))
                .send();
        assertThat(vk.statusCode()).as(vk.body()).isIn(201, 409);
        gw.upstream().enqueue(FakeResponse.json(200, VECTORS), FakeResponse.json(200, MODELS));

        HttpResponse<String> embeddings = gw.raw(
                        "POST", "/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"]}")
                .header("content-type", "application/json")
                .header("x-portkey-virtual-key", "embed-openai")
                .send();
        HttpResponse<String> models = gw.raw("GET", "/v1/models", null)
                .header("x-portkey-virtual-key", "embed-openai")
                .send();

        assertThat(embeddings.statusCode()).as(embeddings.body()).isEqualTo(200);
        assertThat(models.statusCode()).as(models.body()).isEqualTo(200);
        assertThat(json(models.body()).at("/data/1/id").asText()).isEqualTo("text-embedding-3-small");
        assertThat(gw.upstream().takeRequest().header("authorization")).isEqualTo("Bearer sk-stored-embed");
        assertThat(gw.upstream().takeRequest().header("authorization")).isEqualTo("Bearer sk-stored-embed");
    }

    @Test
    void aMalformedInputIsA400ThatSaysWhatToSend() {
        HttpResponse<String> empty =
                gw.chat("{\"model\":\"m\",\"input\":[]}").path("/v1/embeddings").send();
        HttpResponse<String> mixed = gw.chat("{\"model\":\"m\",\"input\":[\"a\",1]}")
                .path("/v1/embeddings")
                .send();
        HttpResponse<String> noModel =
                gw.chat("{\"input\":\"a\"}").path("/v1/embeddings").send();

        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(empty.body()).at("/error/message").asText()).contains("non-empty array");
        assertThat(mixed.statusCode()).isEqualTo(400);
        assertThat(json(mixed.body()).at("/error/message").asText()).contains("input[1]");
        assertThat(noModel.statusCode()).isEqualTo(400);
        assertThat(json(noModel.body()).at("/error/message").asText()).contains("model");
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void anUpstreamErrorKeepsTheProvidersStatusAndMessage() {
        gw.upstream()
                .enqueue(FakeResponse.error(
                        429, "Rate limit reached for text-embedding-3-small", "requests", "rate_limit_exceeded"));

        HttpResponse<String> res = gw.chat("{\"model\":\"text-embedding-3-small\",\"input\":\"a\"}")
                .path("/v1/embeddings")
                .send();

        assertThat(res.statusCode()).isEqualTo(429);
        assertThat(json(res.body()).at("/error/message").asText()).contains("Rate limit reached");
    }

    @Test
    void cohereEmbeddingsReachTheOpenAiSdkInOpenAisShapeWithCoheresBilledTokens() {
        gw.upstream().enqueue(FakeResponse.json(200, """
                {"id":"da6e531f","embeddings":{"float":[[0.016296387,-0.008354187,-0.04699707]]},"texts":["hello"],
                "meta":{"api_version":{"version":"2"},"billed_units":{"input_tokens":1}},
                "response_type":"embeddings_by_type"}"""));
        // Shares the SDK's connections with the base client: not closed here.
        OpenAIClient viaCohere = openai.withOptions(o -> o.replaceHeaders("x-portkey-provider", "cohere")
                .replaceHeaders("x-portkey-custom-host", gw.upstream().baseUrl()));
        {
            CreateEmbeddingResponse answer = viaCohere
                    .embeddings()
                    .create(EmbeddingCreateParams.builder()
                            .model("embed-v4.0")
                            .input("hello")
                            .dimensions(3)
                            .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                            .build());

            assertThat(answer.data().getFirst().embedding()).containsExactly(0.016296387f, -0.008354187f, -0.04699707f);
            assertThat(answer.model()).isEqualTo("embed-v4.0");
            assertThat(answer.usage().promptTokens()).isEqualTo(1);
        }
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.path()).isEqualTo("/v2/embed");
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + GatewayHarness.PROVIDER_KEY);
        assertThat(sent.bodyJson().get("texts").get(0).asText()).isEqualTo("hello");
        assertThat(sent.bodyJson().get("output_dimension").asInt()).isEqualTo(3);
    }

    @Test
    void googleEmbeddingsComeBackBase64EncodedWhenAskedFor() {
        gw.upstream().enqueue(FakeResponse.json(200, """
                {"embeddings":[{"values":[0.25,-0.5,1.0]}]}"""));

        HttpResponse<String> res = gw.chat("""
                {"model":"gemini-embedding-001","input":["hello"],"encoding_format":"base64"}""")
                .path("/v1/embeddings")
                .header("x-portkey-provider", "google")
                .header("x-portkey-custom-host", gw.upstream().baseUrl())
                .send();

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        ByteBuffer floats = ByteBuffer.wrap(Base64.getDecoder()
                        .decode(json(res.body()).at("/data/0/embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new float[] {floats.getFloat(), floats.getFloat(), floats.getFloat()})
                .containsExactly(0.25f, -0.5f, 1.0f);
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertThat(sent.header("x-goog-api-key")).isEqualTo(GatewayHarness.PROVIDER_KEY);
    }

    @Test
    void anEmbeddingsRequestIsInTheRequestLogWithItsProviderAndTraceId() {
        gw.upstream().enqueue(FakeResponse.json(200, VECTORS));

        HttpResponse<String> res = gw.chat("{\"model\":\"text-embedding-3-small\",\"input\":\"a\"}")
                .path("/v1/embeddings")
                .header("x-portkey-trace-id", "t-embed-log")
                .send();

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(res.headers().firstValue("x-portkey-trace-id")).hasValue("t-embed-log");
        JsonNode logs = json(gw.admin("GET", "/v1/admin/logs?limit=20", null)
                        .send()
                        .body())
                .get("data");
        JsonNode entry = null;
        for (JsonNode e : logs) {
            if ("t-embed-log".equals(e.path("trace_id").asText())) {
                entry = e;
            }
        }
        assertThat(entry).as(logs.toString()).isNotNull();
        assertThat(entry.get("provider").asText()).isEqualTo("openai");
        assertThat(entry.get("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(entry.get("status").asInt()).isEqualTo(200);
    }

    @Test
    void anthropicsModelListReachesTheOpenAiSdkAsOpenAis() {
        gw.upstream().enqueue(FakeResponse.json(200, """
                {"data":[{"created_at":"2025-02-19T00:00:00Z","display_name":"Claude Sonnet 3.7",
                "id":"claude-3-7-sonnet-20250219","type":"model"}],"first_id":"claude-3-7-sonnet-20250219",
                "has_more":false,"last_id":"claude-3-7-sonnet-20250219"}"""));
        OpenAIClient viaAnthropic = openai.withOptions(o -> o.replaceHeaders("x-portkey-provider", "anthropic")
                .replaceHeaders("x-portkey-custom-host", gw.upstreamV1()));

        List<Model> models = viaAnthropic.models().list().data();

        assertThat(models).extracting(Model::id).containsExactly("claude-3-7-sonnet-20250219");
        assertThat(models.getFirst().created()).isEqualTo(1739923200L);
        assertThat(models.getFirst().ownedBy()).isEqualTo("anthropic");
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/v1/models?limit=1000");
        assertThat(sent.header("x-api-key")).isEqualTo(GatewayHarness.PROVIDER_KEY);
    }

    @Test
    void aCachedEmbeddingIsServedWithoutASecondUpstreamCall() {
        gw.upstream().enqueue(FakeResponse.json(200, VECTORS));
        String config = "{\"cache\":{\"mode\":\"simple\"},\"provider\":\"openai\",\"api_key\":\"sk-cache\","
                + "\"custom_host\":\"" + gw.upstreamV1() + "\"}";
        String body = "{\"model\":\"text-embedding-3-small\",\"input\":\"cache me " + System.nanoTime() + "\"}";

        HttpResponse<String> first = gw.chat(body)
                .path("/v1/embeddings")
                .without("x-portkey-provider")
                .without("authorization")
                .without("x-portkey-custom-host")
                .header("x-portkey-config", config)
                .send();
        HttpResponse<String> second = gw.chat(body)
                .path("/v1/embeddings")
                .without("x-portkey-provider")
                .without("authorization")
                .without("x-portkey-custom-host")
                .header("x-portkey-config", config)
                .send();

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-portkey-cache-status")).hasValue("MISS");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(second.headers().firstValue("x-portkey-cache-status")).hasValue("HIT");
        assertThat(json(second.body())).isEqualTo(json(first.body()));
        assertThat(gw.upstream().requestCount()).isEqualTo(1);
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }
}
