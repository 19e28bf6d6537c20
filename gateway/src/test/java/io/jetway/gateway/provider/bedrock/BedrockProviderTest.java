package io.jetway.gateway.provider.bedrock;

import static io.jetway.gateway.provider.bedrock.BedrockFixtures.awsTarget;
import static io.jetway.gateway.provider.bedrock.BedrockFixtures.call;
import static io.jetway.gateway.provider.bedrock.BedrockFixtures.request;
import static io.jetway.gateway.provider.bedrock.BedrockFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.bedrock.sigv4.AwsCredentials;
import io.jetway.gateway.provider.bedrock.sigv4.SigV4;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BedrockProviderTest {

    private static final String HELLO = "{\"model\":\"anthropic.claude-3-haiku-20240307-v1:0\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    private final BedrockProvider provider = new BedrockProvider(BedrockFixtures.STUB_IMAGES);

    @Test
    void callsTheRegionalConverseEndpointWithTheModelIdEncoded() {
        ProviderRequest r =
                provider.translate(call(request(HELLO), awsTarget())).request();
        assertThat(r.uri())
                .hasToString(
                        "https://bedrock-runtime.eu-west-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
        assertThat(r.uri().getRawPath()).isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
    }

    @Test
    void encodesInferenceProfileArnsAsOnePathSegmentAndStreamsToConverseStream() {
        String arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6";
        ProviderRequest r = provider.translate(call(
                        request("{\"model\":\"" + arn
                                + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                        awsTarget()))
                .request();
        assertThat(r.uri().getRawPath())
                .isEqualTo("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3A"
                        + "application-inference-profile%2Fa1b2c3d4e5f6/converse-stream");
        assertThat(r.headers()).containsEntry("accept", "application/vnd.amazon.eventstream");
    }

    @Test
    void signsWithSigV4OverTheHeadersItSends() {
        ProviderRequest r =
                provider.translate(call(request(HELLO), awsTarget())).request();
        Map<String, String> h = r.headers();
        assertThat(h)
                .containsEntry("host", "bedrock-runtime.eu-west-1.amazonaws.com")
                .containsEntry("x-amz-date", "20261122T120000Z")
                .containsEntry("x-amz-content-sha256", SigV4.sha256Hex(r.body()))
                .doesNotContainKey("x-amz-security-token");
        List<SigV4.Header> signed = new ArrayList<>();
        for (String name : List.of("accept", "content-type", "host", "x-amz-content-sha256", "x-amz-date")) {
            signed.add(new SigV4.Header(name, h.get(name)));
        }
        SigV4.Signature expected = SigV4.sign(
                new SigV4.Request("POST", r.uri().getRawPath(), null, signed, SigV4.sha256Hex(r.body())),
                new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null),
                "eu-west-1",
                "bedrock",
                BedrockFixtures.AT,
                true);
        assertThat(h.get("authorization"))
                .isEqualTo(expected.authorization())
                .contains("Credential=AKIDEXAMPLE/20261122/eu-west-1/bedrock/aws4_request")
                .contains("SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date,");
        assertThat(expected.canonicalRequest()).contains("/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse");
    }

    @Test
    void signsTheCustomHostWithItsPortAndTheSessionToken() {
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        options.put(ProviderOption.AWS_ACCESS_KEY_ID, "AKID");
        options.put(ProviderOption.AWS_SECRET_ACCESS_KEY, "secret");
        options.put(ProviderOption.AWS_SESSION_TOKEN, "session-token");
        options.put(ProviderOption.AWS_REGION, "us-west-2");
        ProviderRequest r = provider.translate(call(
                        request(HELLO), target(null, options, URI.create("http://127.0.0.1:4566/proxy"), true, null)))
                .request();
        assertThat(r.uri())
                .hasToString("http://127.0.0.1:4566/proxy/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
        assertThat(r.headers())
                .containsEntry("host", "127.0.0.1:4566")
                .containsEntry("x-amz-security-token", "session-token");
        assertThat(r.headers().get("authorization"))
                .contains(
                        "SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token,");
    }

    @Test
    void sendsABedrockApiKeyAsBearerWithoutSigning() {
        ProviderRequest r = provider.translate(call(
                        request(HELLO),
                        target("bedrock-api-key-123", new EnumMap<>(ProviderOption.class), null, true, null)))
                .request();
        assertThat(r.headers())
                .containsEntry("authorization", "Bearer bedrock-api-key-123")
                .doesNotContainKeys("x-amz-date", "host");
        assertThat(r.uri().getHost()).isEqualTo("bedrock-runtime.us-east-1.amazonaws.com");
    }

    @Test
    void refusesARequestWithoutCredentialsOrWithoutTheSecret() {
        assertThatThrownBy(() -> provider.translate(call(
                                request(HELLO), target(null, new EnumMap<>(ProviderOption.class), null, true, null)))
                        .request())
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("x-portkey-aws-access-key-id");
        EnumMap<ProviderOption, String> noSecret = new EnumMap<>(ProviderOption.class);
        noSecret.put(ProviderOption.AWS_ACCESS_KEY_ID, "AKID");
        assertThatThrownBy(() -> provider.translate(call(request(HELLO), target(null, noSecret, null, true, null)))
                        .request())
                .isInstanceOfSatisfying(
                        GatewayException.class,
                        e -> assertThat(e.param()).isEqualTo("x-portkey-aws-secret-access-key"));
    }

    @Test
    void refusesARegionThatCouldChangeTheHost() {
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        options.put(ProviderOption.AWS_REGION, "evil.com/x");
        assertThatThrownBy(() -> provider.translate(call(request(HELLO), target("k", options, null, true, null)))
                        .request())
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void reportsTheFieldsBedrockHasNoEquivalentFor() {
        ProviderRequest r = provider.translate(call(
                        request(
                                "{\"model\":\"amazon.nova-lite-v1:0\",\"messages\":"
                                        + "[{\"role\":\"user\",\"content\":\"Hi\"}],\"seed\":1,\"frequency_penalty\":0.5,\"n\":2,"
                                        + "\"user\":\"u\",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},\"top_k\":5}"),
                        awsTarget()))
                .request();
        assertThat(r.droppedParams())
                .containsExactlyInAnyOrder("seed", "frequency_penalty", "n", "user", "thinking", "top_k");
    }

    @Test
    void readsAdditionalModelRequestFieldsFromTheRawBodyAndMapsMetadata() throws Exception {
        ProviderRequest r = provider.translate(call(
                        request("{\"model\":\"amazon.nova-lite-v1:0\",\"messages\":"
                                + "[{\"role\":\"user\",\"content\":\"Hi\"}],\"metadata\":{\"team\":\"search\"},"
                                + "\"additionalModelRequestFields\":{\"inferenceConfig\":{\"topK\":20}}}"),
                        awsTarget()))
                .request();
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(r.body());
        assertThat(body.get("additionalModelRequestFields").toString())
                .isEqualTo("{\"inferenceConfig\":{\"topK\":20}}");
        assertThat(body.get("requestMetadata").toString()).isEqualTo("{\"team\":\"search\"}");
        assertThat(BedrockProvider.additionalFields("{\"a\":{\"additional_model_request_fields\":1}}".getBytes()))
                .as("only a top-level field counts")
                .isNull();
    }

    @Test
    void appliesConfigOverrideParamsBeforeMapping() throws Exception {
        ObjectNode overrides = Json.MAPPER
                .createObjectNode()
                .put("max_tokens", 77)
                .set(
                        "additional_model_request_fields",
                        Json.MAPPER.createObjectNode().put("top_k", 3));
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        ProviderRequest r = provider.translate(call(request(HELLO), target("k", options, null, true, overrides)))
                .request();
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(r.body());
        assertThat(body.get("inferenceConfig").get("maxTokens").asInt()).isEqualTo(77);
        assertThat(body.get("additionalModelRequestFields").get("top_k").asInt())
                .isEqualTo(3);
    }

    @Test
    void fetchesEachHttpImageOnceThroughTheFetcherNamingTheField() {
        List<String> asked = new ArrayList<>();
        BedrockProvider p = new BedrockProvider((url, param) -> {
            asked.add(url + " " + param);
            return new ImageFetcher.Image(BedrockFixtures.PNG, "image/png");
        });
        p.translate(call(
                        request("{\"model\":\"amazon.nova-lite-v1:0\",\"messages\":[{\"role\":\"user\",\"content\":["
                                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x.example/a.png\"}},"
                                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x.example/a.png\"}}]}]}"),
                        awsTarget()))
                .request();
        assertThat(asked).containsExactly("https://x.example/a.png messages[0].content[0].image_url.url");
    }

    @Test
    void turnsAToolChoiceNoneWithToolHistoryIntoToolsWithoutAChoice() throws Exception {
        ProviderRequest r = provider.translate(call(
                        request("{\"model\":\"amazon.nova-lite-v1:0\",\"messages\":["
                                + "{\"role\":\"user\",\"content\":\"time?\"},"
                                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"t1\",\"type\":\"function\",\"function\":"
                                + "{\"name\":\"get_time\",\"arguments\":\"{}\"}}]},"
                                + "{\"role\":\"tool\",\"tool_call_id\":\"t1\",\"content\":\"12:00\"}],"
                                + "\"tool_choice\":\"none\"}"),
                        awsTarget()))
                .request();
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(r.body());
        assertThat(body.get("toolConfig")
                        .get("tools")
                        .get(0)
                        .get("toolSpec")
                        .get("name")
                        .asText())
                .isEqualTo("get_time");
        assertThat(body.get("toolConfig").has("toolChoice")).isFalse();
        assertThat(BedrockFixtures.SMITHY.validate(body, "com.amazonaws.bedrockruntime#ConverseRequest"))
                .isEmpty();
    }

    @Test
    void mapsLegacyFunctionsAndFunctionMessagesToToolUseAndToolResult() throws Exception {
        ProviderRequest r = provider.translate(call(
                        request("{\"model\":\"amazon.nova-lite-v1:0\",\"messages\":["
                                + "{\"role\":\"user\",\"content\":\"time?\"},"
                                + "{\"role\":\"assistant\",\"content\":null,\"function_call\":{\"name\":\"get_time\",\"arguments\":\"{}\"}},"
                                + "{\"role\":\"function\",\"name\":\"get_time\",\"content\":\"12:00\"}],"
                                + "\"functions\":[{\"name\":\"get_time\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}],"
                                + "\"function_call\":{\"name\":\"get_time\"}}"),
                        awsTarget()))
                .request();
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(r.body());
        assertThat(body.at("/messages/1/content/0/toolUse/toolUseId").asText()).isEqualTo("function_call_1");
        assertThat(body.at("/messages/2/content/0/toolResult/toolUseId").asText())
                .isEqualTo("function_call_1");
        assertThat(body.at("/messages/2/content/0/toolResult/content/0/text").asText())
                .isEqualTo("12:00");
        assertThat(body.at("/toolConfig/toolChoice/tool/name").asText()).isEqualTo("get_time");
        assertThat(BedrockFixtures.SMITHY.validate(body, "com.amazonaws.bedrockruntime#ConverseRequest"))
                .isEmpty();
    }

    @Test
    void refusesToolArgumentsThatAreNotJson() {
        assertThatThrownBy(() -> provider.translate(call(
                                request("{\"model\":\"m.x\",\"messages\":["
                                        + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"t1\",\"type\":\"function\",\"function\":"
                                        + "{\"name\":\"f\",\"arguments\":\"{not json\"}}]}]}"),
                                awsTarget()))
                        .request())
                .isInstanceOfSatisfying(
                        GatewayException.class,
                        e -> assertThat(e.param()).isEqualTo("messages[0].tool_calls[0].function.arguments"));
    }

    @Test
    void neverPutsSecretsInTheRequestsToString() {
        ProviderRequest r =
                provider.translate(call(request(HELLO), awsTarget())).request();
        assertThat(r.toString()).doesNotContain("wJalrXUtnFEMI").doesNotContain("Signature");
    }
}
