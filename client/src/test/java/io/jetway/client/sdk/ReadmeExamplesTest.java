package io.jetway.client.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.client.examples.ReadmeExamples;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** client/README.md's five tasks against a fake gateway on a real socket. */
class ReadmeExamplesTest {

    final FakeGateway gw = new FakeGateway();
    final ClientTestSupport.FakeTime time = new ClientTestSupport.FakeTime();
    final JetwayClient client = ReadmeExamples.create(gw.url(), "sk-test").withOptions(PortkeyOptions.none());
    final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void close() {
        gw.close();
    }

    @Test
    void plainChat() throws Exception {
        gw.enqueue(FakeGateway.json(200, FakeGateway.completion("Paris")));

        assertThat(ReadmeExamples.plainChat(client)).isEqualTo("Paris");

        FakeGateway.Request sent = gw.takeRequest();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("authorization")).isEqualTo("Bearer sk-test");
        assertThat(sent.header("x-portkey-provider")).isEqualTo("openai");
        assertThat(json.readTree(sent.body()).get("messages").get(0).get("role").asText())
                .isEqualTo("system");
    }

    @Test
    void streamWithAUsageChunkAndAContentFilterChunk() throws Exception {
        gw.enqueue(
                FakeGateway.sse(
                        true,
                        "{\"id\":\"\",\"object\":\"\",\"created\":0,\"model\":\"\",\"choices\":[],\"prompt_filter_results\":[]}",
                        FakeGateway.chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
                        FakeGateway.chunk("{\"content\":\"Once\"}", null),
                        FakeGateway.chunk("{}", null),
                        FakeGateway.chunk("{\"content\":\" upon\"}", "stop"),
                        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                                + "\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2,\"total_tokens\":6}}"));
        List<String> printed = new ArrayList<>();

        ChatCompletion whole = ReadmeExamples.stream(client, printed::add);

        assertThat(String.join("", printed)).isEqualTo("Once upon");
        assertThat(printed).doesNotContainNull();
        assertThat(whole.content()).isEqualTo("Once upon");
        assertThat(whole.usage().getTotalTokens()).isEqualTo(6);
        JsonNode body = json.readTree(gw.takeRequest().body());
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("stream_options").get("include_usage").asBoolean()).isTrue();
    }

    @Test
    void toolCallAndSecondTurn() throws Exception {
        gw.enqueue(FakeGateway.json(200, """
                {"id":"chatcmpl-2","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,
                 "finish_reason":"tool_calls","message":{"role":"assistant","content":null,"tool_calls":[
                 {"id":"call_1","type":"function","function":{"name":"GetWeather","arguments":"{\\"city\\":\\"Paris\\"}"}}]}}]}
                """))
                .enqueue(FakeGateway.json(200, FakeGateway.completion("21 degrees in Paris")));

        assertThat(ReadmeExamples.toolCall(client)).isEqualTo("21 degrees in Paris");

        JsonNode first = json.readTree(gw.takeRequest().body());
        assertThat(first.get("tools")
                        .get(0)
                        .get("function")
                        .get("parameters")
                        .get("properties")
                        .has("city"))
                .isTrue();
        JsonNode second = json.readTree(gw.takeRequest().body()).get("messages");
        assertThat(second).hasSize(3);
        assertThat(second.get(1).get("tool_calls").get(0).get("id").asText()).isEqualTo("call_1");
        assertThat(second.get(2).get("role").asText()).isEqualTo("tool");
        assertThat(second.get(2).get("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(second.get(2).get("content").asText()).isEqualTo(ReadmeExamples.weatherIn("Paris"));
    }

    @Test
    void structuredOutput() throws Exception {
        gw.enqueue(FakeGateway.json(
                200,
                FakeGateway.completion(
                        "{\\\"name\\\":\\\"Paris\\\",\\\"country\\\":\\\"France\\\",\\\"population\\\":2100000}")));

        assertThat(ReadmeExamples.structuredOutput(client))
                .isEqualTo(new ReadmeExamples.City("Paris", "France", 2_100_000));

        JsonNode format = json.readTree(gw.takeRequest().body()).get("response_format");
        assertThat(format.get("json_schema").get("name").asText()).isEqualTo("City");
    }

    @Test
    void errors() {
        JetwayClient noRetries =
                JetwayClient.builder().baseUrl(gw.url()).maxRetries(0).build();
        gw.enqueue(FakeGateway.json(
                400,
                "{\"error\":{\"message\":\"temperature must be at most 2\","
                        + "\"type\":\"invalid_request_error\",\"code\":\"out_of_range\",\"param\":\"temperature\"}}"));
        gw.enqueue(FakeGateway.json(
                429,
                "{\"error\":{\"message\":\"rate limit\",\"type\":\"rate_limit_error\"}}",
                "x-portkey-trace-id",
                "t-9"));

        assertThat(ReadmeExamples.errors(noRetries))
                .isEqualTo("400 invalid_request_error/out_of_range on temperature: temperature must be at most 2");
        assertThat(ReadmeExamples.errors(noRetries)).isEqualTo("slow down: rate limit (trace t-9)");
    }

    @Test
    void rawResponsesAndTunedTimeouts() throws Exception {
        gw.enqueue(FakeGateway.json(
                200,
                FakeGateway.completion("ok"),
                "x-portkey-trace-id",
                "checkout-42",
                "x-jetway-dropped-params",
                "web_search_options"));
        JetwayClient tuned = ReadmeExamples.tuned(gw.url());

        RawResponse<ChatCompletion> raw = ReadmeExamples.raw(tuned);

        assertThat(raw.traceId()).isEqualTo("checkout-42");
        assertThat(raw.droppedParams()).containsExactly("web_search_options");
        FakeGateway.Request sent = gw.takeRequest();
        assertThat(sent.header("x-portkey-metadata")).isEqualTo("{\"user\":\"u-1\"}");
        assertThat(json.readTree(sent.body())
                        .get("web_search_options")
                        .get("search_context_size")
                        .asText())
                .isEqualTo("low");
    }
}
