package io.jetway.contract.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With gateway keys set, embeddings and models check the caller's key before anything else, as chat does. */
class EmbeddingsGatewayKeyTest {

    static final String KEY = "jw-embed-test-key";
    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start(Map.of("JETWAY_API_KEYS", KEY));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void aCallerWithoutTheGatewayKeyIsRefusedBeforeItsBodyIsRead() {
        // A malformed body: a 401, not a 400, shows that the body was never parsed.
        HttpResponse<String> embeddings =
                gw.chat("{not json").path("/v1/embeddings").send();
        HttpResponse<String> models =
                gw.chat(null).method("GET").path("/v1/models").send();
        HttpResponse<String> wrong = gw.chat("{not json")
                .path("/v1/embeddings")
                .header("x-portkey-api-key", "jw-wrong")
                .send();

        assertThat(embeddings.statusCode()).isEqualTo(401);
        OpenApiContract.get().assertValidResponse("POST", "/v1/embeddings", 401, embeddings.body());
        assertThat(models.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void aCallerWithTheGatewayKeyGetsItsEmbeddingsAndModels() {
        gw.upstream()
                .enqueue(
                        FakeResponse.json(200, EmbeddingsEndToEndTest.VECTORS),
                        FakeResponse.json(200, EmbeddingsEndToEndTest.MODELS));

        HttpResponse<String> embeddings = gw.chat("{\"model\":\"text-embedding-3-small\",\"input\":\"a\"}")
                .path("/v1/embeddings")
                .header("x-portkey-api-key", KEY)
                .send();
        HttpResponse<String> models = gw.chat(null)
                .method("GET")
                .path("/v1/models")
                .header("x-portkey-api-key", KEY)
                .send();

        assertThat(embeddings.statusCode()).as(embeddings.body()).isEqualTo(200);
        assertThat(models.statusCode()).as(models.body()).isEqualTo(200);
    }
}
