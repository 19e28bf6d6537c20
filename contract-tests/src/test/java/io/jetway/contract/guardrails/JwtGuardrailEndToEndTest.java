package io.jetway.contract.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.FakeUpstream;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Portkey's {@code default.jwt} guardrail end to end: a config's denying before-hook verifies the
 * caller's token against a JWKS served by a fake over a real socket, through the OpenAI Java SDK.
 */
class JwtGuardrailEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static GatewayHarness gw;
    static OpenAIClient openai;
    static FakeUpstream idp;
    static KeyPair rsa;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        rsa = g.generateKeyPair();
        RSAPublicKey pub = (RSAPublicKey) rsa.getPublic();
        idp = FakeUpstream.start();
        idp.setDefaultResponse(FakeResponse.json(
                200,
                "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"alg\":\"RS256\","
                        + "\"use\":\"sig\",\"n\":\"" + b64(unsigned(pub.getModulus())) + "\",\"e\":\""
                        + b64(unsigned(pub.getPublicExponent())) + "\"}]}"));
        gw = GatewayHarness.start();
        openai = OpenAIOkHttpClient.builder()
                .baseUrl(gw.url() + "/v1")
                .apiKey(GatewayHarness.PROVIDER_KEY)
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        openai.close();
        gw.close();
        idp.close();
    }

    @BeforeEach
    void clean() {
        gw.upstream().reset();
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    static String token(long iat, long exp) throws Exception {
        String signed = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64(("{\"sub\":\"user-7\",\"iat\":" + iat + ",\"exp\":" + exp + "}")
                        .getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(rsa.getPrivate());
        s.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + b64(s.sign());
    }

    static String config() throws Exception {
        return JSON.readTree("""
                {"provider":"openai","custom_host":"%s",
                 "before_request_hooks":[{"type":"guardrail","id":"caller-auth","deny":true,
                   "checks":[{"id":"default.jwt","parameters":{"jwksUri":"%s/.well-known/jwks.json",
                              "headerKey":"x-user-token","cacheMaxAge":3600}}]}]}""".formatted(gw.upstreamV1(), idp.baseUrl())).toString();
    }

    static ChatCompletionCreateParams.Builder ask() throws Exception {
        return ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addUserMessage("hello")
                .putAdditionalHeader("x-portkey-config", config());
    }

    @Test
    // openai-java deprecates _additionalProperties(), its only way to read fields it does not model.
    @SuppressWarnings("deprecation")
    void aRequestWithAValidTokenReachesTheProviderAndTheJwksFetchCarriesNoCredential() throws Exception {
        long now = GatewayHarness.NOW.getEpochSecond(); // the gateway's injected clock
        gw.upstream().enqueue(FakeResponse.chatCompletion("Hi!"));

        HttpResponseFor<ChatCompletion> res = openai.chat()
                .completions()
                .withRawResponse()
                .create(ask().putAdditionalHeader("x-user-token", "Bearer " + token(now - 10, now + 600))
                        .build());

        assertThat(res.statusCode()).isEqualTo(200);
        ChatCompletion completion = res.parse();
        assertThat(completion.choices().getFirst().message().content()).hasValue("Hi!");
        assertThat(completion._additionalProperties().get("hook_results").toString())
                .contains("JWT token validation succeeded");
        assertThat(gw.upstream().requestCount()).isEqualTo(1);
        assertThat(idp.requestCount()).isGreaterThanOrEqualTo(1);
        RecordedRequest fetch = idp.requests().getFirst();
        assertThat(fetch.method()).isEqualTo("GET");
        assertThat(fetch.path()).isEqualTo("/.well-known/jwks.json");
        assertThat(fetch.header("authorization")).isNull();
        assertThat(fetch.header("x-user-token")).isNull();
        assertThat(fetch.headers().toString()).doesNotContain(GatewayHarness.PROVIDER_KEY);
    }

    @Test
    void anExpiredTokenIsDenied446WithPortkeysResultAndNoUpstreamCall() throws Exception {
        long now = GatewayHarness.NOW.getEpochSecond(); // the gateway's injected clock
        String expired = token(now - 7200, now - 3600);

        assertThatThrownBy(() -> openai.chat()
                        .completions()
                        .create(ask().putAdditionalHeader("x-user-token", "Bearer " + expired)
                                .build()))
                .isInstanceOfSatisfying(
                        OpenAIServiceException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(446));

        HttpResponse<String> raw = gw.chat(
                        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":" + "\"hello\"}]}")
                .header("x-portkey-config", config())
                .header("x-user-token", expired)
                .send();
        assertThat(raw.statusCode()).isEqualTo(446);
        JsonNode check = JSON.readTree(raw.body()).at("/hook_results/before_request_hooks/0/checks/0");
        assertThat(check.get("id").asText()).isEqualTo("default.jwt");
        assertThat(check.get("verdict").asBoolean()).isFalse();
        assertThat(check.at("/data/explanation").asText())
                .isEqualTo("JWT validation error: \"exp\" claim timestamp check failed");
        assertThat(raw.body()).doesNotContain(expired);
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void aRequestWithoutTheTokenHeaderIsDenied446() throws Exception {
        HttpResponse<String> raw = gw.chat(
                        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":" + "\"hello\"}]}")
                .header("x-portkey-config", config())
                .send();

        assertThat(raw.statusCode()).isEqualTo(446);
        assertThat(JSON.readTree(raw.body())
                        .at("/hook_results/before_request_hooks/0/checks/0/data/explanation")
                        .asText())
                .isEqualTo("Missing authorization header");
        assertThat(gw.upstream().requestCount()).isZero();
    }
}
