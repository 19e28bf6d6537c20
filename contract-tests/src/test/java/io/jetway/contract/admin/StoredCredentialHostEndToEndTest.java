package io.jetway.contract.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.FakeUpstream;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stored credential goes only to the host stored with it: a virtual key's secrets never follow a
 * host the caller chose ({@code x-portkey-custom-host}, an inline config's {@code custom_host}) nor a
 * stored config's {@code custom_host}, unless the key's admin-set {@code allow_caller_custom_host}
 * says so. Over real sockets: the gateway's own fake upstream plays the key's host, a second fake
 * plays the host an attacker controls and must receive nothing.
 */
class StoredCredentialHostEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SIMPLE = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final String STORED_KEY = "sk-stored-secret-never-elsewhere-4e5f";
    static GatewayHarness gw;
    static FakeUpstream elsewhere;
    int connectionsBefore;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start(Map.of("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN));
        elsewhere = FakeUpstream.start();
        created(gw.admin("POST", "/v1/admin/virtual-keys", """
                {"id":"no-host","provider":"openai","api_key":"%s"}""".formatted(STORED_KEY))
                .send());
        created(gw.admin("POST", "/v1/admin/virtual-keys", """
                {"id":"pinned","provider":"openai","api_key":"%s","custom_host":"%s"}""".formatted(STORED_KEY, gw.upstreamV1()))
                .send());
        created(gw.admin("POST", "/v1/admin/configs", """
                {"id":"pc-no-host","config":{"virtual_key":"no-host"}}""").send());
        created(gw.admin("POST", "/v1/admin/configs", """
                {"id":"pc-redirects","config":{"virtual_key":"no-host","custom_host":"%s"}}""".formatted(elsewhereV1()))
                .send());
    }

    @AfterAll
    static void stop() {
        gw.close();
        elsewhere.close();
    }

    @BeforeEach
    void reset() {
        gw.upstream().reset();
        elsewhere.reset();
        connectionsBefore = elsewhere.connectionCount();
    }

    static void created(HttpResponse<String> res) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    }

    static String elsewhereV1() {
        return elsewhere.baseUrl() + "/v1";
    }

    static JsonNode json(HttpResponse<String> res) {
        try {
            return JSON.readTree(res.body());
        } catch (Exception e) {
            throw new AssertionError(res.body(), e);
        }
    }

    /** A chat call with no provider, provider key or custom host of its own. */
    static GatewayHarness.Call bare() {
        return gw.chat(SIMPLE)
                .without("x-portkey-provider")
                .without("authorization")
                .without("x-portkey-custom-host");
    }

    /** A 400 naming {@code param}, saying why and how to fix it, with nothing sent anywhere. */
    void refusedAndNothingSent(HttpResponse<String> res, String param) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        OpenApiContract.get().assertValidChatResponse(400, res.body());
        JsonNode error = json(res).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").asText()).isEqualTo(param);
        assertThat(error.get("message").asText()).contains("stored credentials").contains("allow_caller_custom_host");
        assertThat(res.body()).doesNotContain(STORED_KEY);
        assertThat(elsewhere.connectionCount())
                .as("the caller's host was never contacted")
                .isEqualTo(connectionsBefore);
        assertThat(elsewhere.requestCount()).isZero();
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void aStoredKeyIsNeverSentToAHostNamedByTheCustomHostHeader() {
        HttpResponse<String> res = bare().header("x-portkey-virtual-key", "no-host")
                .header("x-portkey-custom-host", elsewhereV1())
                .send();

        refusedAndNothingSent(res, "x-portkey-custom-host");
    }

    @Test
    void aStoredKeyIsNeverSentToTheCustomHostOfAnInlineConfig() {
        HttpResponse<String> res =
                bare().header("x-portkey-config", """
                {"virtual_key":"no-host","custom_host":"%s"}""".formatted(elsewhereV1())).send();

        refusedAndNothingSent(res, "x-portkey-config");
    }

    @Test
    void anInlineConfigsCustomHostDoesNotOverrideAKeysPinnedHost() {
        HttpResponse<String> res =
                bare().header("x-portkey-config", """
                {"virtual_key":"pinned","custom_host":"%s"}""".formatted(elsewhereV1())).send();

        refusedAndNothingSent(res, "x-portkey-config");
    }

    @Test
    void aCustomHostHeaderDoesNotMoveAPinnedKeyButItsOwnHostIsAccepted() {
        HttpResponse<String> moved = bare().header("x-portkey-virtual-key", "pinned")
                .header("x-portkey-custom-host", elsewhereV1())
                .send();
        refusedAndNothingSent(moved, "x-portkey-custom-host");
        gw.upstream().enqueue(FakeResponse.chatCompletion("at home"));

        HttpResponse<String> same = bare().header("x-portkey-virtual-key", "pinned")
                .header("x-portkey-custom-host", gw.upstreamV1())
                .send();

        assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
        assertThat(gw.upstream().takeRequest().header("authorization")).isEqualTo("Bearer " + STORED_KEY);
    }

    @Test
    void aStoredConfigHoldingAVirtualKeyIsRefusedWithACallerChosenHost() {
        HttpResponse<String> res = bare().header("x-portkey-config", "pc-no-host")
                .header("x-portkey-custom-host", elsewhereV1())
                .send();

        refusedAndNothingSent(res, "x-portkey-custom-host");
    }

    @Test
    void aStoredConfigsOwnCustomHostDoesNotRedirectAVirtualKeyThatDoesNotAllowIt() {
        HttpResponse<String> res =
                bare().header("x-portkey-config", "pc-redirects").send();

        refusedAndNothingSent(res, "x-portkey-config");
    }

    @Test
    void aKeyThatAllowsCallerHostsIsSentToTheCallersHost() {
        HttpResponse<String> made = gw.admin(
                        "POST", "/v1/admin/virtual-keys", """
                {"id":"open-host","provider":"openai","api_key":"%s","custom_host":"%s","allow_caller_custom_host":true}""".formatted(STORED_KEY, gw.upstreamV1()))
                .send();
        created(made);
        assertThat(json(made).get("allow_caller_custom_host").asBoolean()).isTrue();
        elsewhere.enqueue(FakeResponse.chatCompletion("from the caller's host"));

        HttpResponse<String> res = bare().header("x-portkey-virtual-key", "open-host")
                .header("x-portkey-custom-host", elsewhereV1())
                .send();

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(res.body()).contains("from the caller's host");
        RecordedRequest sent = elsewhere.takeRequest();
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + STORED_KEY);
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void theFlagIsOffByDefaultAndAnAdminCanTurnItOnAndOff() {
        created(gw.admin("POST", "/v1/admin/virtual-keys", """
                {"id":"toggled","provider":"openai","api_key":"%s"}""".formatted(STORED_KEY))
                .send());
        assertThat(json(gw.admin("GET", "/v1/admin/virtual-keys/toggled", null).send())
                        .get("allow_caller_custom_host")
                        .asBoolean())
                .isFalse();

        HttpResponse<String> on = gw.admin(
                        "PATCH", "/v1/admin/virtual-keys/toggled", "{\"allow_caller_custom_host\":true}")
                .send();
        assertThat(json(on).get("allow_caller_custom_host").asBoolean())
                .as(on.body())
                .isTrue();
        OpenApiContract.get().assertValidResponse("PATCH", "/v1/admin/virtual-keys/toggled", 200, on.body());
        elsewhere.enqueue(FakeResponse.chatCompletion("allowed"));
        assertThat(bare().header("x-portkey-virtual-key", "toggled")
                        .header("x-portkey-custom-host", elsewhereV1())
                        .send()
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> off = gw.admin(
                        "PATCH",
                        "/v1/admin/virtual-keys/toggled",
                        "{\"allow_caller_custom_host\":false,\"openai_project\":\"p\"}")
                .send();
        assertThat(json(off).get("allow_caller_custom_host").asBoolean()).isFalse();
        HttpResponse<String> unchanged = gw.admin(
                        "PATCH", "/v1/admin/virtual-keys/toggled", "{\"openai_project\":\"q\"}")
                .send();
        assertThat(json(unchanged).get("allow_caller_custom_host").asBoolean())
                .as("left out: kept")
                .isFalse();
        elsewhere.reset();
        assertThat(bare().header("x-portkey-virtual-key", "toggled")
                        .header("x-portkey-custom-host", elsewhereV1())
                        .send()
                        .statusCode())
                .isEqualTo(400);
        assertThat(elsewhere.requestCount()).isZero();
    }
}
