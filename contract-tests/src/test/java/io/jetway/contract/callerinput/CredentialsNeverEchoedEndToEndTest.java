package io.jetway.contract.callerinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A secret a caller put where it does not belong (a password in a custom host's URL, a key in a
 * config the gateway cannot read) is never echoed: not in the error the caller gets, not in the
 * request log's row, not in {@code GET /v1/admin/logs}.
 */
class CredentialsNeverEchoedEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SIMPLE = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final String PASSWORD = "Pw9f3kX7qZ";
    /** Without dashes: a JSON parser quoting the unrecognised token would quote all of it. */
    static final String SECRET = "sk_secret_0a1b2c3d4e5f";

    GatewayHarness gw;

    @BeforeEach
    void start() {
        gw = GatewayHarness.start(Map.of("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN));
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    /** Custom hosts with a password in every shape a URL parser may or may not accept. */
    List<String> hostsWithAPassword() {
        String authority = "127.0.0.1:" + gw.upstream().port();
        return List.of(
                "http://user:" + PASSWORD + "@" + authority + "/v1",
                "http://" + PASSWORD + "@" + authority + "/v1",
                "http://user:" + PASSWORD + "@bad_host.example/v1",
                "http://user:" + PASSWORD + " x@" + authority + "/v1",
                "http://user:" + PASSWORD + "%zz@" + authority + "/v1",
                "http://user:" + PASSWORD + "/x@" + authority + "/v1",
                "user:" + PASSWORD + "@" + authority + "/v1",
                "ftp://user:" + PASSWORD + "@" + authority + "/v1");
    }

    HttpResponse<String> assertRefused(HttpResponse<String> res, String param) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        OpenApiContract.get().assertValid("ErrorResponse", res.body());
        assertThat(JSON.readTree(res.body()).path("error").path("param").asText())
                .isEqualTo(param);
        return res;
    }

    /** The admin API's whole log, and every byte of the store's files: neither holds {@code secret}. */
    void assertNotLogged(String secret, int entries) throws Exception {
        HttpResponse<String> logs =
                gw.admin("GET", "/v1/admin/logs?limit=200", null).send();
        assertThat(logs.statusCode()).as(logs.body()).isEqualTo(200);
        JsonNode data = JSON.readTree(logs.body()).get("data");
        assertThat(data).hasSize(entries);
        data.forEach(e -> assertThat(e.path("status").asInt()).isEqualTo(400));
        assertThat(logs.body()).doesNotContain(secret);
        assertThat(storeBytes()).doesNotContain(secret);
    }

    /** Every file of the store (database, journal, WAL) as text: the rows as written. */
    String storeBytes() {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(gw.dataDir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(all).as("the store holds the log rows").contains("trace-");
        return all.toString();
    }

    @Test
    void aPasswordInACustomHostHeaderIsNeitherEchoedNorLogged() throws Exception {
        List<String> hosts = hostsWithAPassword();
        for (String host : hosts) {
            HttpResponse<String> res = assertRefused(
                    gw.chat(SIMPLE).header("x-portkey-custom-host", host).send(), "x-portkey-custom-host");
            assertThat(res.body()).as(host).doesNotContain(PASSWORD);
        }
        assertThat(gw.upstream().requestCount()).isZero();
        assertNotLogged(PASSWORD, hosts.size());
    }

    @Test
    void aPasswordInAConfigsCustomHostIsNeitherEchoedNorLogged() throws Exception {
        List<String> hosts = hostsWithAPassword();
        for (String host : hosts) {
            String config = "{\"provider\":\"openai\",\"api_key\":\"sk-k\",\"custom_host\":"
                    + JSON.writeValueAsString(host) + "}";
            HttpResponse<String> res = assertRefused(
                    gw.chat(SIMPLE)
                            .without("x-portkey-provider")
                            .without("x-portkey-custom-host")
                            .header("x-portkey-config", config)
                            .send(),
                    "x-portkey-config");
            assertThat(res.body()).as(host).doesNotContain(PASSWORD);
        }
        assertThat(gw.upstream().requestCount()).isZero();
        assertNotLogged(PASSWORD, hosts.size());
    }

    @Test
    void aCustomHostWithCredentialsIsRefusedSayingWhereCredentialsGo() throws Exception {
        String host = "http://user:" + PASSWORD + "@127.0.0.1:" + gw.upstream().port() + "/v1";
        HttpResponse<String> res = assertRefused(
                gw.chat(SIMPLE).header("x-portkey-custom-host", host).send(), "x-portkey-custom-host");
        String message = JSON.readTree(res.body()).path("error").path("message").asText();
        assertThat(message).contains("credentials").contains("header").contains("127.0.0.1");
    }

    @Test
    void aConfigJsonErrorNeverEchoesTheSecretNearIt() throws Exception {
        List<String> configs = List.of(
                "{\"provider\":\"openai\",\"api_key\":" + SECRET + "}",
                "{\"provider\":\"openai\",\"api_key\":" + SECRET.substring(3) + "}",
                "{\"provider\":\"openai\",\t\"api_key\":\t" + SECRET + "\t}",
                "{\"provider\":\"openai\",\"api_key\":'" + SECRET + "'}",
                "{\"provider\":\"openai\",\"api_key\":\"" + SECRET + "\" \"x\":1}",
                "{\"provider\":\"openai\",\"api_key\":\"" + SECRET + "\"",
                "{\"provider\":\"openai\",\"api_key\":\"" + SECRET,
                "{\"provider\":\"openai\",\"api_key\":\"" + SECRET + "\"}}",
                "[{\"provider\":\"openai\",\"api_key\":\"" + SECRET + "\"}]",
                "\"api_key\":\"" + SECRET + "\"");
        for (String config : configs) {
            HttpResponse<String> res = assertRefused(
                    gw.chat(SIMPLE)
                            .without("x-portkey-provider")
                            .without("x-portkey-custom-host")
                            .header("x-portkey-config", config)
                            .send(),
                    "x-portkey-config");
            String message =
                    JSON.readTree(res.body()).path("error").path("message").asText();
            assertThat(res.body()).as(config).doesNotContain(SECRET).doesNotContain("0a1b2c3d");
            assertThat(message)
                    .as(config)
                    .contains("x-portkey-config")
                    .doesNotContain("Exception")
                    .doesNotContain("com.fasterxml")
                    .doesNotContain("JsonNode");
        }
        assertThat(gw.upstream().requestCount()).isZero();
        assertNotLogged("0a1b2c3d", configs.size());
    }

    @Test
    void aConfigJsonErrorSaysWhereAndWhatWasExpected() throws Exception {
        HttpResponse<String> res = assertRefused(
                gw.chat(SIMPLE)
                        .without("x-portkey-provider")
                        .without("x-portkey-custom-host")
                        .header("x-portkey-config", "{\"provider\":\"openai\",\"api_key\":" + SECRET + "}")
                        .send(),
                "x-portkey-config");
        String message = JSON.readTree(res.body()).path("error").path("message").asText();
        assertThat(message)
                .contains("not valid JSON")
                .contains("line 1")
                .contains("column")
                .contains("value");
    }
}
