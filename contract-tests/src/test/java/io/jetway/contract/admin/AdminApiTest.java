package io.jetway.contract.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.api.model.AdminDeleted;
import io.jetway.api.model.StoredConfig;
import io.jetway.api.model.StoredConfigCreateRequest;
import io.jetway.api.model.VirtualKey;
import io.jetway.api.model.VirtualKeyCreateRequest;
import io.jetway.client.ApiClient;
import io.jetway.client.ApiException;
import io.jetway.client.api.AdminApi;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin API through the running gateway: every answer (errors included) is checked against
 * {@code openapi.yaml}, every request sent is too, and no answer ever carries a secret.
 */
class AdminApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "sk-proj-THIS-IS-SECRET-0123456789abcd";
    static final String AD_TOKEN = "entra-token-THIS-IS-SECRET-too";
    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start(Map.of("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** Sends an admin call, checking the request and the answer against the spec. */
    static HttpResponse<String> admin(String method, String path, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", "Bearer " + GatewayHarness.ADMIN_TOKEN);
        if (body != null) {
            headers.put("content-type", "application/json");
        }
        HttpResponse<String> res = gw.admin(method, path, body).send();
        if (res.statusCode() < 400) {
            OpenApiContract.get().assertValidRequest(method, path, body, headers);
        }
        OpenApiContract.get().assertValidResponse(method, path, res.statusCode(), res.body());
        assertThat(res.body()).doesNotContain(SECRET).doesNotContain(AD_TOKEN);
        return res;
    }

    static JsonNode json(HttpResponse<String> res) {
        try {
            return JSON.readTree(res.body());
        } catch (Exception e) {
            throw new AssertionError(res.body(), e);
        }
    }

    @Test
    void withoutTheAdminTokenEveryCallIs401() {
        HttpResponse<String> none =
                gw.raw("GET", "/v1/admin/virtual-keys", null).send();
        HttpResponse<String> wrong = gw.raw("POST", "/v1/admin/api-keys", "{\"name\":\"x\"}")
                .header("authorization", "Bearer not-the-token")
                .header("content-type", "application/json")
                .send();

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none).at("/error/code").asText()).isEqualTo("missing_admin_token");
        assertThat(none.headers().firstValue("www-authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).at("/error/code").asText()).isEqualTo("invalid_admin_token");
        OpenApiContract.get().assertValidResponse("GET", "/v1/admin/virtual-keys", 401, none.body());
        OpenApiContract.get().assertValidResponse("POST", "/v1/admin/api-keys", 401, wrong.body());
    }

    @Test
    void withoutJetwayAdminTokenTheAdminApiIsOffAndSaysHowToTurnItOn() {
        try (GatewayHarness off = GatewayHarness.start()) {
            HttpResponse<String> res = off.raw("GET", "/v1/admin/configs", null)
                    .header("authorization", "Bearer anything")
                    .send();

            assertThat(res.statusCode()).isEqualTo(403);
            assertThat(json(res).at("/error/message").asText()).contains("JETWAY_ADMIN_TOKEN");
            assertThat(json(res).at("/error/code").asText()).isEqualTo("admin_api_disabled");
            OpenApiContract.get().assertValidResponse("GET", "/v1/admin/configs", 403, res.body());
        }
    }

    @Test
    void aVirtualKeyIsCreatedReadListedUpdatedAndDeletedWithoutShowingItsSecrets() {
        HttpResponse<String> created = admin("POST", "/v1/admin/virtual-keys", """
                {"id":"azure-prod","provider":"azure-openai","api_key":"%s","azure_ad_token":"%s",
                 "resource_name":"res","deployment_id":"gpt4o","api_version":"2024-10-21",
                 "custom_host":"https://proxy.example.com/azure"}""".formatted(SECRET, AD_TOKEN));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("cache-control")).contains("no-store");
        JsonNode vk = json(created);
        assertThat(vk.get("object").asText()).isEqualTo("virtual_key");
        assertThat(vk.get("provider").asText()).isEqualTo("azure-openai");
        assertThat(vk.get("api_key_last4").asText()).isEqualTo("abcd");
        assertThat(vk.get("secrets")).extracting(JsonNode::asText).containsExactly("api_key", "azure_ad_token");
        assertThat(vk.get("resource_name").asText()).isEqualTo("res");
        assertThat(vk.has("api_key")).isFalse();
        assertThat(vk.has("azure_ad_token")).isFalse();
        assertThat(vk.get("created_at").asLong()).isEqualTo(GatewayHarness.NOW.getEpochSecond());

        assertThat(json(admin("GET", "/v1/admin/virtual-keys/azure-prod", null)))
                .isEqualTo(vk);
        JsonNode list = json(admin("GET", "/v1/admin/virtual-keys", null));
        assertThat(list.get("object").asText()).isEqualTo("list");
        assertThat(list.get("data")).contains(vk);

        JsonNode patched = json(admin(
                "PATCH",
                "/v1/admin/virtual-keys/azure-prod",
                "{\"deployment_id\":\"gpt-4.1\",\"custom_host\":\"\",\"azure_ad_token\":\"\"}"));
        assertThat(patched.get("deployment_id").asText()).isEqualTo("gpt-4.1");
        assertThat(patched.has("custom_host")).isFalse();
        assertThat(patched.get("secrets")).extracting(JsonNode::asText).containsExactly("api_key");
        assertThat(patched.get("api_key_last4").asText()).as("the key was kept").isEqualTo("abcd");

        HttpResponse<String> deleted = admin("DELETE", "/v1/admin/virtual-keys/azure-prod", null);
        assertThat(json(deleted))
                .isEqualTo(JSON.createObjectNode()
                        .put("id", "azure-prod")
                        .put("object", "virtual_key")
                        .put("deleted", true));
        assertThat(admin("GET", "/v1/admin/virtual-keys/azure-prod", null).statusCode())
                .isEqualTo(404);
        assertThat(admin("DELETE", "/v1/admin/virtual-keys/azure-prod", null).statusCode())
                .isEqualTo(404);
        assertThat(admin("PATCH", "/v1/admin/virtual-keys/azure-prod", "{\"api_key\":\"x\"}")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void badVirtualKeysAreRefusedWithEveryProblemNamed() {
        HttpResponse<String> bad = admin(
                "POST",
                "/v1/admin/virtual-keys",
                "{\"id\":\"bad\",\"provider\":\"no-such-provider\",\"custom_host\":\"ftp://x\"}");
        HttpResponse<String> badId =
                admin("POST", "/v1/admin/virtual-keys", "{\"id\":\"has space\",\"provider\":\"openai\"}");
        HttpResponse<String> typo = admin(
                "POST",
                "/v1/admin/virtual-keys",
                "{\"id\":\"t\",\"provider\":\"openai\",\"api_kye\":\"" + SECRET + "\"}");
        HttpResponse<String> missing = admin("POST", "/v1/admin/virtual-keys", "{\"id\":\"m\"}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).at("/error/message").asText())
                .contains("provider 'no-such-provider' is unknown")
                .contains("custom_host must be an absolute http(s) URL");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(json(badId).at("/error/param").asText()).isEqualTo("id");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(json(typo).at("/error/message").asText()).contains("api_kye is not a known field");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).at("/error/param").asText()).isEqualTo("provider");
    }

    @Test
    void aVirtualKeyWhoseValuesCannotTravelInAHeaderOrWhoseHostHoldsCredentialsIsRefusedWithoutEchoingThem() {
        HttpResponse<String> lineBreak = admin(
                "POST",
                "/v1/admin/virtual-keys",
                "{\"id\":\"crlf\",\"provider\":\"openai\",\"api_key\":\"" + SECRET + "\\r\\nx-injected: 1\"}");
        HttpResponse<String> option = admin(
                "POST",
                "/v1/admin/virtual-keys",
                "{\"id\":\"opt\",\"provider\":\"openai\",\"openai_project\":\"proj-\u00e9\"}");
        HttpResponse<String> password = admin(
                "POST",
                "/v1/admin/virtual-keys",
                "{\"id\":\"pw\",\"provider\":\"openai\",\"custom_host\":\"https://user:hunter2@proxy.example.com/v1\"}");

        assertThat(lineBreak.statusCode()).isEqualTo(400);
        assertThat(json(lineBreak).at("/error/param").asText()).isEqualTo("api_key");
        assertThat(json(lineBreak).at("/error/message").asText())
                .contains("line break")
                .doesNotContain(SECRET);
        assertThat(option.statusCode()).isEqualTo(400);
        assertThat(json(option).at("/error/param").asText()).isEqualTo("openai_project");
        assertThat(password.statusCode()).isEqualTo(400);
        assertThat(json(password).at("/error/param").asText()).isEqualTo("custom_host");
        assertThat(password.body()).doesNotContain("hunter2");
        assertThat(admin("GET", "/v1/admin/virtual-keys/crlf", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aTakenIdIsAConflict() {
        assertThat(admin("POST", "/v1/admin/virtual-keys", "{\"id\":\"twice\",\"provider\":\"groq\"}")
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> again =
                admin("POST", "/v1/admin/virtual-keys", "{\"id\":\"twice\",\"provider\":\"openai\"}");

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).at("/error/code").asText()).isEqualTo("already_exists");
        assertThat(json(admin("GET", "/v1/admin/virtual-keys/twice", null))
                        .get("provider")
                        .asText())
                .isEqualTo("groq");
    }

    @Test
    void aConfigIsValidatedStoredUpdatedAndDeleted() {
        for (String id : new String[] {"a", "b", "c"}) {
            assertThat(admin("POST", "/v1/admin/virtual-keys", "{\"id\":\"" + id + "\",\"provider\":\"openai\"}")
                            .statusCode())
                    .isEqualTo(201);
        }
        HttpResponse<String> created = admin("POST", "/v1/admin/configs", """
                {"id":"pc-fallback","config":{"strategy":{"mode":"fallback"},
                 "targets":[{"virtual_key":"a"},{"virtual_key":"b","override_params":{"model":"gpt-4o"}}]}}""");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).at("/config/targets/1/override_params/model").asText())
                .isEqualTo("gpt-4o");
        assertThat(json(admin("GET", "/v1/admin/configs/pc-fallback", null))).isEqualTo(json(created));
        assertThat(json(admin("GET", "/v1/admin/configs", null)).get("data")).contains(json(created));

        JsonNode updated =
                json(admin("PATCH", "/v1/admin/configs/pc-fallback", "{\"config\":{\"virtual_key\":\"c\"}}"));
        assertThat(updated.get("config")).isEqualTo(JSON.createObjectNode().put("virtual_key", "c"));

        assertThat(admin("DELETE", "/v1/admin/configs/pc-fallback", null).statusCode())
                .isEqualTo(200);
        assertThat(admin("GET", "/v1/admin/configs/pc-fallback", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void anInvalidConfigIsRefusedListingEveryProblemAndSecretsIncluded() {
        HttpResponse<String> res = admin("POST", "/v1/admin/configs", """
                {"id":"pc-bad","config":{"strategy":{"mode":"roundrobin"},
                 "targets":[{"provider":"openai","api_key":"%s"},{"weight":-1}]}}""".formatted(SECRET));

        assertThat(res.statusCode()).isEqualTo(400);
        String message = json(res).at("/error/message").asText();
        assertThat(message)
                .contains("'roundrobin' is unknown")
                .contains("config.targets[1].weight")
                .contains("config.targets[0].api_key is a provider secret")
                .contains("virtual_key");
        assertThat(json(res).at("/error/param").asText()).isEqualTo("config");
        assertThat(admin("GET", "/v1/admin/configs/pc-bad", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aConfigNamingAVirtualKeyThatDoesNotExistIsRefusedAtSaveWithTheTargetsPath() {
        assertThat(admin("POST", "/v1/admin/virtual-keys", "{\"id\":\"vk-here\",\"provider\":\"openai\"}")
                        .statusCode())
                .isEqualTo(201);

        HttpResponse<String> res = admin("POST", "/v1/admin/configs", """
                {"id":"pc-dangling","config":{"strategy":{"mode":"fallback"},
                 "targets":[{"virtual_key":"vk-here"},{"virtual_key":"vk-nowhere"}]}}""");

        assertThat(res.statusCode()).isEqualTo(400);
        JsonNode error = json(res).get("error");
        assertThat(error.get("code").asText()).isEqualTo("virtual_key_not_found");
        assertThat(error.get("param").asText()).isEqualTo("config.targets[1].virtual_key");
        assertThat(error.get("message").asText())
                .contains("config.targets[1].virtual_key")
                .contains("'vk-nowhere'")
                .doesNotContain("vk-here'");
        assertThat(admin("GET", "/v1/admin/configs/pc-dangling", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void changingAConfigToNameAVirtualKeyThatDoesNotExistIsRefusedAndKeepsTheStoredOne() {
        assertThat(admin("POST", "/v1/admin/virtual-keys", "{\"id\":\"vk-kept\",\"provider\":\"groq\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(admin("POST", "/v1/admin/configs", "{\"id\":\"pc-kept\",\"config\":{\"virtual_key\":\"vk-kept\"}}")
                        .statusCode())
                .isEqualTo(201);

        HttpResponse<String> res = admin(
                "PATCH",
                "/v1/admin/configs/pc-kept",
                "{\"config\":{\"strategy\":{\"mode\":\"single\"},\"targets\":[{\"strategy\":{\"mode\":\"single\"},"
                        + "\"targets\":[{\"virtual_key\":\"vk-gone\"}]}]}}");

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(json(res).at("/error/code").asText()).isEqualTo("virtual_key_not_found");
        assertThat(json(res).at("/error/param").asText()).isEqualTo("config.targets[0].targets[0].virtual_key");
        assertThat(json(admin("GET", "/v1/admin/configs/pc-kept", null))
                        .at("/config/virtual_key")
                        .asText())
                .isEqualTo("vk-kept");
    }

    @Test
    void eachKindOfUnknownIdHasItsOwnNotFoundCode() {
        HttpResponse<String> key = admin("GET", "/v1/admin/virtual-keys/no-such-key", null);
        HttpResponse<String> config =
                admin("PATCH", "/v1/admin/configs/no-such-config", "{\"config\":{\"provider\":\"openai\"}}");
        HttpResponse<String> apiKey = admin("DELETE", "/v1/admin/api-keys/no-such-api-key", null);

        assertThat(List.of(key.statusCode(), config.statusCode(), apiKey.statusCode()))
                .containsOnly(404);
        assertThat(json(key).at("/error/code").asText()).isEqualTo("virtual_key_not_found");
        assertThat(json(config).at("/error/code").asText()).isEqualTo("config_not_found");
        assertThat(json(apiKey).at("/error/code").asText()).isEqualTo("api_key_not_found");
    }

    @Test
    void anApiKeyIsShownOnceThenOnlyItsLastFourCharacters() {
        HttpResponse<String> created = admin("POST", "/v1/admin/api-keys", "{\"name\":\"ci bot\"}");

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode k = json(created);
        String key = k.get("key").asText();
        String id = k.get("id").asText();
        assertThat(key).startsWith("jw-").hasSize(3 + 43);
        assertThat(k.get("key_last4").asText()).isEqualTo(key.substring(key.length() - 4));

        HttpResponse<String> read = admin("GET", "/v1/admin/api-keys/" + id, null);
        assertThat(read.body()).doesNotContain(key);
        assertThat(json(read).has("key")).isFalse();
        assertThat(admin("GET", "/v1/admin/api-keys", null).body())
                .doesNotContain(key)
                .contains(id);
        assertThat(json(admin("PATCH", "/v1/admin/api-keys/" + id, "{\"name\":\"renamed\"}"))
                        .get("name")
                        .asText())
                .isEqualTo("renamed");
        assertThat(admin("DELETE", "/v1/admin/api-keys/" + id, null).statusCode())
                .isEqualTo(200);
        assertThat(admin("GET", "/v1/admin/api-keys/" + id, null).statusCode()).isEqualTo(404);
        assertThat(admin("POST", "/v1/admin/api-keys", "{\"name\":\"\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void theGeneratedJavaClientSpeaksTheAdminApi() throws ApiException {
        ApiClient client = new ApiClient();
        client.updateBaseUri(gw.url());
        client.setRequestInterceptor(b -> b.header("Authorization", "Bearer " + GatewayHarness.ADMIN_TOKEN));
        AdminApi api = new AdminApi(client);

        VirtualKey vk = api.createVirtualKey(
                new VirtualKeyCreateRequest().id("client-made").provider("groq").apiKey(SECRET));
        StoredConfig config = api.createConfig(new StoredConfigCreateRequest()
                .id("pc-client")
                .config(JSON.createObjectNode().put("virtual_key", "client-made")));

        assertThat(vk.getSecrets()).containsExactly(VirtualKey.SecretsEnum.API_KEY);
        assertThat(vk.getApiKeyLast4()).isEqualTo("abcd");
        assertThat(api.getVirtualKey("client-made").getProvider()).isEqualTo("groq");
        assertThat(config.getConfig().get("virtual_key").asText()).isEqualTo("client-made");
        assertThat(api.listConfigs().getData()).extracting(StoredConfig::getId).contains("pc-client");
        AdminDeleted deleted = api.deleteVirtualKey("client-made");
        assertThat(deleted.getDeleted()).isTrue();
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                                ApiException.class, () -> api.getVirtualKey("client-made"))
                        .getCode())
                .isEqualTo(404);
    }

    @Test
    void theContractRefusesAnAnswerThatWouldCarryASecret() {
        String leaky = "{\"id\":\"k\",\"object\":\"virtual_key\",\"provider\":\"openai\",\"secrets\":[\"api_key\"],"
                + "\"api_key\":\"sk-leak\",\"created_at\":1,\"updated_at\":1}";
        String leakyApiKey = "{\"id\":\"ak-1\",\"object\":\"api_key\",\"name\":\"n\",\"key_last4\":\"abcd\","
                + "\"key\":\"jw-leak\",\"created_at\":1,\"updated_at\":1}";

        assertThat(OpenApiContract.get().problems("VirtualKey", leaky)).isNotEmpty();
        assertThat(OpenApiContract.get().problems("ApiKey", leakyApiKey)).isNotEmpty();
        assertThat(OpenApiContract.get().problems("VirtualKey", leaky.replace(",\"api_key\":\"sk-leak\"", "")))
                .isEmpty();
    }
}
