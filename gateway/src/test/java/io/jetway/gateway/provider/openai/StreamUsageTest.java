package io.jetway.gateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The upstream request of an OpenAI-format stream asks for the usage chunk, whatever the caller sent. */
class StreamUsageTest {

    static String requested(String body) throws Exception {
        String out = new String(StreamUsage.requested(body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        Json.MAPPER.readTree(out);
        return out;
    }

    @Test
    void theOptionIsSplicedInWithoutAParseWhenTheBodyHasNone() throws Exception {
        assertThat(requested(" {\"model\":\"gpt-4o\",\"stream\":true}"))
                .isEqualTo(" {\"stream_options\":{\"include_usage\":true},\"model\":\"gpt-4o\",\"stream\":true}");
        assertThat(requested("{ }")).isEqualTo("{\"stream_options\":{\"include_usage\":true} }");
    }

    @Test
    void aCallersOwnStreamOptionsKeepTheirOtherMembers() throws Exception {
        String out = requested(
                "{\"stream\":true,\"stream_options\":{\"include_usage\":false,\"include_obfuscation\":false}}");

        assertThat(Json.MAPPER.readTree(out).get("stream_options").toString())
                .isEqualTo("{\"include_usage\":true,\"include_obfuscation\":false}");
    }
}
