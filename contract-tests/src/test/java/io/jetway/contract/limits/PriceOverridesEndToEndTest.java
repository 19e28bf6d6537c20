package io.jetway.contract.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.gateway.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A price set through the admin API is the one the next answer is charged, on every node. */
class PriceOverridesEndToEndTest {

    static final String BODY =
            "{\"model\":\"gpt-4o-mini\",\"max_tokens\":50," + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    MutableClock clock = new MutableClock(GatewayHarness.NOW);

    static String cost(GatewayHarness gw) {
        return gw.chat(BODY).send().headers().firstValue("x-jetway-cost-usd").orElse(null);
    }

    @Test
    void anOverriddenPriceIsUsedByTheNextAnswersCostAndDeletingItRestoresTheShippedOne() {
        try (GatewayHarness gw =
                GatewayHarness.start(Map.of("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN), clock)) {
            // 1000 prompt (200 of them cached) and 500 completion tokens.
            gw.upstream()
                    .setDefaultResponse(FakeResponse.chatCompletion("Hello!").withUsage(1000, 500));
            // Shipped gpt-4o-mini: 1000 × 0.15 + 500 × 0.60 = 450 per million.
            assertThat(cost(gw)).isEqualTo("0.00045");

            assertThat(gw.admin("PUT", "/v1/admin/prices/openai/gpt-4o-mini", "{\"input\":1,\"output\":4}")
                            .send()
                            .statusCode())
                    .isEqualTo(200);
            // 1000 × 1 + 500 × 4 = 3000 per million.
            assertThat(cost(gw)).isEqualTo("0.003");

            gw.admin("DELETE", "/v1/admin/prices/openai/gpt-4o-mini", null).send();
            assertThat(cost(gw)).isEqualTo("0.00045");
        }
    }

    @Test
    void anOverrideSetOnOneNodeAppliesOnAnotherSharingTheDatabaseWithinTheLookupTtl(@TempDir Path dir) {
        Map<String, String> env = Map.of(
                "JETWAY_ADMIN_TOKEN",
                GatewayHarness.ADMIN_TOKEN,
                "JETWAY_DATABASE_URL",
                "jdbc:sqlite:" + dir.resolve("shared.db"));
        try (GatewayHarness a = GatewayHarness.start(env, clock);
                GatewayHarness b = GatewayHarness.start(env, clock)) {
            b.upstream()
                    .setDefaultResponse(FakeResponse.chatCompletion("Hello!").withUsage(1000, 500));
            assertThat(cost(b)).isEqualTo("0.00045");

            assertThat(a.admin("PUT", "/v1/admin/prices/openai/gpt-4o-mini", "{\"input\":1,\"output\":4}")
                            .send()
                            .statusCode())
                    .isEqualTo(200);
            assertThat(cost(b)).as("within the TTL, node b still has its table").isEqualTo("0.00045");

            clock.advance(Duration.ofSeconds(5));
            assertThat(cost(b)).isEqualTo("0.003");
        }
    }

    @Test
    void anOperatorsFilesPricesAreListedAsFileAndAnAdminOverrideWinsOverThem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, """
                {"models":[{"providers":["openai"],"model":"gpt-4o-mini","input":0.2,"output":0.8,
                  "as_of":"2026-12-01","source":"https://example.com/contract"}]}""");
        try (GatewayHarness gw = GatewayHarness.start(
                Map.of("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN, "JETWAY_PRICES_FILE", file.toString()),
                clock)) {
            gw.upstream()
                    .setDefaultResponse(FakeResponse.chatCompletion("Hello!").withUsage(1000, 500));
            JsonNode listed = null;
            for (JsonNode p : new ObjectMapper()
                    .readTree(gw.admin("GET", "/v1/admin/prices", null).send().body())
                    .get("data")) {
                if (p.get("provider").asText().equals("openai")
                        && p.get("model").asText().equals("gpt-4o-mini")) {
                    listed = p;
                }
            }
            assertThat(listed.get("origin").asText()).isEqualTo("file");
            assertThat(listed.get("input").decimalValue()).isEqualByComparingTo("0.2");
            assertThat(listed.get("as_of").asText()).isEqualTo("2026-12-01");
            assertThat(listed.get("source").asText()).isEqualTo("https://example.com/contract");
            // 1000 × 0.2 + 500 × 0.8 = 600 per million.
            assertThat(cost(gw)).isEqualTo("0.0006");

            gw.admin("PUT", "/v1/admin/prices/openai/gpt-4o-mini", "{\"input\":1,\"output\":4}")
                    .send();
            assertThat(cost(gw)).isEqualTo("0.003");
        }
    }
}
