package io.jetway.contract.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The response cache is partitioned by who asks: the same request with the same namespace from
 * another tenant (another gateway key, another provider key, no credential at all) is a MISS that
 * reaches the provider, never another tenant's answer; the same caller asking again is a HIT. Two
 * running gateways in front of fake OpenAIs: one closed by gateway keys (with the admin API, for a
 * virtual key), one open.
 */
class CachePartitionEndToEndTest {

    static final String HI = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final String CACHE = "{\"cache\":{\"mode\":\"simple\",\"max_age\":60}}";
    static final String TENANT_A = "gateway-key-of-tenant-a";
    static final String TENANT_B = "gateway-key-of-tenant-b";
    static GatewayHarness closed;
    static GatewayHarness open;
    static int test;
    String namespace;

    @BeforeAll
    static void start() {
        closed = GatewayHarness.start(
                Map.of("JETWAY_API_KEYS", TENANT_A + "," + TENANT_B, "JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN));
        open = GatewayHarness.start();
        HttpResponse<String> vk = closed.admin("POST", "/v1/admin/virtual-keys", """
                {"id":"shared-openai","provider":"openai","api_key":"sk-shared-by-both-tenants","custom_host":"%s"}""".formatted(closed.upstreamV1()))
                .send();
        assertThat(vk.statusCode()).as(vk.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        closed.close();
        open.close();
    }

    @BeforeEach
    void reset() {
        closed.upstream().reset();
        open.upstream().reset();
        namespace = "partition-test-" + ++test;
    }

    /** The same request and namespace every caller sends. */
    GatewayHarness.Call cached(GatewayHarness gw) {
        return gw.chat(HI).header("x-portkey-config", CACHE).header("x-portkey-cache-namespace", namespace);
    }

    static String status(HttpResponse<?> res) {
        return res.headers().firstValue("x-portkey-cache-status").orElse(null);
    }

    @Test
    void callersWithDifferentGatewayKeysNeverShareAnEntry() {
        closed.upstream()
                .enqueue(
                        FakeResponse.chatCompletion("tenant a's answer"),
                        FakeResponse.chatCompletion("tenant b's answer"));

        HttpResponse<String> a =
                cached(closed).header("x-portkey-api-key", TENANT_A).send();
        HttpResponse<String> b =
                cached(closed).header("x-portkey-api-key", TENANT_B).send();
        HttpResponse<String> aAgain =
                cached(closed).header("x-portkey-api-key", TENANT_A).send();
        HttpResponse<String> bAgain =
                cached(closed).header("x-portkey-api-key", TENANT_B).send();

        assertThat(List.of(status(a), status(b), status(aAgain), status(bAgain)))
                .containsExactly("MISS", "MISS", "HIT", "HIT");
        assertThat(b.body()).contains("tenant b's answer").doesNotContain("tenant a's answer");
        assertThat(aAgain.body()).isEqualTo(a.body());
        assertThat(bAgain.body()).isEqualTo(b.body());
        assertThat(closed.upstream().requestCount()).isEqualTo(2);
    }

    @Test
    void callersWithDifferentProviderKeysNeverShareAnEntry() {
        open.upstream()
                .enqueue(
                        FakeResponse.chatCompletion("answer for key one"),
                        FakeResponse.chatCompletion("answer for key two"));

        HttpResponse<String> one =
                cached(open).header("authorization", "Bearer sk-caller-one").send();
        HttpResponse<String> two =
                cached(open).header("authorization", "Bearer sk-caller-two").send();
        HttpResponse<String> oneAgain =
                cached(open).header("authorization", "Bearer sk-caller-one").send();

        assertThat(List.of(status(one), status(two), status(oneAgain))).containsExactly("MISS", "MISS", "HIT");
        assertThat(two.body()).contains("answer for key two");
        assertThat(oneAgain.body()).isEqualTo(one.body());
        assertThat(open.upstream().requestCount()).isEqualTo(2);
        assertThat(open.upstream().requests().get(1).header("authorization")).isEqualTo("Bearer sk-caller-two");
    }

    @Test
    void aCallerWithoutAnyCredentialNeverSharesACredentialedCallersEntries() {
        open.upstream()
                .enqueue(
                        FakeResponse.chatCompletion("for the key holder"),
                        FakeResponse.chatCompletion("for the anonymous caller"));

        HttpResponse<String> keyed = cached(open).send();
        HttpResponse<String> anonymous = cached(open).without("authorization").send();
        HttpResponse<String> anonymousAgain =
                cached(open).without("authorization").send();
        HttpResponse<String> keyedAgain = cached(open).send();

        assertThat(List.of(status(keyed), status(anonymous), status(anonymousAgain), status(keyedAgain)))
                .containsExactly("MISS", "MISS", "HIT", "HIT");
        assertThat(anonymous.body()).contains("for the anonymous caller");
        assertThat(keyedAgain.body()).contains("for the key holder");
        assertThat(open.upstream().requestCount()).isEqualTo(2);
    }

    @Test
    void tenantsSharingAVirtualKeyStillHaveEntriesOfTheirOwn() {
        closed.upstream()
                .enqueue(
                        FakeResponse.chatCompletion("a via the shared key"),
                        FakeResponse.chatCompletion("b via the shared key"));

        HttpResponse<String> a = viaVirtualKey(TENANT_A);
        HttpResponse<String> aAgain = viaVirtualKey(TENANT_A);
        HttpResponse<String> b = viaVirtualKey(TENANT_B);

        assertThat(List.of(status(a), status(aAgain), status(b))).containsExactly("MISS", "HIT", "MISS");
        assertThat(b.body()).contains("b via the shared key");
        assertThat(closed.upstream().requestCount()).isEqualTo(2);
    }

    HttpResponse<String> viaVirtualKey(String gatewayKey) {
        return cached(closed)
                .without("x-portkey-provider")
                .without("authorization")
                .without("x-portkey-custom-host")
                .header("x-portkey-config", "{\"virtual_key\":\"shared-openai\",\"cache\":{\"mode\":\"simple\"}}")
                .header("x-portkey-api-key", gatewayKey)
                .send();
    }
}
