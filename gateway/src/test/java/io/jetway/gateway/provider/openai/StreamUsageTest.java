package io.jetway.gateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.Json;
import io.jetway.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

    private static final String CONTENT =
            "{\"id\":\"c1\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":null}";
    private static final String USAGE_ONLY = "{\"id\":\"c1\",\"model\":\"gpt-4o\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}";

    private static List<String> stream(boolean hideUsageOnly, CallFacts.Recorder facts) {
        OpenAiStreamMapper mapper = new OpenAiStreamMapper("openai", facts, hideUsageOnly);
        List<String> out = new ArrayList<>();
        for (String data : List.of(CONTENT, USAGE_ONLY, SseEvent.DONE)) {
            if (mapper.onEvent(new SseEvent(null, data, null, null), out)) {
                break;
            }
        }
        return out;
    }

    @Test
    void theUsageChunkTheCallerDidNotAskForIsLeftOutOfTheStreamButItsUsageIsRecorded() {
        CallFacts.Recorder facts = new CallFacts.Recorder();

        assertThat(stream(true, facts)).containsExactly(CONTENT);
        assertThat(facts.facts().usage().inputTokens()).isEqualTo(9);
        assertThat(facts.facts().usage().outputTokens()).isEqualTo(2);
    }

    @Test
    void aCallerWhoAskedForTheUsageChunkGetsItAsTheProviderSentIt() {
        assertThat(stream(false, new CallFacts.Recorder())).containsExactly(CONTENT, USAGE_ONLY);
    }

    @Test
    void onlyAChunkWithAUsageObjectAndNoChoicesIsUsageOnly() {
        assertThat(StreamUsage.usageOnly(USAGE_ONLY)).isTrue();
        assertThat(StreamUsage.usageOnly(CONTENT)).isFalse();
        assertThat(StreamUsage.usageOnly("{\"choices\":[],\"note\":\"\\\"usage\\\": {\"}"))
                .isFalse();
        assertThat(StreamUsage.usageOnly("not json \"usage\":{")).isFalse();
    }
}
