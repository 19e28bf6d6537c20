package io.jetway.gateway.provider.cohere;

import static io.jetway.gateway.provider.cohere.CohereFixtures.call;
import static io.jetway.gateway.provider.cohere.CohereFixtures.caseBytes;
import static io.jetway.gateway.provider.cohere.CohereFixtures.events;
import static io.jetway.gateway.provider.cohere.CohereFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cohere /v2/chat SSE streams → chat.completion.chunk payloads. */
class CohereStreamMapperTest {

    /** Feeds the events until the mapper reports the terminal one; fails if it never does. */
    private static List<String> run(ProviderCall call, List<SseEvent> events) {
        CohereStreamMapper mapper = new CohereStreamMapper(AnswerPlan.of(call), new CallFacts.Recorder());
        List<String> out = new ArrayList<>();
        for (SseEvent event : events) {
            if (mapper.onEvent(event, out)) {
                return out;
            }
        }
        throw mapper.truncated();
    }

    /** Runs the conformance case's {@code stream.upstream}. */
    private static List<String> run(String caseName, String model, boolean includeUsage, boolean strict) {
        return run(call(model, true, includeUsage, strict), events(caseBytes(caseName, "stream.upstream")));
    }

    private static ArrayNode array(List<String> chunks) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        chunks.forEach(c -> a.add(tree(c)));
        return a;
    }

    @Test
    void writesChunksFieldForFieldAsOpenAiDoes() {
        List<String> chunks = run("stream-default", "command-a-plus-05-2026", true, true);

        assertThat(chunks.get(0))
                .isEqualTo("{\"id\":\"29f14a5a-11de-4cae-9800-25e4747408ea\",\"object\":"
                        + "\"chat.completion.chunk\",\"created\":1767323045,\"model\":\"command-a-plus-05-2026\",\"choices\":"
                        + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
                        + "\"logprobs\":null,\"finish_reason\":null}]}");
    }

    @Test
    void omitsTheUsageChunkUnlessTheCallerAskedForIt() {
        List<String> chunks = run("stream-default", "command-a-plus-05-2026", false, true);

        assertThat(chunks).noneMatch(c -> c.contains("\"usage\""));
        assertThat(tree(chunks.getLast()).at("/choices/0/finish_reason").asText())
                .isEqualTo("stop");
    }

    @Test
    void skipsCitationEvents() {
        List<String> chunks = run("stream-documents", "command-a-plus-05-2026", true, true);

        ObjectNode completion = ChunkAccumulator.accumulate(chunks);
        assertThat(completion.at("/choices/0/message/content").asText())
                .isEqualTo("Both Nsync and Backstreet Boys were");
        assertThat(completion.at("/usage/prompt_tokens").asLong()).isEqualTo(1661);
        assertThat(completion.at("/usage/completion_tokens").asLong()).isEqualTo(19);
    }

    @Test
    void hidesThinkingAndToolPlansUnderStrictCompliance() {
        List<String> thinking = run("reasoning", "command-a-reasoning-08-2025", true, true);
        List<String> plan = run("stream-tools", "command-r", false, true);

        assertThat(thinking).noneMatch(c -> c.contains("reasoning_content") || c.contains("17 * 20"));
        assertThat(plan).noneMatch(c -> c.contains("reasoning_content") || c.contains("content_blocks"));
    }

    @Test
    void streamsThinkingAsReasoningWhenStrictComplianceIsOff() {
        List<String> chunks = run("reasoning", "command-a-reasoning-08-2025", true, false);

        assertThat(tree(chunks.get(1)))
                .isEqualTo(tree("{\"id\":\"5f2a4c1e-7d3b-4e8a-9c61-2b7f0d9e4a11\",\"object\":"
                        + "\"chat.completion.chunk\",\"created\":1767323045,\"model\":\"command-a-reasoning-08-2025\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"The user asks for 17 * 23. \","
                        + "\"content_blocks\":[{\"index\":0,\"delta\":{\"thinking\":\"The user asks for 17 * 23. \"}}]},"
                        + "\"logprobs\":null,\"finish_reason\":null}]}"));
    }

    @Test
    void reportsAStreamThatEndsBeforeMessageEndAsTruncated() {
        List<SseEvent> events = events(caseBytes("stream-default", "stream.upstream"));
        List<SseEvent> cut = events.subList(0, events.size() - 1);

        assertThatThrownBy(() -> run(call("command-r", true, false, true), cut))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.code()).isEqualTo("stream_truncated");
                    assertThat(e.getMessage()).contains("message-end");
                });
    }

    @Test
    void treatsDoneBeforeMessageEndAsTruncation() {
        List<SseEvent> events = new ArrayList<>(
                events(caseBytes("stream-default", "stream.upstream")).subList(0, 3));
        events.add(new SseEvent(null, "[DONE]", null, null));

        assertThatThrownBy(() -> run(call("command-r", true, false, true), events))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo("stream_truncated"));
    }

    @Test
    void turnsAnErrorInMessageEndIntoAnError() {
        List<SseEvent> events = sse("""
                event: message-start
                data: {"type":"message-start","id":"a1","delta":{"message":{"role":"assistant"}}}

                event: content-delta
                data: {"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"Hel"}}}}

                event: message-end
                data: {"type":"message-end","delta":{"error":"internal model failure","finish_reason":"ERROR"}}

                """);
        CohereStreamMapper mapper =
                new CohereStreamMapper(AnswerPlan.of(call("command-r", true, false, true)), new CallFacts.Recorder());
        List<String> out = new ArrayList<>();
        Iterator<SseEvent> it = events.iterator();
        mapper.onEvent(it.next(), out);
        mapper.onEvent(it.next(), out);

        assertThat(out).hasSize(2);
        assertThatThrownBy(() -> mapper.onEvent(it.next(), out)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).contains("internal model failure");
        });
    }

    @Test
    void aStreamIsChargedCoheresBilledUnitsFromItsMessageEnd() {
        CallFacts.Recorder facts = new CallFacts.Recorder();
        CohereStreamMapper mapper =
                new CohereStreamMapper(AnswerPlan.of(call("command-a-vision-07-2025", true, true, true)), facts);
        List<String> out = new ArrayList<>();
        for (SseEvent event : events(caseBytes("stream-images", "stream.upstream"))) {
            if (mapper.onEvent(event, out)) {
                break;
            }
        }

        // message-end: tokens 499 in / 105 out (the usage chunk the caller asked for), billed_units 262 / 105.
        assertThat(tree(out.get(out.size() - 1))
                        .path("usage")
                        .path("prompt_tokens")
                        .asLong())
                .isEqualTo(499);
        assertThat(facts.facts().usage().inputTokens()).isEqualTo(262);
        assertThat(facts.facts().usage().outputTokens()).isEqualTo(105);
    }

    @ParameterizedTest
    @CsvSource({"ERROR, 502", "TIMEOUT, 504"})
    void turnsFailedFinishReasonsIntoErrors(String reason, int status) {
        List<SseEvent> events =
                sse("event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"" + reason
                        + "\"}}\n\n");

        assertThatThrownBy(() -> run(call("command-r", true, false, true), events))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.status()).isEqualTo(status));
    }

    @Test
    void usesTheEventNameWhenTheDataHasNoTypeAndIgnoresUnknownTypes() {
        List<String> chunks = run(call("command-r", true, false, true), sse("""
                event: message-start
                data: {"id":"a1","delta":{"message":{"role":"assistant"}}}

                event: debug
                data: {"type":"debug","prompt":"..."}

                event: something-new
                data: {"type":"something-new","delta":{}}

                event: content-delta
                data: {"index":0,"delta":{"message":{"content":{"text":"Hi"}}}}

                event: message-end
                data: {"delta":{"finish_reason":"COMPLETE"}}

                """));

        assertThat(chunks).hasSize(3);
        assertThat(tree(chunks.get(1)).at("/choices/0/delta/content").asText()).isEqualTo("Hi");
        assertThat(tree(chunks.get(2)).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void startsTheAnswerEvenWithoutMessageStart() {
        List<String> chunks = run(call("command-r", true, false, true), sse("""
                data: {"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"Hi"}}}}

                data: {"type":"message-end","delta":{"finish_reason":"MAX_TOKENS"}}

                """));

        assertThat(tree(chunks.get(0)).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(tree(chunks.get(0)).path("id").asText()).isEqualTo("chatcmpl-" + CohereFixtures.TRACE_ID);
        assertThat(tree(chunks.get(2)).at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void reportsErrorPayloadsAndMalformedEvents() {
        assertThatThrownBy(() ->
                        run(call("command-r", true, false, true), sse("data: {\"message\":\"too many tokens\"}\n\n")))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.getMessage()).contains("too many tokens"));
        assertThatThrownBy(() -> run(call("command-r", true, false, true), sse("data: not json\n\n")))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo("invalid_provider_stream"));
        assertThatThrownBy(() -> run(call("command-r", true, false, true), sse("""
                data: {"type":"tool-call-delta","index":3,"delta":{"message":{"tool_calls":{"function":{"arguments":"{"}}}}}

                """)))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.getMessage()).contains("never started"));
    }

    private static List<SseEvent> sse(String text) {
        return events(text.getBytes(StandardCharsets.UTF_8));
    }
}
