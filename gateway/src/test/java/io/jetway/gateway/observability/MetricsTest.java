package io.jetway.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.pipeline.Exchange;
import io.jetway.gateway.pipeline.Pipeline;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Metrics of requests through the standard pipeline, with exact timings from a manual ticker. */
class MetricsTest {

    static final String SIMPLE = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String STREAM = "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Hello\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,"
            + "\"completion_tokens\":5,\"total_tokens\":17,\"prompt_tokens_details\":{\"cached_tokens\":0}}}";
    static final String RATE_LIMITED = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
            + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
    static final Map<String, String> OPENAI = Map.of("provider", "openai", "authorization", "sk-test");

    static List<String> streamChunks(boolean withUsage) {
        String head =
                "{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-2024-08-06\",";
        List<String> chunks = new java.util.ArrayList<>(List.of(
                head
                        + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],\"usage\":null}",
                head
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a \\\"usage\\\": {x}\"},\"finish_reason\":null}],\"usage\":null}",
                head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}"));
        if (withUsage) {
            chunks.add(head
                    + "\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}");
        }
        return chunks;
    }

    final Harness h = new Harness(false);

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void gatewayOverheadIsTheTotalMinusTheTimeSpentWaitingOnTheProvider() {
        h.resolveMillis = 3;
        h.upstream.json(200, COMPLETION, 40, 10);

        Harness.Outcome out = h.run(
                SIMPLE,
                Map.of(
                        "provider",
                        "openai",
                        "authorization",
                        "sk-test",
                        "custom-host",
                        "https://proxy.example.com/v1"));

        assertThat(out.status()).isEqualTo(200);
        String series = "model=gpt-4o,provider=openai,status_class=2xx,stream=false";
        assertThat(h.timers("jetway.request.duration")).containsExactly(entry(series, List.of(1.0, 53.0)));
        assertThat(h.timers("jetway.gateway.overhead")).containsExactly(entry(series, List.of(1.0, 3.0)));
        assertThat(h.timers("jetway.request.first.byte"))
                .containsExactly(entry("model=gpt-4o,provider=openai,stream=false", List.of(1.0, 53.0)));
        assertThat(h.counters("jetway.requests"))
                .containsExactly(entry("model=gpt-4o,provider=openai,status=200", 1.0));
        assertThat(h.counters("jetway.tokens"))
                .containsExactly(
                        entry("model=gpt-4o,provider=openai,type=input", 12.0),
                        entry("model=gpt-4o,provider=openai,type=output", 5.0));
        assertThat(h.counters("jetway.upstream.errors")).isEmpty();
    }

    @Test
    void aStreamIsOverWhenItsLastChunkIsPulledAndItsUsageChunkCountsTokens() {
        h.writeMillis = 2;
        h.upstream.sse(streamChunks(true), true, 30, 5);

        Harness.Outcome out = h.run(STREAM, OPENAI);

        assertThat(out.failure()).isNull();
        assertThat(out.chunks()).hasSize(4);
        String series = "model=gpt-4o,provider=openai,status_class=2xx,stream=true";
        // Waiting: 30 ms to the headers, 5 ms per event read (4 chunks + [DONE]); writing: 2 ms per chunk.
        assertThat(h.timers("jetway.request.duration")).containsExactly(entry(series, List.of(1.0, 63.0)));
        assertThat(h.timers("jetway.gateway.overhead")).containsExactly(entry(series, List.of(1.0, 8.0)));
        // The first chunk was read before the pipeline answered: 30 + 5 ms.
        assertThat(h.timers("jetway.request.first.byte"))
                .containsExactly(entry("model=gpt-4o,provider=openai,stream=true", List.of(1.0, 35.0)));
        assertThat(h.counters("jetway.tokens"))
                .containsExactly(
                        entry("model=gpt-4o,provider=openai,type=input", 9.0),
                        entry("model=gpt-4o,provider=openai,type=output", 3.0));
    }

