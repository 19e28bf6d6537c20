package io.jetway.contract.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import io.jetway.contract.support.Sse;
import io.jetway.gateway.testing.MutableClock;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Limits and budgets end to end: set through the admin API, enforced on chat requests (429 in
 * OpenAI's shape, {@code retry-after}, {@code x-ratelimit-*} on every answer), and the cost of each
 * request in its answer, the request log, the usage aggregate and {@code /metrics}.
 */
class LimitsEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BODY =
            "{\"model\":\"gpt-4o-mini\",\"max_tokens\":50," + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    MutableClock clock = new MutableClock(GatewayHarness.NOW);
    GatewayHarness gw;
    String key;
    String keyId;

    @BeforeEach
    void start() throws IOException {
        gw = GatewayHarness.start(Map.of("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN), clock);
        // 1000 prompt and 500 completion tokens: 1000 × 0.15 + 500 × 0.60 = 450 per million at gpt-4o-mini's prices.
        gw.upstream().setDefaultResponse(FakeResponse.chatCompletion("Hello!").withUsage(1000, 500));
        JsonNode created = json(
                gw.admin("POST", "/v1/admin/api-keys", "{\"name\":\"team-a\"}").send());
        key = created.get("key").asText();
        keyId = created.get("id").asText();
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    HttpResponse<String> chat() {
        return gw.chat(BODY).header("x-portkey-api-key", key).send();
    }

    static JsonNode json(HttpResponse<String> res) throws IOException {
        return JSON.readTree(res.body());
    }

    @Test
    void aKeyOverItsRequestsPerMinuteGetsOpenAis429WithRetryAfterAndNoUpstreamCall() throws IOException {
        HttpResponse<String> set = gw.admin("PUT", "/v1/admin/limits/api_key/" + keyId, "{\"requests_per_minute\":2}")
                .send();
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        OpenApiContract.get().assertValid("LimitsRecord", set.body());

        HttpResponse<String> first = chat();
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).hasValue("2");
        assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("1");
        assertThat(first.headers().firstValue("x-ratelimit-reset-requests")).hasValue("1m0s");
        assertThat(chat().headers().firstValue("x-ratelimit-remaining-requests"))
                .hasValue("0");
        int upstreamCalls = gw.upstream().requestCount();

        clock.advance(Duration.ofSeconds(45));
        HttpResponse<String> refused = chat();

        assertThat(refused.statusCode()).isEqualTo(429);
        OpenApiContract.get().assertValid("ErrorResponse", refused.body());
        JsonNode error = json(refused).get("error");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("message").asText()).contains(keyId).contains("2 requests per minute");
        assertThat(refused.headers().firstValue("retry-after")).hasValue("15");
        assertThat(refused.headers().firstValue("x-ratelimit-remaining-requests"))
                .hasValue("0");
        assertThat(gw.upstream().requestCount()).isEqualTo(upstreamCalls);

        clock.advance(Duration.ofSeconds(15));
        assertThat(chat().statusCode()).isEqualTo(200);
    }

    @Test
    void aUsersSpentDailyBudgetStopsTheirRequestsAndSaysSoButNotOtherUsers() throws IOException {
        assertThat(gw.admin("PUT", "/v1/admin/limits/user/*", "{\"daily_budget_usd\":0.0004}")
                        .send()
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> first = gw.chat(BODY)
                .header("x-portkey-api-key", key)
                .header("x-portkey-metadata", "{\"_user\":\"alice\"}")
                .send();
        assertThat(first.statusCode()).isEqualTo(200);
        HttpResponse<String> spent = gw.chat(BODY)
                .header("x-portkey-api-key", key)
                .header("x-portkey-metadata", "{\"_user\":\"alice\"}")
                .send();
        HttpResponse<String> bob = gw.chat(BODY)
                .header("x-portkey-api-key", key)
                .header("x-portkey-metadata", "{\"_user\":\"bob\"}")
                .send();

        assertThat(spent.statusCode()).isEqualTo(429);
        assertThat(json(spent).at("/error/message").asText())
                .contains("daily budget of 0.0004 USD")
                .contains("user 'alice'")
                .contains("is spent");
        assertThat(json(spent).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(spent.headers().firstValue("retry-after")).hasValue(Long.toString(12 * 3600));
        assertThat(bob.statusCode()).isEqualTo(200);
    }

    @Test
    void eachAnswerCarriesItsCostWhichTheRequestLogTheUsageAggregateAndTheMetricsSum() throws IOException {
        HttpResponse<String> a = chat();
        HttpResponse<String> b = chat();

        assertThat(a.headers().firstValue("x-jetway-cost-usd")).hasValue("0.00045");
        assertThat(b.headers().firstValue("x-jetway-cost-usd")).hasValue("0.00045");
        assertThat(a.headers().firstValue("x-ratelimit-limit-requests")).isEmpty();

        HttpResponse<String> logs = gw.admin("GET", "/v1/admin/logs", null).send();
        OpenApiContract.get().assertValid("RequestLogList", logs.body());
        JsonNode entry = json(logs).at("/data/0");
        assertThat(entry.get("cost_usd").decimalValue()).isEqualByComparingTo("0.00045");
        assertThat(entry.get("api_key_id").asText()).isEqualTo(keyId);

        HttpResponse<String> usage =
                gw.admin("GET", "/v1/admin/usage?api_key_id=" + keyId, null).send();
        assertThat(usage.statusCode()).as(usage.body()).isEqualTo(200);
        OpenApiContract.get().assertValid("UsageList", usage.body());
        JsonNode row = json(usage).at("/data/0");
        assertThat(json(usage).get("data")).hasSize(1);
        assertThat(row.get("day").asText()).isEqualTo("2026-11-22");
        assertThat(row.get("api_key_id").asText()).isEqualTo(keyId);
        assertThat(row.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(row.get("requests").asLong()).isEqualTo(2);
        assertThat(row.get("input_tokens").asLong()).isEqualTo(2000);
        assertThat(new BigDecimal(row.get("cost_usd").asText())).isEqualByComparingTo("0.0009");

        String metrics = gw.raw("GET", "/metrics", null).send().body();
        assertThat(metrics).contains("jetway_cost_usd_total{model=\"gpt-4o-mini\",provider=\"openai\"} 9.0E-4");
    }

    @Test
    void aModelWithoutAPriceHasNoCostAndIsCountedAsUnpriced() throws IOException {
        gw.upstream()
                .setDefaultResponse(
                        FakeResponse.chatCompletion("Hi").model("my-fine-tune").withUsage(10, 5));
        HttpResponse<String> res = gw.chat(BODY.replace("gpt-4o-mini", "my-fine-tune"))
                .header("x-portkey-api-key", key)
                .send();

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("x-jetway-cost-usd")).isEmpty();
        JsonNode row = json(gw.admin("GET", "/v1/admin/usage", null).send()).at("/data/0");
        assertThat(row.get("unpriced_requests").asLong()).isEqualTo(1);
        assertThat(gw.raw("GET", "/metrics", null).send().body())
                .contains("jetway_cost_unpriced_total{model=\"my-fine-tune\",provider=\"openai\"} 1.0");
    }

    @Test
    void limitsAreListedAndDeletedThroughTheAdminApiAndAnUnknownKeyOrScopeIsA400() throws IOException {
        gw.admin(
                        "PUT",
                        "/v1/admin/limits/api_key/" + keyId,
                        "{\"requests_per_minute\":5,\"tokens_per_minute\":1000,\"monthly_budget_usd\":12.5}")
                .send();

        HttpResponse<String> list = gw.admin("GET", "/v1/admin/limits", null).send();
        OpenApiContract.get().assertValid("LimitsList", list.body());
        JsonNode l = json(list).at("/data/0");
        assertThat(l.get("scope").asText()).isEqualTo("api_key");
        assertThat(l.get("tokens_per_minute").asLong()).isEqualTo(1000);
        assertThat(l.get("monthly_budget_usd").decimalValue()).isEqualByComparingTo("12.5");

        assertThat(gw.admin("PUT", "/v1/admin/limits/api_key/ak-nope", "{\"requests_per_minute\":1}")
                        .send()
                        .statusCode())
                .isEqualTo(400);
        assertThat(gw.admin("PUT", "/v1/admin/limits/team/x", "{\"requests_per_minute\":1}")
                        .send()
                        .statusCode())
                .isEqualTo(400);
        assertThat(gw.admin("PUT", "/v1/admin/limits/user/x", "{\"requests_per_mnute\":1}")
                        .send()
                        .statusCode())
                .isEqualTo(400);
        assertThat(gw.admin("DELETE", "/v1/admin/limits/api_key/" + keyId, null)
                        .send()
                        .statusCode())
                .isEqualTo(200);
        assertThat(gw.admin("GET", "/v1/admin/limits/api_key/" + keyId, null)
                        .send()
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aTokenCapCountsTheUsageAStreamReportsAtItsEnd() throws IOException {
        gw.admin("PUT", "/v1/admin/limits/api_key/" + keyId, "{\"tokens_per_minute\":2000}")
                .send();
        gw.upstream().enqueue(FakeResponse.chatStream("Hel", "lo").withUsageChunk(1000, 500));
        String stream = BODY.replace(
                "\"max_tokens\":50,",
                "\"max_tokens\":50,\"stream\":true," + "\"stream_options\":{\"include_usage\":true},");

        HttpResponse<String> first =
                gw.chat(stream).header("x-portkey-api-key", key).send();
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("[DONE]");

        // 1500 used of 2000: the next (reserving ~70) is admitted, and reports 2000 - 1500 - its reservation left.
        HttpResponse<String> second =
                gw.chat(BODY).header("x-portkey-api-key", key).send();
        assertThat(second.statusCode()).isEqualTo(200);
        long remaining = Long.parseLong(
                second.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
        assertThat(remaining).isBetween(400L, 500L - 50L);
        // The second settled at 1500 too: 3000 ≥ 2000, so the third is refused.
        HttpResponse<String> third =
                gw.chat(BODY).header("x-portkey-api-key", key).send();
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(json(third).at("/error/type").asText()).isEqualTo("tokens");
    }

    @Test
    void passthroughCallsCountAgainstTheKeysRequestsPerMinuteSoTheyCannotGoAroundIt() throws IOException {
        gw.admin("PUT", "/v1/admin/limits/api_key/" + keyId, "{\"requests_per_minute\":2}")
                .send();
        gw.upstream().enqueue(FakeResponse.json(200, "{\"id\":\"modr-1\",\"results\":[]}"));

        HttpResponse<String> moderation = gw.raw("POST", "/v1/moderations", "{\"input\":\"hi\"}")
                .header("content-type", "application/json")
                .header("x-portkey-provider", "openai")
                .header("authorization", "Bearer " + GatewayHarness.PROVIDER_KEY)
                .header("x-portkey-custom-host", gw.upstreamV1())
                .header("x-portkey-api-key", key)
                .send();
        assertThat(moderation.statusCode()).as(moderation.body()).isEqualTo(200);
        assertThat(moderation.headers().firstValue("x-ratelimit-remaining-requests"))
                .hasValue("1");
        assertThat(chat().statusCode()).isEqualTo(200);
        int upstreamCalls = gw.upstream().requestCount();

        HttpResponse<String> refused = gw.raw("POST", "/v1/moderations", "{\"input\":\"hi\"}")
                .header("content-type", "application/json")
                .header("x-portkey-provider", "openai")
                .header("authorization", "Bearer " + GatewayHarness.PROVIDER_KEY)
                .header("x-portkey-custom-host", gw.upstreamV1())
                .header("x-portkey-api-key", key)
                .send();

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json(refused).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(refused.headers().firstValue("retry-after")).isPresent();
        assertThat(gw.upstream().requestCount()).isEqualTo(upstreamCalls);
    }

    @Test
    void aStreamThatBreaksIsChargedWhatItGotAndAnEstimateNotItsWholeReservation() throws IOException {
        gw.admin("PUT", "/v1/admin/limits/api_key/" + keyId, "{\"tokens_per_minute\":2000}")
                .send();
        gw.upstream().enqueue(FakeResponse.chatStream("a", "b", "c").dropAfter(2));
        String stream = BODY.replace("\"max_tokens\":50,", "\"max_tokens\":1000,\"stream\":true,");

        String cut = gw.chat(stream)
                .header("x-portkey-api-key", key)
                .send(Sse.cutOff())
                .body();
        assertThat(cut).doesNotContain("[DONE]");

        // Before: no usage came, so the whole reservation (its size + 1,000 tokens) stood. Now the stream is
        // charged an estimate — its request's size, a token per chunk it relayed — marked as estimated.
        HttpResponse<String> next =
                gw.chat(BODY).header("x-portkey-api-key", key).send();
        assertThat(next.statusCode()).isEqualTo(200);
        long remaining = Long.parseLong(
                next.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
        assertThat(remaining).isGreaterThan(2000L - 1000L);
    }

    @Test
    void anOpenAiStreamReportsItsUsageWithoutTheCallerAskingAndTheCallerDoesNotSeeTheUsageChunk() throws IOException {
        gw.admin("PUT", "/v1/admin/limits/api_key/" + keyId, "{\"tokens_per_minute\":100000}")
                .send();
        gw.upstream().enqueue(FakeResponse.chatStream("Hel", "lo").withUsageChunk(1000, 500));
        String stream = BODY.replace("\"max_tokens\":50,", "\"max_tokens\":50,\"stream\":true,");

        HttpResponse<String> res =
                gw.chat(stream).header("x-portkey-api-key", key).send();

        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode sent = JSON.readTree(gw.upstream().takeRequest().body());
        assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(res.body())
                .contains("Hel")
                .contains("[DONE]")
                .doesNotContain("\"prompt_tokens\"")
                .doesNotContain("\"choices\":[]");
        // The 1500 tokens it reported were counted: 100000 - 1500 - the next one's reservation remain.
        HttpResponse<String> next = chat();
        long remaining = Long.parseLong(
                next.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
        assertThat(remaining).isBetween(100_000L - 1500 - 100, 100_000L - 1500 - 50);
        JsonNode logged =
                json(gw.admin("GET", "/v1/admin/logs?limit=2", null).send()).at("/data/1");
        assertThat(logged.get("stream").asBoolean()).isTrue();
        assertThat(logged.get("cost_usd").decimalValue()).isEqualByComparingTo("0.00045");
    }

    @Test
    void aCallerWhoAskedForTheUsageChunkStillGetsIt() throws IOException {
        gw.upstream().enqueue(FakeResponse.chatStream("Hi").withUsageChunk(10, 2));
        String stream =
                BODY.replace("\"max_tokens\":50,", "\"stream\":true,\"stream_options\":{\"include_usage\":true},");

        HttpResponse<String> res =
                gw.chat(stream).header("x-portkey-api-key", key).send();

        assertThat(res.body()).contains("\"choices\":[]").contains("\"prompt_tokens\":10");
        assertThat(JSON.readTree(gw.upstream().takeRequest().body())
                        .at("/stream_options/include_usage")
                        .asBoolean())
                .isTrue();
    }
}
