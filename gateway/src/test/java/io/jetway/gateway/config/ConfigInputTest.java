package io.jetway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a caller writes in a config is checked as input: bounds, header-safe values, no echo of secrets. */
class ConfigInputTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "3600001", "9223372036855", "1000000000000000000", "1e18", "1.5", "\"5\""})
    void aRequestTimeoutOutsideOneMillisecondToAnHourIsAProblemNamingItsPath(String value) {
        assertThatThrownBy(() -> ConfigParser.parse("{\"provider\":\"openai\",\"request_timeout\":" + value + "}"))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining(
                        "config.request_timeout must be a positive integer of milliseconds, at most 3600000");
    }

    @Test
    void anHourIsTheLargestRequestTimeout() {
        assertThat(ConfigParser.parse("{\"provider\":\"openai\",\"request_timeout\":3600000}")
                        .settings()
                        .requestTimeoutMs())
                .isEqualTo(3_600_000L);
    }

    @Test
    void headerBoundValuesMustBePrintableAsciiAndAreNeverQuoted() {
        assertThatThrownBy(() -> ConfigParser.parse("""
                {"strategy":{"mode":"fallback"},"targets":[
                  {"provider":"openai","api_key":"sk-one\\r\\nx-evil: 1"},
                  {"provider":"openai","api_key":"sk-two","openai_project":"proj-\\u00e9"},
                  {"provider":"anthropic","api_key":"sk-three","anthropic_beta":"b\\u0001"}]}"""))
                .hasMessageContaining("config.targets[0].api_key cannot be sent in an HTTP header: it contains a line "
                        + "break (CR or LF) at character 7")
                .hasMessageContaining("config.targets[1].openai_project cannot be sent in an HTTP header: it contains "
                        + "a non-ASCII character")
                .hasMessageContaining("config.targets[2].anthropic_beta cannot be sent in an HTTP header: it contains "
                        + "a control character")
                .hasMessageNotContaining("sk-one")
                .hasMessageNotContaining("x-evil")
                .hasMessageNotContaining("proj-");
    }

    @Test
    void aWorkersAiTargetsAccountIdIsItsProviderOption() {
        assertThat(ConfigParser.parse("{\"provider\":\"workers-ai\",\"workers_ai_account_id\":\"023e105f\"}")
                        .settings()
                        .options())
                .containsEntry(io.jetway.gateway.core.ProviderOption.WORKERS_AI_ACCOUNT_ID, "023e105f");
    }

    @Test
    void aServiceAccountJsonMayHoldLineBreaksItIsParsedNotSent() {
        assertThat(ConfigParser.parse("{\"provider\":\"vertex-ai\",\"vertex_service_account_json\":\"{\\n}\"}")
                        .settings()
                        .options())
                .hasSize(1);
    }

    @Test
    void aForwardedHeaderNameMustBeAToken() {
        assertThatThrownBy(() -> ConfigParser.parse("{\"provider\":\"openai\",\"forward_headers\":[\"x tenant\"]}"))
                .hasMessageContaining("config.forward_headers must be an array of header names");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"api_key\":sk_live_0a1b2c3d}",
                "{\"api_key\":live0a1b2c3d}",
                "{\"api_key\":\"sk_live_0a1b2c3d\"}}",
                "{\"api_key\":\"sk_live_0a1b2c3d",
                "{\"api_key\":\"sk_live_0a1b2c3d\" \"x\":1}",
                "{\"api_key\":\"sk_live_0a1b2c3d\\q\"}",
                "{\"api_key\":\"sk_live_0a1b2c3d\u0001\"}",
                "{sk_live_0a1b2c3d:1}"
            })
    void aJsonSyntaxErrorSaysWhereButNeverQuotesTheText(String config) {
        assertThatThrownBy(() -> ConfigParser.parse(config))
                .isInstanceOf(GatewayException.class)
                .hasMessageStartingWith("x-portkey-config is not valid JSON at line 1, column ")
                .hasMessageNotContaining("0a1b2c3d")
                .hasMessageNotContaining("Exception")
                .hasMessageNotContaining("JsonNode")
                .hasMessageNotContaining("'");
    }

    @Test
    void aJsonSyntaxErrorSaysWhatWasExpected() {
        assertThatThrownBy(() -> ConfigParser.parse("{\"provider\":\"openai\",\n \"api_key\": sk_live_0a1b2c3d}"))
                .hasMessageMatching(
                        "x-portkey-config is not valid JSON at line 2, column [0-9]+: expected a value \\(a "
                                + "string in double quotes, a number, an object, an array, true, false or null\\)\\.");
        assertThatThrownBy(() -> ConfigParser.parse("{\"provider\":\"openai\"}}"))
                .hasMessageContaining("a } or ] that closes nothing");
        assertThatThrownBy(() -> ConfigParser.parse("{\"provider\":\"openai\"} 1"))
                .hasMessageContaining("there is more text after the closing } of the config");
    }

    @Test
    void aHeaderThatIsNotJsonIsNeverQuoted() {
        assertThatThrownBy(() -> ConfigParser.parse("[{\"api_key\":\"sk_live_0a1b2c3d\"}]"))
                .hasMessageContaining("x-portkey-config is not inline JSON")
                .hasMessageNotContaining("0a1b2c3d");
    }
}