    @Test
    void aStreamWithoutUsageCountsNoTokensAndIsRecordedOnlyAtItsEnd() {
        h.upstream.sse(streamChunks(false), true, 0, 0);
        Exchange ex = Harness.exchange(STREAM, OPENAI);

        GatewayResponse.Streaming answer = (GatewayResponse.Streaming) h.pipeline.execute(ex);
        assertThat(answer.chunks().next()).contains("chatcmpl-s");
        assertThat(h.counters("jetway.requests")).as("not over yet").isEmpty();
        while (answer.chunks().next() != null) {
            // drain
        }
        answer.chunks().close();

        assertThat(h.counters("jetway.requests"))
                .containsExactly(entry("model=gpt-4o,provider=openai,status=200", 1.0));
        assertThat(h.counters("jetway.tokens")).isEmpty();
    }

    @Test
    void aTranslatedProvidersStreamCountsTheTokensItReportedEvenWithoutTheUsageChunk() {
        h.upstream.sse(
                List.of(
                        "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                                + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"usage\":{\"input_tokens\":10,"
                                + "\"output_tokens\":1,\"cache_read_input_tokens\":2}}}",
                        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}",
                        "{\"type\":\"content_block_stop\",\"index\":0}",
                        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":4}}",
                        "{\"type\":\"message_stop\"}"),
                false,
                0,
                0);

        Harness.Outcome out = h.run(
                "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                Map.of("provider", "anthropic", "authorization", "sk-ant-test"));

        assertThat(out.failure()).isNull();
        // Anthropic's cache reads are part of the input (TokenUsage's convention): 10 + 2.
        assertThat(h.counters("jetway.tokens"))
                .containsExactly(
                        entry("model=claude-sonnet-4-5,provider=anthropic,type=input", 12.0),
                        entry("model=claude-sonnet-4-5,provider=anthropic,type=output", 4.0));
    }

    @Test
    void aStreamThatBreaksAfterItStartedIsAnUpstreamErrorWhileTheClientGotA200() {
        h.upstream.sse(streamChunks(false).subList(0, 2), false, 0, 0);

        Harness.Outcome out = h.run(STREAM, OPENAI);

        assertThat(out.failure()).isNotNull();
        assertThat(h.counters("jetway.requests"))
                .containsExactly(entry("model=gpt-4o,provider=openai,status=200", 1.0));
        assertThat(h.counters("jetway.upstream.errors"))
                .containsExactly(entry(
                        "model=gpt-4o,provider=openai,status=" + out.failure().status(), 1.0));
    }

