package io.jetway.contract.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.gateway.pipeline.EnvApiKeys;
import io.jetway.gateway.testing.MutableClock;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gateway keys from {@code JETWAY_API_KEYS} carry ids, and limits set on an id hold for its key. */
class EnvKeyLimitsEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BODY =
            "{\"model\":\"gpt-4o-mini\",\"max_tokens\":50," + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    MutableClock clock = new MutableClock(GatewayHarness.NOW);
    GatewayHarness gw;

    @BeforeEach
    void start() {
        gw = GatewayHarness.start(
                Map.of(
                        "JETWAY_ADMIN_TOKEN",
                        GatewayHarness.ADMIN_TOKEN,
                        "JETWAY_API_KEYS",
                        "team-a:sk-env-aaa,sk-env-legacy"),
                clock);
        gw.upstream().setDefaultResponse(FakeResponse.chatCompletion("Hello!").withUsage(1000, 500));
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    HttpResponse<String> chat(String key) {
        return gw.chat(BODY).header("x-portkey-api-key", key).send();
    }

    @Test
    void anEnvironmentKeysIdTakesLimitsWhichHoldForThatKeyAlone() throws IOException {
        HttpResponse<String> set = gw.admin("PUT", "/v1/admin/limits/api_key/team-a", "{\"requests_per_minute\":1}")
                .send();
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);

        assertThat(chat("sk-env-aaa").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = chat("sk-env-aaa");
        HttpResponse<String> other = chat("sk-env-legacy");

        assertThat(refused.statusCode()).isEqualTo(429);
        JsonNode error = JSON.readTree(refused.body()).get("error");
        assertThat(error.get("message").asText())
                .contains("gateway API key 'team-a'")
                .doesNotContain("sk-env");
        assertThat(other.statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        assertThat(chat("sk-env-aaa").statusCode()).isEqualTo(200);
    }

    @Test
    void aKeyWrittenWithoutAnIdIsLimitedUnderTheIdDerivedFromItsHash() throws IOException {
        String id = EnvApiKeys.derivedId("sk-env-legacy");
        assertThat(gw.admin("PUT", "/v1/admin/limits/api_key/" + id, "{\"requests_per_minute\":1}")
                        .send()
                        .statusCode())
                .isEqualTo(200);

        assertThat(chat("sk-env-legacy").statusCode()).isEqualTo(200);
        assertThat(chat("sk-env-legacy").statusCode()).isEqualTo(429);
        assertThat(chat("sk-env-aaa").statusCode()).isEqualTo(200);

        JsonNode logs = JSON.readTree(
                        gw.admin("GET", "/v1/admin/logs", null).send().body())
                .get("data");
        assertThat(logs.findValuesAsText("api_key_id")).contains(id, "team-a");
    }

    @Test
    void limitsOnAnIdThatIsNeitherStoredNorInTheEnvironmentAreA400() throws IOException {
        HttpResponse<String> res = gw.admin("PUT", "/v1/admin/limits/api_key/team-z", "{\"requests_per_minute\":1}")
                .send();

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(res.body()).at("/error/param").asText()).isEqualTo("subject");
        assertThat(JSON.readTree(res.body()).at("/error/message").asText()).contains("JETWAY_API_KEYS");
    }
}
