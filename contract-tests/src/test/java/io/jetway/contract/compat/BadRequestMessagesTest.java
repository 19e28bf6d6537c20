package io.jetway.contract.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every bad request gets a message a user can act on: it names the field, says what is allowed,
 * and shows no template ({@code ${…}}), no Java name ({@code io.jetway…}, {@code java.…}, a
 * {@code $} of a nested class).
 */
class BadRequestMessagesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String USER = "{\"role\":\"user\",\"content\":\"Hi\"}";
    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /**
     * @param fields  the request's fields after {@code messages} (a JSON object's inside), or a whole body
     *                when it starts with <code>{</code>
     * @param param   the field the error names
     * @param allowed what the message must say is allowed
     */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                // numbers out of range, for each bounded field
                "\"temperature\":3|temperature|between 0 and 2",
                "\"temperature\":-0.5|temperature|between 0 and 2",
                "\"top_p\":1.5|top_p|between 0 and 1",
                "\"frequency_penalty\":-3|frequency_penalty|between -2 and 2",
                "\"presence_penalty\":2.5|presence_penalty|between -2 and 2",
                "\"top_logprobs\":21|top_logprobs|between 0 and 20",
                "\"n\":0|n|between 1 and 128",
                "\"n\":129|n|between 1 and 128",
                "\"max_tokens\":0|max_tokens|at least 1",
                "\"max_completion_tokens\":-5|max_completion_tokens|at least 1",
                "\"top_k\":0|top_k|at least 1",
                "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":0}|thinking.budget_tokens|at least 1",
                "\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]|stop|1 to 4",
                "\"functions\":[]|functions|1 to 128",
                "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"bad name!\"}}]|tools[0].function.name|a-zA-Z0-9",
                "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"has space\"}}"
                        + "|response_format.json_schema.name|a-zA-Z0-9",
                // wrong JSON types for known fields
                "\"temperature\":\"hot\"|temperature|a number",
                "\"max_tokens\":10.5|max_tokens|an integer",
                "\"stream\":\"yes\"|stream|true or false",
                "\"n\":true|n|an integer",
                "\"logit_bias\":{\"50256\":\"a\"}|logit_bias.50256|an integer",
                "\"metadata\":{\"team\":1}|metadata.team|a string",
                "\"stop\":5|stop|a string or an array of strings",
                "\"tools\":\"get_weather\"|tools|an array",
                "\"tool_choice\":5|tool_choice|a string or an object",
                "\"audio\":{\"voice\":5,\"format\":\"mp3\"}|audio.voice|{\"id\"",
                "\"response_format\":\"json\"|response_format|an object whose type is one of: json_object, json_schema, text",
                // values of closed enums (discriminators and modes)
                "\"tools\":[{\"type\":\"web\",\"function\":{\"name\":\"f\"}}]|tools[0].type|custom, function",
                "\"tool_choice\":\"always\"|tool_choice|\"none\", \"auto\", \"required\"",
                "\"tool_choice\":{\"type\":\"web\"}|tool_choice.type|allowed_tools, custom, function",
                "\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":{\"mode\":\"sometimes\",\"tools\":[]}}"
                        + "|tool_choice.allowed_tools.mode|auto, required",
                "\"response_format\":{\"type\":\"xml\"}|response_format.type|json_object, json_schema, text",
                "\"web_search_options\":{\"user_location\":{\"type\":\"exact\",\"approximate\":{}}}"
                        + "|web_search_options.user_location.type|approximate",
                "\"function_call\":\"sometimes\"|function_call|\"none\", \"auto\"",
                // whole bodies: messages, roles, parts
                "{\"messages\":[{\"role\":\"robot\",\"content\":\"Hi\"}]}|messages[0].role|system, developer, user, assistant",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"video\"}]}]}|messages[0].content[0].type"
                        + "|text, image_url",
                "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"web\"}]}]}"
                        + "|messages[0].tool_calls[0].type|custom, function",
                "{\"messages\":[]}|messages|1 to 10000 items",
                "{\"messages\":\"Hi\"}|messages|an array",
                "{\"messages\":[{\"role\":\"user\",\"content\":5}]}|messages[0].content|a string or an array",
                "{\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}|messages[0].tool_call_id|required",
                "{\"model\":\"m\"}|messages|required",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{}}]}]}"
                        + "|messages[0].content[0].image_url.url|required"
            })
    void eachBadRequestIsA400NamingTheFieldAndWhatIsAllowed(String fields, String param, String allowed)
            throws Exception {
        String body = fields.startsWith("{") ? fields : "{\"messages\":[" + USER + "]," + fields + "}";

        HttpResponse<String> response = gw.chat(body).send();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        OpenApiContract.get().assertValidChatResponse(400, response.body());
        JsonNode error = JSON.readTree(response.body()).path("error");
        String message = error.path("message").asText();
        assertThat(error.path("param").asText()).as(message).isEqualTo(param);
        assertThat(message)
                .contains(param)
                .contains(allowed)
                .doesNotContain("${")
                .doesNotContain("io.jetway")
                .doesNotContain("java.")
                .doesNotContain("$")
                .doesNotContain("`");
    }
}
