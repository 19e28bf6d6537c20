package io.jetway.contract.requestlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import io.jetway.contract.support.Sse;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Requests through the running gateway, then {@code GET /v1/admin/logs} with each filter and
 * paging; every answer is validated against openapi.yaml. The log is flushed by each admin query,
 * so nothing here waits on the background writer. Run on the default SQLite store and on a real
 * PostgreSQL ({@code JETWAY_TEST_POSTGRES_URL}, a fresh schema per test; skipped locally without it,
 * a failure under {@code CI}).
 */
class RequestLogEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SIMPLE = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final String STREAM_WITH_USAGE = "{\"model\":\"gpt-4o-mini\",\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    /** A clock the test moves by hand (arrival times of requests). */
    static final class MovingClock extends Clock {
        volatile Instant now = GatewayHarness.NOW;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Nested
    @DisplayName("on SQLite")
    class OnSqlite extends Scenarios {
        @Override
        Map<String, String> database() {
            return Map.of();
        }
    }

    @Nested
    @DisplayName("on PostgreSQL")
    class OnPostgresql extends Scenarios {
        String schema;

        @Override
        Map<String, String> database() throws SQLException {
            String server = postgresUrl();
            schema = "jetway_e2e_"
                    + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            execute(server, "CREATE SCHEMA " + schema);
            byte[] key = new byte[32];
            ThreadLocalRandom.current().nextBytes(key);
            return Map.of(
                    "JETWAY_DATABASE_URL",
                    server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                    "JETWAY_MASTER_KEY",
                    Base64.getEncoder().encodeToString(key));
        }

        @AfterEach
        void dropSchema() throws SQLException {
            if (schema != null) {
                execute(postgresUrl(), "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    static String postgresUrl() {
        String url = System.getenv("JETWAY_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            String ci = System.getenv("CI");
            if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
                fail("JETWAY_TEST_POSTGRES_URL is not set, but CI is: .ci/run must start PostgreSQL and export it.");
            }
            Assumptions.abort("PostgreSQL request log tests skipped: set JETWAY_TEST_POSTGRES_URL to run them.");
        }
        return url;
    }

    static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    abstract static class Scenarios {

        final MovingClock clock = new MovingClock();
        GatewayHarness gw;

        /** Environment naming the store for this run (none: the harness's SQLite file). */
        abstract Map<String, String> database() throws Exception;

        @AfterEach
        void stop() {
            if (gw != null) {
                gw.close();
            }
        }

        void start(Map<String, String> env) throws Exception {
            Map<String, String> all = new java.util.HashMap<>(env);
            all.putAll(database());
            all.put("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN);
            gw = GatewayHarness.start(all, clock);
        }

        JsonNode logs(String query) throws Exception {
            String path = "/v1/admin/logs" + (query.isEmpty() ? "" : "?" + query);
            HttpResponse<String> res = gw.admin("GET", path, null).send();
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            OpenApiContract.get().assertValidResponse("GET", "/v1/admin/logs", 200, res.body());
            return JSON.readTree(res.body());
        }

        static List<String> traces(JsonNode page) {
            List<String> out = new ArrayList<>();
            page.get("data").forEach(e -> out.add(e.get("trace_id").asText()));
            return out;
        }

        /** t1 openai 200 (user=u1), t2 openai 429 (user=u2), t3 groq 200 via a config, each a second apart. */
        void threeRequests() {
            gw.upstream()
                    .enqueue(
                            FakeResponse.chatCompletion("one").withUsage(10, 3),
                            FakeResponse.error(429, "Rate limit reached", "requests", "rate_limit_exceeded"),
                            FakeResponse.chatCompletion("three").withUsage(7, 2));
            assertThat(gw.chat(SIMPLE)
                            .header("x-portkey-trace-id", "t1")
                            .header("x-portkey-metadata", "{\"user\":\"u1\",\"env\":\"prod\"}")
                            .send()
                            .statusCode())
                    .isEqualTo(200);
            clock.now = clock.now.plusSeconds(1);
            assertThat(gw.chat(SIMPLE)
                            .header("x-portkey-trace-id", "t2")
                            .header("x-portkey-metadata", "{\"user\":\"u2\"}")
                            .send()
                            .statusCode())
                    .isEqualTo(429);
            clock.now = clock.now.plusSeconds(1);
            String config =
                    "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[{\"provider\":\"groq\",\"api_key\":\"gsk-k\","
                            + "\"custom_host\":\"" + gw.upstreamV1() + "\"}]}";
            assertThat(gw.chat(SIMPLE)
                            .without("x-portkey-provider")
                            .without("x-portkey-custom-host")
                            .header("x-portkey-config", config)
                            .header("x-portkey-trace-id", "t3")
                            .header("x-portkey-metadata", "{\"user\":\"u1\"}")
                            .send()
                            .statusCode())
                    .isEqualTo(200);
        }

        @Test
        void entriesAreWrittenAndFilteredByEachFilter() throws Exception {
            start(Map.of());
            threeRequests();
            long t0 = GatewayHarness.NOW.toEpochMilli();

            JsonNode all = logs("");
            assertThat(traces(all)).containsExactly("t3", "t2", "t1");
            assertThat(all.has("next_cursor")).isFalse();
            JsonNode first = all.get("data").get(2);
            assertThat(first.get("provider").asText()).isEqualTo("openai");
            assertThat(first.get("model").asText()).isEqualTo("gpt-4o-mini");
            assertThat(first.get("status").asInt()).isEqualTo(200);
            assertThat(first.get("created_at").asLong()).isEqualTo(t0);
            assertThat(first.get("prompt_tokens").asLong()).isEqualTo(10);
            assertThat(first.get("completion_tokens").asLong()).isEqualTo(3);
            assertThat(first.get("metadata")).isEqualTo(JSON.readTree("{\"user\":\"u1\",\"env\":\"prod\"}"));
            assertThat(first.get("stream").asBoolean()).isFalse();
            assertThat(first.get("retries").asInt()).isZero();
            assertThat(first.has("error")).isFalse();
            assertThat(first.get("total_ms").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(first.has("request_body")).isFalse();
            assertThat(first.has("response_body")).isFalse();
            JsonNode failed = all.get("data").get(1);
            assertThat(failed.get("status").asInt()).isEqualTo(429);
            assertThat(failed.get("error").asText()).contains("Rate limit reached");
            JsonNode viaConfig = all.get("data").get(0);
            assertThat(viaConfig.get("provider").asText()).isEqualTo("groq");
            assertThat(viaConfig.get("target_path").asText()).isEqualTo("config.targets[0]");

            assertThat(traces(logs("trace_id=t2"))).containsExactly("t2");
            assertThat(traces(logs("provider=openai"))).containsExactly("t2", "t1");
            assertThat(traces(logs("status=429"))).containsExactly("t2");
            assertThat(traces(logs("status_class=2xx"))).containsExactly("t3", "t1");
            assertThat(traces(logs("status_class=4xx"))).containsExactly("t2");
            assertThat(traces(logs("metadata_key=user&metadata_value=u1"))).containsExactly("t3", "t1");
            assertThat(traces(logs("metadata_key=env"))).containsExactly("t1");
            assertThat(traces(logs("from=" + (t0 + 1000) + "&to=" + (t0 + 2000))))
                    .containsExactly("t2");
            assertThat(traces(logs("from=" + (t0 + 1000)))).containsExactly("t3", "t2");
            assertThat(traces(logs("provider=openai&metadata_key=user&metadata_value=u1")))
                    .containsExactly("t1");
        }

        @Test
        void pagesWithTheNextCursorUntilTheLastPage() throws Exception {
            start(Map.of());
            threeRequests();
            JsonNode one = logs("limit=2");
            assertThat(traces(one)).containsExactly("t3", "t2");
            String cursor = one.get("next_cursor").asText();
            JsonNode two = logs("limit=2&before=" + cursor);
            assertThat(traces(two)).containsExactly("t1");
            assertThat(two.has("next_cursor")).isFalse();
        }

        @Test
        void aStreamIsLoggedWithItsFirstByteTimeAndUsage() throws Exception {
            start(Map.of());
            gw.upstream().enqueue(FakeResponse.chatStream("Hel", "lo").withUsageChunk(12, 2));
            assertThat(Sse.data(gw.chat(STREAM_WITH_USAGE)
                            .header("x-portkey-trace-id", "s1")
                            .header("x-portkey-span-id", "span-9")
                            .header("x-portkey-span-name", "greeting")
                            .open()
                            .body()))
                    .last()
                    .isEqualTo("[DONE]");
            JsonNode e = logs("trace_id=s1").get("data").get(0);
            assertThat(e.get("stream").asBoolean()).isTrue();
            assertThat(e.get("status").asInt()).isEqualTo(200);
            assertThat(e.get("prompt_tokens").asLong()).isEqualTo(12);
            assertThat(e.get("completion_tokens").asLong()).isEqualTo(2);
            assertThat(e.get("span_id").asText()).isEqualTo("span-9");
            assertThat(e.get("span_name").asText()).isEqualTo("greeting");
            assertThat(e.get("first_byte_ms").asDouble())
                    .isGreaterThanOrEqualTo(0)
                    .isLessThanOrEqualTo(e.get("total_ms").asDouble());
        }

        @Test
        void bodiesAreNotLoggedByDefaultAndLoggedWithTheSettingButNeverKeys() throws Exception {
            start(Map.of("JETWAY_LOG_BODIES", "true"));
            gw.upstream().enqueue(FakeResponse.chatCompletion("hello there").withUsage(1, 1));
            HttpResponse<String> answer =
                    gw.chat(SIMPLE).header("x-portkey-trace-id", "b1").send();
            assertThat(answer.statusCode()).isEqualTo(200);
            HttpResponse<String> raw =
                    gw.admin("GET", "/v1/admin/logs?trace_id=b1", null).send();
            assertThat(raw.body()).doesNotContain(GatewayHarness.PROVIDER_KEY);
            JsonNode e = logs("trace_id=b1").get("data").get(0);
            assertThat(JSON.readTree(e.get("request_body").asText())).isEqualTo(JSON.readTree(SIMPLE));
            assertThat(JSON.readTree(e.get("response_body").asText())).isEqualTo(JSON.readTree(answer.body()));
            assertThat(e.get("bodies_truncated").asBoolean()).isFalse();
        }

        @Test
        void bodiesAreCutAt64KiBAndTheEntrySaysSo() throws Exception {
            start(Map.of("JETWAY_LOG_BODIES", "true"));
            gw.upstream().enqueue(FakeResponse.chatCompletion("ok").withUsage(1, 1));
            String big = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
                    + "x".repeat(70_000) + "\"}]}";
            assertThat(gw.chat(big).header("x-portkey-trace-id", "big").send().statusCode())
                    .isEqualTo(200);
            JsonNode e = logs("trace_id=big").get("data").get(0);
            assertThat(e.get("request_body").asText()).hasSize(64 * 1024).isEqualTo(big.substring(0, 64 * 1024));
            assertThat(e.get("bodies_truncated").asBoolean()).isTrue();
        }

        @Test
        void theLogQueryNeedsTheAdminTokenAndRejectsBadParameters() throws Exception {
            start(Map.of());
            HttpResponse<String> anonymous =
                    gw.raw("GET", "/v1/admin/logs", null).send();
            assertThat(anonymous.statusCode()).isEqualTo(401);
            OpenApiContract.get().assertValidResponse("GET", "/v1/admin/logs", 401, anonymous.body());
            for (String bad : List.of(
                    "limit=0",
                    "limit=201",
                    "limit=x",
                    "status=99",
                    "status_class=6xx",
                    "from=-1",
                    "metadata_value=u1")) {
                HttpResponse<String> res =
                        gw.admin("GET", "/v1/admin/logs?" + bad, null).send();
                assertThat(res.statusCode()).as(bad).isEqualTo(400);
                OpenApiContract.get().assertValidResponse("GET", "/v1/admin/logs", 400, res.body());
            }
        }

        @Test
        void withoutTheBodySettingNoBodiesAreLogged() throws Exception {
            start(Map.of());
            gw.upstream().enqueue(FakeResponse.chatCompletion("hello").withUsage(1, 1));
            assertThat(gw.chat(SIMPLE).header("x-portkey-trace-id", "nb").send().statusCode())
                    .isEqualTo(200);
            JsonNode e = logs("trace_id=nb").get("data").get(0);
            assertThat(e.has("request_body")).isFalse();
            assertThat(e.has("response_body")).isFalse();
            assertThat(e.get("bodies_truncated").asBoolean()).isFalse();
        }
    }
}
