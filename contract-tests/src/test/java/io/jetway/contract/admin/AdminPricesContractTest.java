package io.jetway.contract.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.api.model.PriceRecord;
import io.jetway.api.model.PriceSetRequest;
import io.jetway.client.ApiClient;
import io.jetway.client.ApiException;
import io.jetway.client.api.AdminPricesApi;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v1/admin/prices} against the spec, both ways: what is sent and what is answered. */
class AdminPricesContractTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start(Map.of("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** Sends an admin call, checking the request (when it is accepted) and the answer against the spec. */
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
        return res;
    }

    static JsonNode json(HttpResponse<String> res) {
        try {
            return JSON.readTree(res.body());
        } catch (Exception e) {
            throw new AssertionError(res.body(), e);
        }
    }

    static JsonNode find(JsonNode list, String provider, String model) {
        for (JsonNode p : list.get("data")) {
            if (p.get("provider").asText().equals(provider)
                    && p.get("model").asText().equals(model)) {
                return p;
            }
        }
        return null;
    }

    @Test
    void theShippedPricesAreListedWithTheirOriginAndSource() {
        HttpResponse<String> list = admin("GET", "/v1/admin/prices", null);

        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode haiku = find(json(list), "anthropic", "claude-haiku-4-5");
        assertThat(haiku.get("origin").asText()).isEqualTo("shipped");
        assertThat(haiku.get("input").decimalValue()).isEqualByComparingTo("1");
        assertThat(haiku.get("source").asText()).startsWith("https://");
    }

    @Test
    void anOverrideIsSetListedAsAdminAndDeletedBackToTheShippedPrice() {
        HttpResponse<String> set = admin("PUT", "/v1/admin/prices/openai/gpt-4.1", """
                {"input":1.5,"cached_input":0.375,"output":6,"as_of":"2026-12-01","source":"our contract"}""");

        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        JsonNode record = json(set);
        assertThat(record.get("origin").asText()).isEqualTo("admin");
        assertThat(record.get("cached_input").decimalValue()).isEqualByComparingTo("0.375");
        assertThat(record.has("cache_write")).isFalse();
        JsonNode listed = find(json(admin("GET", "/v1/admin/prices", null)), "openai", "gpt-4.1");
        assertThat(listed.get("origin").asText()).isEqualTo("admin");
        assertThat(listed.get("output").decimalValue()).isEqualByComparingTo("6");
        assertThat(listed.get("updated_at").asLong()).isPositive();
        // azure-openai's gpt-4.1 is another provider's price: untouched.
        assertThat(find(json(admin("GET", "/v1/admin/prices", null)), "azure-openai", "gpt-4.1")
                        .get("origin")
                        .asText())
                .isEqualTo("shipped");

        HttpResponse<String> deleted = admin("DELETE", "/v1/admin/prices/openai/gpt-4.1", null);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(json(deleted).get("object").asText()).isEqualTo("price");
        JsonNode back = find(json(admin("GET", "/v1/admin/prices", null)), "openai", "gpt-4.1");
        assertThat(back.get("origin").asText()).isEqualTo("shipped");
        assertThat(back.get("output").decimalValue()).isEqualByComparingTo("8");
        HttpResponse<String> again = admin("DELETE", "/v1/admin/prices/openai/gpt-4.1", null);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(json(again).at("/error/code").asText()).isEqualTo("price_not_found");
    }

    @Test
    void aModelNotInTheTableIsAddedAndModelNamesWithColonsOrEncodedSlashesWork() {
        assertThat(admin("PUT", "/v1/admin/prices/bedrock/acme.model-v1:0", "{\"input\":1,\"output\":2}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(admin(
                                "PUT",
                                "/v1/admin/prices/together-ai/meta-llama%2FLlama-3.3-70B",
                                "{\"input\":0.88,\"output\":0.88}")
                        .statusCode())
                .isEqualTo(200);

        JsonNode list = json(admin("GET", "/v1/admin/prices", null));
        assertThat(find(list, "bedrock", "acme.model-v1:0").get("origin").asText())
                .isEqualTo("admin");
        assertThat(find(list, "together-ai", "meta-llama/Llama-3.3-70B")).isNotNull();
    }

    @Test
    void badPricesAreRefusedWithA400NamingTheParameter() {
        Map<String, String> bad = Map.of(
                "{\"input\":-1,\"output\":2}", "input",
                "{\"input\":1}", "output",
                "{\"input\":1,\"output\":2,\"reasoning\":\"cheap\"}", "reasoning",
                "{\"input\":1,\"output\":2,\"cached_inptu\":0.1}", "cached_inptu");
        bad.forEach((body, param) -> {
            HttpResponse<String> res = admin("PUT", "/v1/admin/prices/openai/gpt-4o", body);
            assertThat(res.statusCode()).as(body).isEqualTo(400);
            assertThat(json(res).at("/error/param").asText())
                    .as(body + " " + res.body())
                    .isEqualTo(param);
        });
        HttpResponse<String> unknown = admin("PUT", "/v1/admin/prices/openia/gpt-4o", "{\"input\":1,\"output\":2}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).at("/error/param").asText()).isEqualTo("provider");
        assertThat(json(unknown).at("/error/message").asText())
                .contains("openia")
                .contains("openai");
    }

    @Test
    void withoutTheAdminTokenThePricesAre401() {
        HttpResponse<String> res = gw.raw("GET", "/v1/admin/prices", null).send();

        assertThat(res.statusCode()).isEqualTo(401);
        OpenApiContract.get().assertValidResponse("GET", "/v1/admin/prices", 401, res.body());
    }

    @Test
    void theGeneratedJavaClientSpeaksThePricesApi() throws ApiException {
        ApiClient client = new ApiClient();
        client.updateBaseUri(gw.url());
        client.setRequestInterceptor(b -> b.header("Authorization", "Bearer " + GatewayHarness.ADMIN_TOKEN));
        AdminPricesApi api = new AdminPricesApi(client);

        PriceRecord set = api.setPrice(
                "mistral-ai",
                "mistral-client-test",
                new PriceSetRequest().input(new BigDecimal("0.4")).output(new BigDecimal("2")));

        assertThat(set.getOrigin()).isEqualTo(PriceRecord.OriginEnum.ADMIN);
        assertThat(api.listPrices().getData()).extracting(PriceRecord::getModel).contains("mistral-client-test");
        assertThat(api.deletePrice("mistral-ai", "mistral-client-test").getDeleted())
                .isTrue();
    }
}
