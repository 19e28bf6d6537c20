package io.jetway.gateway.provider.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.Endpoint;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
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
 * Embeddings on Bedrock through InvokeModel, from the payloads AWS documents
 * ({@code src/test/resources/providers/bedrock/embed/SOURCES.md}): Titan Text Embeddings V2 and
 * Cohere Embed.
 */
class BedrockEmbeddingsGoldenTest {

    private static final Provider BEDROCK = Providers.defaults().get("bedrock", "p");

    @Test
    void titanGetsItsInvokeModelBodySignedAndAnswersInOpenAisShapeWithItsTokenCount() throws IOException {
        ProviderCall call = call(fixture("titan/openai-request.json"), true);

        ProviderRequest prepared = BEDROCK.prepareEmbeddings(call);

        assertThat(prepared.uri())
                .isEqualTo(URI.create(
                        "https://bedrock-runtime.eu-west-1.amazonaws.com/model/amazon.titan-embed-text-v2%3A0/invoke"));
        assertThat(prepared.headers().get("authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/bedrock/aws4_request");
        assertThat(Json.MAPPER.readTree(prepared.body()))
                .isEqualTo(Json.MAPPER.readTree(fixture("titan/request.json")));
        assertThat(prepared.droppedParams()).containsExactly("user");

        JsonNode answer = Json.MAPPER.readTree(BEDROCK.mapEmbeddings(call, fixture("titan/response.json")));
        assertThat(answer).isEqualTo(Json.MAPPER.readTree("""
                {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.0123,-0.0456,0.0789]}],
                "model":"amazon.titan-embed-text-v2:0","usage":{"prompt_tokens":11,"total_tokens":11}}"""));
    }

    @Test
    void cohereOnBedrockGetsItsTextsAndInputTypeAndAnswersEveryVectorInOrder() throws IOException {
        ProviderCall call = call(fixture("cohere/openai-request.json"), false);

        ProviderRequest prepared = BEDROCK.prepareEmbeddings(call);

        assertThat(prepared.uri().getPath()).isEqualTo("/model/cohere.embed-english-v3/invoke");
        assertThat(prepared.headers()).containsEntry("authorization", "Bearer test-key");
        assertThat(Json.MAPPER.readTree(prepared.body()))
                .isEqualTo(Json.MAPPER.readTree(fixture("cohere/request.json")));

        JsonNode answer = Json.MAPPER.readTree(BEDROCK.mapEmbeddings(call, fixture("cohere/response.json")));
        assertThat(answer.path("data")).hasSize(2);
        assertThat(answer.at("/data/1/index").asInt()).isEqualTo(1);
        assertThat(answer.at("/data/1/embedding").toString()).isEqualTo("[-0.018249512,0.02331543,0.0309906]");
        assertThat(answer.at("/usage/prompt_tokens").asLong()).isZero();
    }

    @Test
    void titanWithSeveralTextsOrAModelThatDoesNotEmbedIsA400SayingWhatToSend() {
        ProviderCall several =
                call("{\"model\":\"amazon.titan-embed-text-v2:0\",\"input\":[\"a\",\"b\"]}".getBytes(), false);
        ProviderCall chatModel =
                call("{\"model\":\"anthropic.claude-3-haiku-20240307-v1:0\",\"input\":\"a\"}".getBytes(), false);

        assertThatThrownBy(() -> BEDROCK.prepareEmbeddings(several))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("one text per call");
                });
        assertThatThrownBy(() -> BEDROCK.prepareEmbeddings(chatModel))
                .isInstanceOfSatisfying(
                        GatewayException.class,
                        e -> assertThat(e.getMessage())
                                .contains("amazon.titan-embed-text-v2:0")
                                .contains("cohere.embed"));
    }

    private static ProviderCall call(byte[] body, boolean awsKeys) {
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        if (awsKeys) {
            options.put(ProviderOption.AWS_ACCESS_KEY_ID, "AKIDEXAMPLE");
            options.put(ProviderOption.AWS_SECRET_ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
            options.put(ProviderOption.AWS_REGION, "eu-west-1");
        }
        Target target = new Target("bedrock", awsKeys ? null : "test-key", null, null, options, null, Map.of(), true);
        return new ProviderCall(
                ChatRequest.of(Endpoint.EMBEDDINGS, body, "m"),
                target,
                "trace-1",
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static byte[] fixture(String path) throws IOException {
        try (InputStream in =
                BedrockEmbeddingsGoldenTest.class.getResourceAsStream("/providers/bedrock/embed/" + path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        }
    }
}