    @Test
    void retriesAndFallbacksAreCountedAndBackoffIsNotGatewayOverhead() {
        h.upstream.json(429, RATE_LIMITED, 10, 1).json(429, RATE_LIMITED, 10, 1).json(200, COMPLETION, 20, 1);
        String config = "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":["
                + "{\"provider\":\"openai\",\"api_key\":\"a\",\"retry\":{\"attempts\":1,\"on_status_codes\":[429]}},"
                + "{\"provider\":\"groq\",\"api_key\":\"b\"}]}";

        Harness.Outcome out = h.run(SIMPLE, Map.of("config", config));

        assertThat(out.status()).isEqualTo(200);
        assertThat(h.slept).hasSize(1);
        assertThat(h.counters("jetway.retries")).containsExactly(entry("model=gpt-4o,provider=openai", 1.0));
        assertThat(h.counters("jetway.fallbacks")).containsExactly(entry("model=gpt-4o,provider=openai", 1.0));
        assertThat(h.counters("jetway.upstream.errors"))
                .containsExactly(entry("model=gpt-4o,provider=openai,status=429", 2.0));
        assertThat(h.counters("jetway.requests")).containsExactly(entry("model=gpt-4o,provider=groq,status=200", 1.0));
        long backoff = h.slept.getFirst().toMillis();
        String series = "model=gpt-4o,provider=groq,status_class=2xx,stream=false";
        assertThat(h.timers("jetway.request.duration")).containsExactly(entry(series, List.of(1.0, 43.0 + backoff)));
        assertThat(h.timers("jetway.gateway.overhead")).containsExactly(entry(series, List.of(1.0, 0.0)));
    }

    @Test
    void anUnreachableProviderIsAnUpstreamErrorButARequestErrorIsNot() {
        h.upstream.failing(GatewayException.badGateway("Could not connect to the provider at api.openai.com."), 7);

        assertThat(h.run(SIMPLE, OPENAI).status()).isEqualTo(502);
        assertThat(h.run(SIMPLE, Map.of("provider", "no-such-provider")).status())
                .isEqualTo(400);

        assertThat(h.counters("jetway.requests"))
                .containsExactly(
                        entry("model=gpt-4o,provider=none,status=400", 1.0),
                        entry("model=gpt-4o,provider=openai,status=502", 1.0));
        assertThat(h.counters("jetway.upstream.errors"))
                .containsExactly(entry("model=gpt-4o,provider=openai,status=502", 1.0));
        assertThat(h.timers("jetway.request.first.byte"))
                .as("errors have no first byte")
                .isEmpty();
    }

    @Test
    void theModelLabelIsTheTargetsOverrideWhenItSetsOne() {
        h.upstream.json(200, COMPLETION, 0, 0);
        String config = "{\"provider\":\"openai\",\"api_key\":\"a\",\"override_params\":{\"model\":\"gpt-4.1\"}}";

        h.run(SIMPLE, Map.of("config", config));

        assertThat(h.counters("jetway.requests")).containsOnlyKeys("model=gpt-4.1,provider=openai,status=200");
    }

    @Test
    void cacheStatusesAreCountedFromTheCachesResponseHeader() {
        Observability obs = Observability.create(h.registry, null, h.ticker);
        Target target =
                new Target("openai", "k", null, null, new EnumMap<>(ProviderOption.class), null, Map.of(), true);
        Pipeline withCache = new Pipeline(List.of(obs.requests(), chain -> {
            chain.exchange().target(target);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("x-portkey-cache-status", "SEMANTIC HIT");
            return new GatewayResponse.Complete(200, headers, COMPLETION.getBytes(StandardCharsets.UTF_8));
        }));

        withCache.execute(Harness.exchange(SIMPLE, OPENAI));

        assertThat(h.counters("jetway.cache.requests"))
                .containsExactly(entry("model=gpt-4o,provider=openai,status=semantic_hit", 1.0));
        assertThat(h.counters("jetway.tokens"))
                .as("a cached answer used no provider tokens")
                .isEmpty();
    }

    @Test
    void modelLabelsAreBoundedAndCut() {
        ModelLabels labels = new ModelLabels(2);

        assertThat(labels.of("a")).isEqualTo("a");
        assertThat(labels.of("b")).isEqualTo("b");
        assertThat(labels.of("c")).isEqualTo("other");
        assertThat(labels.of("a")).isEqualTo("a");
        assertThat(labels.of(null)).isEqualTo("none");
        assertThat(new ModelLabels(5).of("m".repeat(300))).hasSize(ModelLabels.MAX_LENGTH);
    }

    @Test
    void aLongModelNameIsCutToSixtyFourCharactersWithAHashThatKeepsNamesApart() {
        ModelLabels labels = new ModelLabels(5);
        String prefix = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/";

        String a = labels.of(prefix + "us.anthropic.claude-3-5-sonnet-20241022-v2:0");
        String b = labels.of(prefix + "us.anthropic.claude-3-7-sonnet-20250219-v1:0");

        assertThat(a).hasSize(64).startsWith(prefix.substring(0, 55) + "~").isNotEqualTo(b);
        assertThat(labels.of(prefix + "us.anthropic.claude-3-5-sonnet-20241022-v2:0"))
                .isEqualTo(a);
        assertThat(labels.of("x".repeat(64))).isEqualTo("x".repeat(64));
    }

    @Test
    void prometheusTextNamesTheSeriesWithUnitsAndTotals() {
        h.upstream.json(200, COMPLETION, 40, 10);
        h.run(SIMPLE, OPENAI);

        String text = h.registry.scrape();

        assertThat(text)
                .contains("jetway_requests_total{model=\"gpt-4o\",provider=\"openai\",status=\"200\"} 1.0")
                .contains("jetway_tokens_total{model=\"gpt-4o\",provider=\"openai\",type=\"input\"} 12.0")
                .contains(
                        "jetway_request_duration_seconds_bucket{model=\"gpt-4o\",provider=\"openai\",status_class=\"2xx\","
                                + "stream=\"false\",le=\"0.025\"} 0")
                .contains(
                        "jetway_request_duration_seconds_bucket{model=\"gpt-4o\",provider=\"openai\",status_class=\"2xx\","
                                + "stream=\"false\",le=\"0.05\"} 1")
                .contains("# TYPE jetway_gateway_overhead_seconds histogram");
    }
}
