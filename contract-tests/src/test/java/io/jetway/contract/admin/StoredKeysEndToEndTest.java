package io.jetway.contract.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the store changes for chat requests, through the running gateway and a fake OpenAI:
 * {@code x-portkey-virtual-key} reaching the provider with the stored key, a stored config id in
 * {@code x-portkey-config}, and stored gateway keys closing the gateway (401) and opening it.
 */
class StoredKeysEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SIMPLE = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final String STORED_KEY = "sk-stored-provider-key-9f8e7d6c";
    static GatewayHarness gw;
    static final List<String> logged = new CopyOnWriteArrayList<>();
    static final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(String.valueOf(r.getMessage()) + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeAll
    static void start() {
        Logger.getLogger("").addHandler(capture);
        gw = GatewayHarness.start(Map.of("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN));
        HttpResponse<String> vk = gw.admin("POST", "/v1/admin/virtual-keys", """
                {"id":"fake-openai","provider":"openai","api_key":"%s","custom_host":"%s","openai_project":"proj-1"}""".formatted(STORED_KEY, gw.upstreamV1()))
                .send();
        assertThat(vk.statusCode()).as(vk.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        gw.close();
        Logger.getLogger("").removeHandler(capture);
        assertThat(logged).noneMatch(line -> line.contains(STORED_KEY));
    }

    @BeforeEach
    void reset() {
        gw.upstream().reset();
    }

    @AfterEach
    void noKeysLeft() {
        JsonNode keys = json(gw.admin("GET", "/v1/admin/api-keys", null).send());
        for (JsonNode k : keys.get("data")) {
            gw.admin("DELETE", "/v1/admin/api-keys/" + k.get("id").asText(), null)
                    .send();
        }
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

    @Test
    void aVirtualKeyHeaderReachesTheProviderWithTheStoredKeyAndOptions() {
        gw.upstream().enqueue(FakeResponse.chatCompletion("hello from the stored key"));

        HttpResponse<String> res =
                bare().header("x-portkey-virtual-key", "fake-openai").send();

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        OpenApiContract.get().assertValidChatResponse(200, res.body());
        assertThat(res.headers().firstValue("x-portkey-provider")).contains("openai");
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + STORED_KEY);
        assertThat(sent.header("openai-project")).isEqualTo("proj-1");
        assertThat(sent.pathWithoutQuery()).isEqualTo("/v1/chat/completions");
        assertThat(res.body()).doesNotContain(STORED_KEY);
    }

    @Test
    void anUnknownVirtualKeyIsABadRequest() {
        HttpResponse<String> res =
                bare().header("x-portkey-virtual-key", "nope").send();

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(json(res).at("/error/message").asText()).contains("Unknown virtual key 'nope'");
        assertThat(json(res).at("/error/param").asText()).isEqualTo("x-portkey-virtual-key");
        assertThat(json(res).at("/error/code").asText()).isEqualTo("virtual_key_not_found");
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void aVirtualKeyDeletedAfterItsStoredConfigWasSavedIsABadRequestNamingTheConfigAndTheTarget() {
        assertThat(gw.admin("POST", "/v1/admin/virtual-keys", "{\"id\":\"short-lived\",\"provider\":\"openai\"}")
                        .send()
                        .statusCode())
                .isEqualTo(201);
        assertThat(gw.admin("POST", "/v1/admin/configs", """
                {"id":"pc-orphan","config":{"strategy":{"mode":"fallback","on_status_codes":[503]},
                 "targets":[{"virtual_key":"fake-openai"},{"virtual_key":"short-lived"}]}}""").send().statusCode())
                .isEqualTo(201);
        assertThat(gw.admin("DELETE", "/v1/admin/virtual-keys/short-lived", null)
                        .send()
                        .statusCode())
                .isEqualTo(200);
        gw.upstream().enqueue(FakeResponse.json(503, "{\"error\":{\"message\":\"overloaded\"}}"));

        HttpResponse<String> res =
                bare().header("x-portkey-config", "pc-orphan").send();

        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        OpenApiContract.get().assertValidChatResponse(400, res.body());
        JsonNode error = json(res).get("error");
        assertThat(error.get("message").asText())
                .startsWith("Unknown virtual key 'short-lived' in stored config 'pc-orphan' at targets[1]");
        assertThat(error.get("code").asText()).isEqualTo("virtual_key_not_found");
        assertThat(error.get("param").asText()).isEqualTo("x-portkey-config");
    }

    @Test
    void aStoredConfigIdRoutesLikeTheConfigItNames() {
        assertThat(gw.admin("POST", "/v1/admin/configs", """
                {"id":"pc-e2e","config":{"virtual_key":"fake-openai","override_params":{"model":"gpt-4o-from-config"}}}""").send().statusCode())
                .isEqualTo(201);
        gw.upstream().enqueue(FakeResponse.chatCompletion("routed by a stored config"));

        HttpResponse<String> res = bare().header("x-portkey-config", "pc-e2e").send();

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + STORED_KEY);
        assertThat(sent.bodyJson().get("model").asText()).isEqualTo("gpt-4o-from-config");
        assertThat(res.headers().firstValue("x-portkey-last-used-option-index")).contains("config");
    }

    @Test
    void anUnknownConfigIdIsABadRequestNamingIt() {
        HttpResponse<String> res =
                bare().header("x-portkey-config", "pc-missing").send();

        assertThat(res.statusCode()).isEqualTo(400);
        OpenApiContract.get().assertValidChatResponse(400, res.body());
        assertThat(json(res).at("/error/message").asText()).contains("'pc-missing'");
        assertThat(json(res).at("/error/code").asText()).isEqualTo("config_not_found");
    }

    @Test
    void aStoredGatewayKeyClosesTheGatewayAtOnceAndDeletingItOpensIt() {
        gw.upstream().setDefaultResponse(FakeResponse.chatCompletion("ok"));
        assertThat(bare().header("x-portkey-virtual-key", "fake-openai").send().statusCode())
                .as("open")
                .isEqualTo(200);

        JsonNode created = json(
                gw.admin("POST", "/v1/admin/api-keys", "{\"name\":\"e2e\"}").send());
        String key = created.get("key").asText();

        HttpResponse<String> without =
                bare().header("x-portkey-virtual-key", "fake-openai").send();
        HttpResponse<String> wrong = bare().header("x-portkey-virtual-key", "fake-openai")
                .header("x-portkey-api-key", "jw-not-a-key")
                .send();
        HttpResponse<String> with = bare().header("x-portkey-virtual-key", "fake-openai")
                .header("x-portkey-api-key", key)
                .send();

        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(json(without).at("/error/code").asText()).isEqualTo("missing_api_key");
        OpenApiContract.get().assertValidChatResponse(401, without.body());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).at("/error/code").asText()).isEqualTo("invalid_api_key");
        assertThat(with.statusCode()).as(with.body()).isEqualTo(200);

        gw.admin("DELETE", "/v1/admin/api-keys/" + created.get("id").asText(), null)
                .send();
        assertThat(bare().header("x-portkey-virtual-key", "fake-openai").send().statusCode())
                .as("open again")
                .isEqualTo(200);
    }

    @Test
    void environmentAndStoredGatewayKeysWorkTogether() {
        try (GatewayHarness both = GatewayHarness.start(
                Map.of("JETWAY_API_KEYS", "env-key-1", "JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN))) {
            both.upstream().setDefaultResponse(FakeResponse.chatCompletion("ok"));
            String stored = json(both.admin("POST", "/v1/admin/api-keys", "{\"name\":\"s\"}")
                            .send())
                    .get("key")
                    .asText();

            assertThat(both.chat(SIMPLE)
                            .header("x-portkey-api-key", "env-key-1")
                            .send()
                            .statusCode())
                    .isEqualTo(200);
            assertThat(both.chat(SIMPLE)
                            .header("x-portkey-api-key", stored)
                            .send()
                            .statusCode())
                    .isEqualTo(200);
            assertThat(both.chat(SIMPLE).send().statusCode()).isEqualTo(401);
        }
    }

    @Test
    void theSqliteStoreKeepsSecretsSealedInItsFile() throws Exception {
        byte[] db = Files.readAllBytes(gw.dataDir().resolve("jetway.db"));
        String wal = Files.exists(gw.dataDir().resolve("jetway.db-wal"))
                ? new String(
                        Files.readAllBytes(gw.dataDir().resolve("jetway.db-wal")),
                        java.nio.charset.StandardCharsets.ISO_8859_1)
                : "";

        assertThat(new String(db, java.nio.charset.StandardCharsets.ISO_8859_1) + wal)
                .contains("fake-openai")
                .doesNotContain(STORED_KEY);
        assertThat(gw.dataDir().resolve("jetway.db.master-key")).exists();
    }
}
