package io.jetway.contract.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import io.jetway.gateway.testing.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's admin resources (tag AdminConsole) through the running gateway, with the bearer
 * token: the Traffic page's filters and cursor, a request's trace, the Usage page's series and the
 * budgets with what is left. Every answer is checked against openapi.yaml.
 */
class ConsoleApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final MutableClock CLOCK = new MutableClock(GatewayHarness.NOW.minus(Duration.ofHours(3)));
    static final String BODY = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static GatewayHarness gw;
    static String apiKeyId;
    static String other;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start(Map.of("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN), CLOCK);
        JsonNode key = JSON.readTree(gw.admin("POST", "/v1/admin/api-keys", "{\"name\":\"team\"}")
                .send()
                .body());
        apiKeyId = key.get("id").asText();
        // Once a gateway API key exists, every request needs one: the others come with a second key.
        other = JSON.readTree(gw.admin("POST", "/v1/admin/api-keys", "{\"name\":\"other\"}")
                        .send()
                        .body())
                .get("key")
                .asText();
        // 3 hours ago: two answers of gpt-4o-mini, one for the key, one for user ann.
        gw.upstream().enqueue(FakeResponse.chatCompletion("a").withUsage(1000, 100));
        send(
                chat(("gpt-4o-mini"))
                        .header("x-portkey-api-key", key.get("key").asText())
                        .header("x-portkey-metadata", "{\"_user\":\"ann\"}"),
                200);
        gw.upstream().enqueue(FakeResponse.chatCompletion("b").model("gpt-4o").withUsage(10, 5));
        send(chat(("gpt-4o")).header("x-portkey-metadata", "{\"_user\":\"bob\",\"env\":\"prod\"}"), 200);
        // 1 hour ago: an upstream failure, then a fallback that answers from its second target.
        CLOCK.advance(Duration.ofHours(2));
        gw.upstream().enqueue(FakeResponse.error(500, "upstream broke", "server_error", null));
        send(chat(("gpt-4o-mini")), 500);
        gw.upstream()
                .enqueue(
                        FakeResponse.error(503, "busy", "server_error", null),
                        FakeResponse.chatCompletion("c").withUsage(20, 10));
        String target = "{\"provider\":\"openai\",\"api_key\":\"" + GatewayHarness.PROVIDER_KEY
                + "\",\"custom_host\":\"" + gw.upstreamV1() + "\"}";
        send(
                chat(("gpt-4o-mini"))
                        .without("x-portkey-provider")
                        .without("x-portkey-custom-host")
                        .header(
                                "x-portkey-config",
                                "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[" + target + "," + target + "]}")
                        .header("x-portkey-trace-id", "trace-fallback"),
                200);
        CLOCK.set(GatewayHarness.NOW);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** A chat call with the second key (a test may name another). */
    static GatewayHarness.Call chat(String model) {
        return gw.chat(BODY.formatted(model)).header("x-portkey-api-key", other);
    }

    static void send(GatewayHarness.Call call, int status) {
        HttpResponse<String> res = call.send();
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
    }

    static JsonNode get(String path) {
        HttpResponse<String> res = gw.admin("GET", path, null).send();
        assertThat(res.statusCode()).as(path + ": " + res.body()).isEqualTo(200);
        OpenApiContract.get().assertValidResponse("GET", path.replaceAll("\\?.*", ""), 200, res.body());
        try {
            return JSON.readTree(res.body());
        } catch (Exception e) {
            throw new AssertionError(res.body(), e);
        }
    }

    static List<String> models(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("data")
                .forEach(e ->
                        out.add(e.get("model").asText() + " " + e.get("status").asInt()));
        return out;
    }

    @Test
    void theTrafficPageFiltersByModelStatusClassKeyAndMetadataNewestFirstWithoutBodies() {
        assertThat(models(get("/v1/admin/console/requests")))
                .containsExactly("gpt-4o-mini 200", "gpt-4o-mini 500", "gpt-4o 200", "gpt-4o-mini 200");
        assertThat(models(get("/v1/admin/console/requests?model=gpt-4o"))).containsExactly("gpt-4o 200");
        assertThat(models(get("/v1/admin/console/requests?status_class=5xx"))).containsExactly("gpt-4o-mini 500");
        assertThat(models(get("/v1/admin/console/requests?api_key_id=" + apiKeyId)))
                .containsExactly("gpt-4o-mini 200");
        assertThat(models(get("/v1/admin/console/requests?metadata_key=env&metadata_value=prod")))
                .containsExactly("gpt-4o 200");
        assertThat(models(get("/v1/admin/console/requests?from="
                        + GatewayHarness.NOW.minus(Duration.ofHours(2)).toEpochMilli())))
                .containsExactly("gpt-4o-mini 200", "gpt-4o-mini 500");
        assertThat(get("/v1/admin/console/requests").at("/data/0").has("request_body"))
                .isFalse();
    }

    @Test
    void theTrafficPageIsPagedByCursor() {
        JsonNode first = get("/v1/admin/console/requests?limit=3");
        JsonNode second = get("/v1/admin/console/requests?limit=3&before="
                + first.get("next_cursor").asText());

        assertThat(first.get("data")).hasSize(3);
        assertThat(models(second)).containsExactly("gpt-4o-mini 200");
        assertThat(second.has("next_cursor")).isFalse();
    }

    @Test
    void anUnknownParameterOrAMetadataValueWithoutKeyIsABadRequestNamingIt() {
        HttpResponse<String> unknown =
                gw.admin("GET", "/v1/admin/console/requests?modle=x", null).send();
        HttpResponse<String> value = gw.admin("GET", "/v1/admin/console/requests?metadata_value=x", null)
                .send();
        HttpResponse<String> group =
                gw.admin("GET", "/v1/admin/console/series?group_by=color", null).send();
        HttpResponse<String> cursor =
                gw.admin("GET", "/v1/admin/console/requests?before=x'--", null).send();

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"param\":\"modle\"");
        assertThat(value.statusCode()).isEqualTo(400);
        assertThat(value.body()).contains("\"param\":\"metadata_value\"");
        assertThat(group.statusCode()).isEqualTo(400);
        assertThat(cursor.statusCode()).isEqualTo(400);
        assertThat(cursor.body()).contains("\"param\":\"before\"");
        OpenApiContract.get().assertValidResponse("GET", "/v1/admin/console/requests", 400, unknown.body());
    }

    @Test
    void aRequestsTraceShowsItsAttemptsTheFallbackThatAnsweredAndItsCost() {
        String id = get("/v1/admin/console/requests?limit=1").at("/data/0/id").asText();

        JsonNode trace = get("/v1/admin/console/requests/" + id);

        assertThat(trace.get("attempts").asInt()).isEqualTo(2);
        assertThat(trace.get("fallback").asBoolean()).isTrue();
        assertThat(trace.at("/entry/target_path").asText()).isEqualTo("config.targets[1]");
        assertThat(trace.at("/entry/retries").asInt()).isEqualTo(1);
        assertThat(trace.at("/entry/trace_id").asText()).isEqualTo("trace-fallback");
        assertThat(trace.at("/entry/prompt_tokens").asLong()).isEqualTo(20);
        assertThat(trace.at("/entry/first_byte_ms").isNumber()).isTrue();
        HttpResponse<String> missing =
                gw.admin("GET", "/v1/admin/console/requests/nope", null).send();
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("request_not_found");
    }

    @Test
    void theUsageSeriesCountsRequestsTokensAndErrorsPerModelPerBucket() {
        long from = GatewayHarness.NOW.minus(Duration.ofHours(4)).toEpochMilli();
        JsonNode s = get("/v1/admin/console/series?group_by=model&buckets=4&from=" + from + "&to="
                + GatewayHarness.NOW.toEpochMilli());

        assertThat(s.get("bucket_ms").asLong()).isEqualTo(Duration.ofHours(1).toMillis());
        JsonNode mini = s.get("series").get(0);
        assertThat(mini.get("key").asText()).isEqualTo("gpt-4o-mini");
        assertThat(mini.get("requests").toString()).isEqualTo("[0,1,0,2]");
        assertThat(mini.get("errors").toString()).isEqualTo("[0,0,0,1]");
        assertThat(mini.get("input_tokens").toString()).isEqualTo("[0,1000,0,20]");
        assertThat(mini.get("p50_ms").get(0).isNull()).isTrue();
        assertThat(mini.get("p99_ms").get(3).isNumber()).isTrue();
        assertThat(s.get("series").get(1).get("key").asText()).isEqualTo("gpt-4o");
        JsonNode users = get("/v1/admin/console/series?group_by=user&buckets=1&from=" + from + "&to="
                + GatewayHarness.NOW.toEpochMilli());
        assertThat(users.get("series"))
                .extracting(g ->
                        g.get("key").asText() + "=" + g.get("requests").get(0).asLong())
                .containsExactlyInAnyOrder("none=2", "ann=1", "bob=1");
    }

    @Test
    void theBudgetsShowWhatIsSpentAndWhatIsLeft() {
        gw.admin("PUT", "/v1/admin/limits/api_key/" + apiKeyId, "{\"daily_budget_usd\":5}")
                .send();
        gw.admin("PUT", "/v1/admin/limits/user/*", "{\"requests_per_minute\":500}")
                .send();

        JsonNode budgets = get("/v1/admin/console/budgets");

        JsonNode key = null;
        JsonNode vk = null;
        for (JsonNode b : budgets.get("data")) {
            if (b.at("/limits/scope").asText().equals("api_key")) {
                key = b;
            } else if (b.at("/limits/scope").asText().equals("user")) {
                vk = b;
            }
        }
        assertThat(key).isNotNull();
        // gpt-4o-mini: 1000 input + 100 output tokens, the price table's price, 3 hours ago (today, UTC).
        assertThat(key.get("spent_today_usd").decimalValue()).isPositive();
        assertThat(key.get("daily_left_usd").decimalValue())
                .isEqualByComparingTo(new java.math.BigDecimal(5)
                        .subtract(key.get("spent_today_usd").decimalValue()));
        assertThat(vk.has("spent_today_usd"))
                .as("every user: no one subject's spending")
                .isFalse();
    }
}
