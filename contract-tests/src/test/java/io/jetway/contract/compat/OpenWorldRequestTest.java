package io.jetway.contract.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The request contract is open-world, as OpenAI's SDKs are: a field the gateway does not know and
 * a value of an open enum it does not know are accepted. OpenAI-format providers get the caller's
 * bytes unchanged; a translating provider names every field it did not send in
 * {@code x-jetway-dropped-params}.
 */
class OpenWorldRequestTest {

    static GatewayHarness gw;

    /** Odd spacing and key order on purpose: only an untouched body survives a byte comparison. */
    static final String TOMORROWS_REQUEST = """
            {  "messages" : [ {"role":"user","content":[{"type":"text","text":"Hi","part_extension":true},
                 {"type":"image_url","image_url":{"url":"https://example.com/cat.png","detail":"ultra"}}]} ],
               "model":"MODEL",
               "a_field_added_tomorrow": {"nested": [1, 2.50, "x"]},
               "reasoning_effort": "maximal", "verbosity": "terse", "service_tier": "turbo",
               "modalities": ["text", "hologram"], "prompt_cache_retention": "7d",
               "web_search_options": {"search_context_size": "huge"},
               "prompt_cache_options": {"mode": "explicit", "ttl": "2h"},
               "moderation": {"model": "omni-moderation-latest"}
            }""";

    static final String ANTHROPIC_ANSWER = """
            {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"text","text":"Hello!"}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":5,"output_tokens":2}}""";

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @BeforeEach
    void reset() {
        gw.upstream().reset();
    }

    @Test
    void unknownFieldsAndUnknownOpenEnumValuesReachOpenAiByteForByte() {
        String body = TOMORROWS_REQUEST.replace("MODEL", "gpt-5");
        gw.upstream().enqueue(FakeResponse.chatCompletion("Hello!"));

        HttpResponse<String> response = gw.chat(body).send();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(Arrays.equals(sent.body(), body.getBytes(StandardCharsets.UTF_8)))
                .as("forwarded unchanged: %s", sent.bodyText())
                .isTrue();
        assertThat(response.headers().firstValue("x-jetway-dropped-params")).isEmpty();
    }

    @Test
    void aTranslatingProviderNamesEveryFieldItDidNotSend() {
        String body = TOMORROWS_REQUEST.replace("MODEL", "claude-sonnet-4-5");
        gw.upstream().enqueue(FakeResponse.json(200, ANTHROPIC_ANSWER));

        HttpResponse<String> response = gw.chat(body)
                .header("x-portkey-provider", "anthropic")
                .header("x-portkey-custom-host", gw.upstreamV1())
                .send();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> dropped = List.of(response.headers()
                .firstValue("x-jetway-dropped-params")
                .orElse("")
                .split(","));
        assertThat(dropped)
                .contains(
                        "a_field_added_tomorrow",
                        "reasoning_effort",
                        "verbosity",
                        "service_tier",
                        "modalities",
                        "prompt_cache_retention",
                        "web_search_options",
                        "prompt_cache_options",
                        "moderation");
        JsonNode sent = gw.upstream().takeRequest().bodyJson();
        assertThat(sent.has("a_field_added_tomorrow")).isFalse();
        assertThat(sent.at("/messages/0/content/1/source/url").asText()).isEqualTo("https://example.com/cat.png");
    }
}
