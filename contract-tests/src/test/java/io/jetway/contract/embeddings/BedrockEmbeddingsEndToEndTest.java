package io.jetway.contract.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/embeddings} on Bedrock (Titan and Cohere through InvokeModel, SigV4-signed) end to
 * end: the official OpenAI Java SDK against the gateway, the gateway against a fake Bedrock.
 */
class BedrockEmbeddingsEndToEndTest {

    static GatewayHarness gw;
    static OpenAIClient openai;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start();
        openai = OpenAIOkHttpClient.builder()
                .baseUrl(gw.url() + "/v1")
                .apiKey("unused")
                .putHeader("x-portkey-provider", "bedrock")
                .putHeader("x-portkey-custom-host", gw.upstream().baseUrl())
                .putHeader("x-portkey-aws-access-key-id", "AKIDEXAMPLE")
                .putHeader("x-portkey-aws-secret-access-key", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
                .putHeader("x-portkey-aws-region", "us-east-1")
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        openai.close();
        gw.close();
    }

    @Test
    void aTitanEmbeddingReachesTheOpenAiSdkWithItsTokenCount() {
        gw.upstream()
                .enqueue(FakeResponse.json(200, "{\"embedding\":[0.0123,-0.0456,0.0789],\"inputTextTokenCount\":11}"));

        CreateEmbeddingResponse answer = openai.embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("amazon.titan-embed-text-v2:0")
                        .input("What are the different services that you offer?")
                        .dimensions(256)
                        .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                        .build());

        assertThat(answer.data().getFirst().embedding()).containsExactly(0.0123f, -0.0456f, 0.0789f);
        assertThat(answer.usage().promptTokens()).isEqualTo(11);
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.path()).isEqualTo("/model/amazon.titan-embed-text-v2%3A0/invoke");
        assertThat(sent.header("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/");
        assertThat(sent.bodyJson().path("inputText").asText())
                .isEqualTo("What are the different services that you offer?");
        assertThat(sent.bodyJson().path("dimensions").asInt()).isEqualTo(256);
    }

    @Test
    void cohereOnBedrockEmbedsSeveralTextsInOrderBase64EncodedWhenAskedFor() {
        gw.upstream()
                .enqueue(FakeResponse.json(
                        200,
                        "{\"id\":\"x\",\"response_type\":\"embeddings_by_type\","
                                + "\"texts\":[\"a\",\"b\"],\"embeddings\":{\"float\":[[0.5,0.25],[-1.0,2.0]]}}"));

        CreateEmbeddingResponse answer = openai.embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("cohere.embed-multilingual-v3")
                        .inputOfArrayOfStrings(java.util.List.of("a", "b"))
                        .encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64)
                        .build());

        // The SDK decodes OpenAI's base64 (little-endian float32s) back to floats.
        assertThat(answer.data()).hasSize(2);
        assertThat(answer.data().get(1).embedding()).containsExactly(-1.0f, 2.0f);
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.path()).isEqualTo("/model/cohere.embed-multilingual-v3/invoke");
        assertThat(sent.bodyJson().path("texts").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(sent.bodyJson().path("input_type").asText()).isEqualTo("search_document");
    }
}
