package io.jetway.contract;

import static io.jetway.contract.OpenAiPassthroughTest.SIMPLE;
import static io.jetway.contract.OpenAiPassthroughTest.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a request may cost before it is refused: a caller without a gateway key is refused from its
 * headers alone (its body is never parsed), and a body's parse is bounded (messages, content parts,
 * nesting) with a 400 naming what is over its limit.
 */
class RequestCostTest {

    static final String KEY = "jk-cost-test";
    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start(Map.of("JETWAY_API_KEYS", KEY));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** {@code {"messages":[{user "x"} × n]} }, unterminated when {@code broken}. */
    static String messages(int n, boolean broken) {
        StringBuilder sb = new StringBuilder(n * 32 + 64).append("{\"model\":\"gpt-4o-mini\",\"messages\":[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"x\"}");
        }
        return broken ? sb.toString() : sb.append("]}").toString();
    }

    private static HttpResponse<String> assertError(HttpResponse<String> res, int status, String param, String code) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
        OpenApiContract.get().assertValid("ErrorResponse", res.body());
        assertThat(field(res.body(), "/error/param")).isEqualTo(param);
        assertThat(field(res.body(), "/error/code")).isEqualTo(code);
        assertThat(field(res.body(), "/error/message"))
                .doesNotContain("Exception")
                .doesNotContain("Constraints");
        return res;
    }

    @Test
    void aLargeBodyWithoutAGatewayKeyIsRefusedBeforeItIsParsed() {
        // 300,000 messages (9 MB), and not even JSON: a parse would answer 400; the key check answers first.
        String body = messages(300_000, true);
        int upstreamCalls = gw.upstream().requestCount();

        HttpResponse<String> res = gw.chat(body).send();

        assertError(res, 401, "x-portkey-api-key", "missing_api_key");
        assertThat(gw.upstream().requestCount()).isEqualTo(upstreamCalls);
    }

    @Test
    void aWrongGatewayKeyIsRefusedBeforeTheBodyIsParsed() {
        assertError(
                gw.chat("{not json").header("x-portkey-api-key", "jk-wrong").send(),
                401,
                "x-portkey-api-key",
                "invalid_api_key");
        assertThat(gw.chat(SIMPLE).header("x-portkey-api-key", KEY).send().statusCode())
                .isEqualTo(200);
    }

    @Test
    void refusedGatewayKeysAreCountedOnMetricsByWhyTheyWereRefused() {
        double missing = authFailures("missing_api_key");
        double invalid = authFailures("invalid_api_key");

        gw.chat(SIMPLE).send();
        gw.chat(SIMPLE).header("x-portkey-api-key", "jk-wrong").send();
        gw.chat(SIMPLE).header("x-portkey-api-key", "jk-wrong-again").send();

        assertThat(authFailures("missing_api_key")).isEqualTo(missing + 1);
        assertThat(authFailures("invalid_api_key")).isEqualTo(invalid + 2);
    }

    /** The value of {@code jetway_auth_failures_total{code="…"}} on /metrics (0 before the first). */
    static double authFailures(String code) {
        String series = "jetway_auth_failures_total{code=\"" + code + "\"} ";
        return gw.raw("GET", "/metrics", null)
                .send()
                .body()
                .lines()
                .filter(l -> l.startsWith(series))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(series.length()).strip()))
                .findFirst()
                .orElse(0);
    }

    @Test
    void moreMessagesThanTheLimitIsABadRequestNamingMessages() {
        HttpResponse<String> res = gw.chat(messages(10_001, false))
                .header("x-portkey-api-key", KEY)
                .send();

        assertError(res, 400, "messages", "array_above_max_length");
        assertThat(field(res.body(), "/error/message")).contains("messages").contains("10000");
        assertThat(gw.chat(messages(10_000, false))
                        .header("x-portkey-api-key", KEY)
                        .send()
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void moreContentPartsInAMessageThanTheLimitIsABadRequestNamingThatContent() {
        StringBuilder parts = new StringBuilder();
        for (int i = 0; i < 1_001; i++) {
            parts.append(i == 0 ? "" : ",").append("{\"type\":\"text\",\"text\":\"x\"}");
        }
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"user\",\"content\":[" + parts
                + "]}]}";

        HttpResponse<String> res =
                gw.chat(body).header("x-portkey-api-key", KEY).send();

        assertError(res, 400, "messages[1].content", "array_above_max_length");
        assertThat(field(res.body(), "/error/message")).contains("1000");
    }

    @Test
    void manyMessagesWithManyPartsEachAreBoundedInAll() {
        // 100 messages × 300 parts: every list within its own limit, 30,100 items in all.
        StringBuilder message = new StringBuilder("{\"role\":\"user\",\"content\":[");
        for (int i = 0; i < 300; i++) {
            message.append(i == 0 ? "" : ",").append("{\"type\":\"text\",\"text\":\"x\"}");
        }
        message.append("]}");
        StringBuilder body = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < 100; i++) {
            body.append(i == 0 ? "" : ",").append(message);
        }
        body.append("]}");

        HttpResponse<String> res =
                gw.chat(body.toString()).header("x-portkey-api-key", KEY).send();

        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        assertThat(field(res.body(), "/error/code")).isEqualTo("array_above_max_length");
        assertThat(field(res.body(), "/error/message")).contains("20000");
    }

    @Test
    void aBodyNestedDeeperThanTheLimitIsABadRequestSayingSo() {
        String deep = "{\"a\":".repeat(200) + "{}" + "}".repeat(200);
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"response_format\":{\"type\":"
                + "\"json_schema\",\"json_schema\":{\"name\":\"deep\",\"schema\":" + deep + "}}}";

        HttpResponse<String> res =
                gw.chat(body).header("x-portkey-api-key", KEY).send();

        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        assertThat(field(res.body(), "/error/message"))
                .contains("nest")
                .contains("128")
                .doesNotContain("StreamReadConstraints");
    }

    @Test
    void aStringLongerThanJacksonsDefaultLimitIsAccepted() {
        // An image as a data URL of 21 million characters (Jackson refuses strings over 20 million by default).
        String image = "data:image/png;base64," + "A".repeat(21_000_000);
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\""
                + image + "\"}}]}]}";

        HttpResponse<String> res =
                gw.chat(body).header("x-portkey-api-key", KEY).send();

        assertThat(res.statusCode())
                .as(res.body().length() > 500 ? res.body().substring(0, 500) : res.body())
                .isEqualTo(200);
    }
}
