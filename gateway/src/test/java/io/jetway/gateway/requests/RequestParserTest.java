package io.jetway.gateway.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestParserTest {

    static final RequestParser PARSER = new RequestParser(Json.MAPPER);

    static ChatRequest parse(String json) {
        return PARSER.parse("application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    static GatewayException failure(String json) {
        try {
            parse(json);
        } catch (GatewayException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void keepsTheCallersExactBytesAndTheTypedModel() {
        String json =
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"extra\":1,\"stream\":true}";

        ChatRequest r = parse(json);

        assertThat(new String(r.raw(), StandardCharsets.UTF_8)).isEqualTo(json);
        assertThat(r.model()).isEqualTo("m");
        assertThat(r.stream()).isTrue();
        assertThat(r.mutableTree().get("extra").asInt()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} → param {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":2.5}|temperature",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":0}|n",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"top_logprobs\":21}|top_logprobs",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_completion_tokens\":0}|max_completion_tokens",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}|stop",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":10.5}|max_tokens",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"}|stream",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tool_choice\":\"always\"}|tool_choice",
                "{\"messages\":[{\"role\":\"user\"}]}|messages[0].content",
                "{\"messages\":[{\"content\":\"x\"}]}|messages[0].role",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"video\"}]}]}|messages[0].content[0].type",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{}}]}]}|messages[0].content[0].image_url.url",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"response_format\":{\"type\":\"json_schema\"}}|response_format.json_schema",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"bad name!\"}}]}|tools[0].function.name"
            })
    void namesTheFieldAtFault(String json, String param) {
        GatewayException e = failure(json);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.param()).as(e.getMessage()).isEqualTo(param);
        assertThat(e.getMessage()).doesNotContain("java.").doesNotContain("io.jetway");
    }

    @Test
    void listsEveryConstraintViolationAtOnce() {
        GatewayException e =
                failure("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":9,\"top_p\":-1}");

        assertThat(e.getMessage()).contains("temperature").contains("top_p");
    }

    @Test
    void refusesBodiesThatAreNotJsonObjects() {
        assertThatThrownBy(() -> PARSER.parse("text/plain", "{}".getBytes())).hasMessageContaining("application/json");
        assertThatThrownBy(() -> PARSER.parse(null, "{}".getBytes())).hasMessageContaining("none was sent");
        assertThat(failure("null").getMessage()).contains("JSON object");
        assertThat(failure("{\"messages\":[]} trailing").getMessage()).contains("not valid JSON");
    }

    @Test
    void acceptsEveryRoleAndPartTheSpecDescribes() {
        ChatRequest r = parse("""
                {"messages":[{"role":"system","content":"s"},{"role":"developer","content":[{"type":"text","text":"d"}]},
                 {"role":"user","content":[{"type":"text","text":"u"},{"type":"image_url","image_url":{"url":"https://x/y.png","detail":"low"}},
                   {"type":"input_audio","input_audio":{"data":"AA==","format":"wav"}},{"type":"file","file":{"file_id":"f1"}}]},
                 {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"sig"},{"type":"text","text":"a"}],
                   "tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"c1","content":"r"},{"role":"function","name":"f","content":null}],
                 "functions":[{"name":"f"}],"function_call":{"name":"f"},"thinking":{"type":"enabled","budget_tokens":1024}}""");

        assertThat(r.body().getMessages()).hasSize(6);
    }
}
