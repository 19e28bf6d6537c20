package io.jetway.contract.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jetway.api.model.CreateEmbeddingRequest;
import io.jetway.api.model.CreateEmbeddingResponse;
import io.jetway.api.model.ListModelsResponse;
import io.jetway.client.ApiClient;
import io.jetway.client.api.EmbeddingsApi;
import io.jetway.client.api.ModelsApi;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/embeddings} and {@code /v1/models} against openapi.yaml both ways: what the gateway
 * answers (successes and errors) and what the generated client sends.
 */
class EmbeddingsContractTest {

    static final OpenApiContract CONTRACT = OpenApiContract.get();
    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @BeforeEach
    void reset() {
        gw.upstream().reset();
    }

    @Test
    void theValidatorRejectsEmbeddingAnswersThatBreakTheSchema() {
        assertThat(CONTRACT.problems("CreateEmbeddingResponse", "{\"object\":\"list\",\"data\":[]}"))
                .isNotEmpty();
        assertThat(CONTRACT.problems("CreateEmbeddingResponse", EmbeddingsEndToEndTest.VECTORS))
                .isEmpty();
        assertThat(CONTRACT.problems("ListModelsResponse", "{\"object\":\"list\",\"data\":[{\"object\":\"model\"}]}"))
                .isNotEmpty();
    }

    @Test
    void embeddingAndModelAnswersAndErrorsMatchTheSchema() {
        gw.upstream()
                .enqueue(
                        FakeResponse.json(200, EmbeddingsEndToEndTest.VECTORS),
                        FakeResponse.json(200, EmbeddingsEndToEndTest.MODELS));

        HttpResponse<String> embeddings = gw.chat("{\"model\":\"text-embedding-3-small\",\"input\":\"a\"}")
                .path("/v1/embeddings")
                .send();
        HttpResponse<String> models = gw.chat(null)
                .method("GET")
                .path("/v1/models")
                .without("content-type")
                .send();

        assertThat(embeddings.statusCode()).as(embeddings.body()).isEqualTo(200);
        CONTRACT.assertValidResponse("POST", "/v1/embeddings", 200, embeddings.body());
        assertThat(models.statusCode()).as(models.body()).isEqualTo(200);
        CONTRACT.assertValidResponse("GET", "/v1/models", 200, models.body());
        for (HttpResponse<String> error : List.of(
                gw.chat("{").path("/v1/embeddings").send(),
                gw.chat("{\"model\":\"m\",\"input\":7}").path("/v1/embeddings").send(),
                gw.chat("{\"model\":\"m\",\"input\":\"a\"}")
                        .path("/v1/embeddings")
                        .header("x-portkey-provider", "groq")
                        .send(),
                gw.chat(null)
                        .method("GET")
                        .path("/v1/models")
                        .header("x-portkey-provider", "perplexity-ai")
                        .send())) {
            assertThat(error.statusCode()).as(error.body()).isEqualTo(400);
            CONTRACT.assertValidResponse(error.request().method(), error.uri().getPath(), 400, error.body());
        }
    }

    @Test
    void requestsTheGeneratedClientSendsMatchTheSchema() throws Exception {
        // Straight to a recording fake, to capture exactly what the generated client sends.
        ApiClient direct = new ApiClient(
                HttpClient.newBuilder(),
                ApiClient.createDefaultObjectMapper(),
                gw.upstream().baseUrl());
        gw.upstream()
                .enqueue(
                        FakeResponse.json(200, EmbeddingsEndToEndTest.VECTORS),
                        FakeResponse.json(200, EmbeddingsEndToEndTest.MODELS));

        CreateEmbeddingRequest request = new CreateEmbeddingRequest()
                .model("text-embedding-3-small")
                .input(new ObjectMapper().createArrayNode().add("a").add("b"))
                .dimensions(256L)
                .encodingFormat(CreateEmbeddingRequest.EncodingFormatEnum.BASE64)
                .user("u-1");
        new EmbeddingsApi(direct)
                .createEmbedding(
                        request, "openai", null, null, null, null, "t-1", null, null, null, null, null, null, null,
                        30_000L, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null);
        new ModelsApi(direct)
                .listModels(
                        "openai", null, null, null, null, "t-2", null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null);

        RecordedRequest embeddings = gw.upstream().takeRequest();
        CONTRACT.assertValidRequest("POST", "/v1/embeddings", embeddings.bodyText(), flat(embeddings));
        RecordedRequest models = gw.upstream().takeRequest();
        assertThat(models.method()).isEqualTo("GET");
        CONTRACT.assertValidRequest("GET", "/v1/models", null, flat(models));
    }

    @Test
    void theGeneratedClientReadsTheGatewaysAnswers() throws Exception {
        ApiClient client = new ApiClient(HttpClient.newBuilder(), ApiClient.createDefaultObjectMapper(), gw.url());
        client.setRequestInterceptor(b -> b.header("authorization", "Bearer " + GatewayHarness.PROVIDER_KEY));
        gw.upstream()
                .enqueue(
                        FakeResponse.json(200, EmbeddingsEndToEndTest.VECTORS),
                        FakeResponse.json(200, EmbeddingsEndToEndTest.MODELS));

        CreateEmbeddingResponse embeddings = new EmbeddingsApi(client)
                .createEmbedding(
                        new CreateEmbeddingRequest()
                                .model("text-embedding-3-small")
                                .input(TextNode.valueOf("hello")),
                        "openai",
                        null,
                        null,
                        null,
                        gw.upstreamV1(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null);
        ListModelsResponse models = new ModelsApi(client)
                .listModels(
                        "openai",
                        null,
                        null,
                        null,
                        gw.upstreamV1(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null);

        assertThat(embeddings.getData()).hasSize(2);
        assertThat(embeddings.getData().get(0).getEmbedding().get(1).asDouble()).isEqualTo(-0.5);
        assertThat(embeddings.getUsage().getTotalTokens()).isEqualTo(7L);
        assertThat(models.getData())
                .extracting(m -> m.getId())
                .containsExactly("gpt-4o-mini", "text-embedding-3-small");
    }

    private static Map<String, String> flat(RecordedRequest r) {
        Map<String, String> headers = new LinkedHashMap<>();
        r.headers().forEach((name, values) -> headers.put(name, values.getFirst()));
        return headers;
    }
}
