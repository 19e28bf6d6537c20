package io.jetway.contract.callerinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every query parameter of {@code GET /v1/admin/logs} is checked: a malformed one is a 400 naming
 * it, never a silently empty (or silently unfiltered) page.
 */
class AdminLogQueryEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SIMPLE = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start(Map.of("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN));
        gw.upstream().setDefaultResponse(FakeResponse.chatCompletion("ok"));
        for (int i = 0; i < 3; i++) {
            assertThat(gw.chat(SIMPLE).send().statusCode()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static HttpResponse<String> logs(String query) {
        return gw.admin("GET", "/v1/admin/logs?" + query, null).send();
    }

    @ParameterizedTest(name = "{0} → 400 naming {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "before=garbage|before",
                "before=|before",
                "before=log_12|before",
                "before=log_0000000000000000000000000000zz|before",
                "after=log_17952|after",
                "cursor=x|cursor",
                "limt=5|limt",
                "limit=5&limit=6|limit",
                "limit=-1|limit",
                "limit=2.5|limit",
                "status=abc|status",
                "status=2000|status",
                "from=yesterday|from",
                "to=1e3|to",
                "from=2000&to=1000|to",
                "provider=no-such-provider|provider",
                "provider=|provider",
                "trace_id=|trace_id",
                "metadata_key=|metadata_key",
                "status_class=2XX|status_class"
            })
    void aMalformedParameterIsABadRequestNamingIt(String query, String param) throws Exception {
        HttpResponse<String> res = logs(query);

        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        OpenApiContract.get().assertValidResponse("GET", "/v1/admin/logs", 400, res.body());
        JsonNode error = JSON.readTree(res.body()).path("error");
        assertThat(error.path("param").asText()).isEqualTo(param);
        assertThat(error.path("message").asText()).contains(param);
    }

    @Test
    void aCursorFromAPageStillPagesAndEveryWellFormedFilterIsAccepted() throws Exception {
        HttpResponse<String> first = logs("limit=2");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode page = JSON.readTree(first.body());
        String cursor = page.get("next_cursor").asText();

        HttpResponse<String> second = logs("limit=2&before=" + cursor);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).get("data")).hasSize(1);

        long now = GatewayHarness.NOW.toEpochMilli();
        for (String ok : new String[] {
            "provider=openai",
            "provider=none",
            "trace_id=trace-1",
            "status=200",
            "status_class=2xx",
            "metadata_key=user&metadata_value=",
            "from=" + now + "&to=" + (now + 1),
            "limit=200"
        }) {
            HttpResponse<String> res = logs(ok);
            assertThat(res.statusCode()).as(ok + ": " + res.body()).isEqualTo(200);
        }
        assertThat(JSON.readTree(logs("provider=openai").body()).get("data")).hasSize(3);
    }
}
