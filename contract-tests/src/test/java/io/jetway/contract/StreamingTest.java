package io.jetway.contract;

import static io.jetway.contract.OpenAiPassthroughTest.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.contract.support.OpenApiContract;
import io.jetway.contract.support.Sse;
import io.jetway.sse.SseDecoder;
import io.jetway.sse.SseEvent;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streaming through the gateway: order, completeness, latency, and failures after the first byte. */
class StreamingTest {

    static final String STREAM =
            "{\"model\":\"gpt-4o-mini\",\"stream\":true," + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static GatewayHarness gw;

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
    void relaysEveryChunkInOrderAndEndsWithDone() {
        List<String> upstreamChunks = List.of(
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo ✓\"},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        gw.upstream().enqueue(FakeResponse.sse(upstreamChunks));

        HttpResponse<InputStream> res = gw.chat(STREAM).open();

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        assertThat(res.headers().firstValue("x-portkey-provider")).hasValue("openai");
        List<String> data = Sse.data(res.body());
        assertThat(data).containsExactlyElementsOf(concat(upstreamChunks, "[DONE]"));
        assertThat(gw.upstream().takeRequest().header("accept")).isEqualTo("text/event-stream");
    }

    @Test
    void finishedStreamsGiveTheirUpstreamConnectionBackForTheNextRequest() {
        for (int i = 0; i < 4; i++) {
            gw.upstream().enqueue(FakeResponse.chatStream("a", "b"));
            assertThat(Sse.data(gw.chat(STREAM).open().body())).last().isEqualTo("[DONE]");
        }

        long connections = gw.upstream().requests().stream()
                .mapToInt(r -> r.connectionIndex())
                .distinct()
                .count();
        // Without reading the end of each finished stream, every one would need a new connection (4).
        assertThat(connections).isLessThanOrEqualTo(2);
    }

    @Test
    void includeUsagePassesTheProvidersUsageChunkThrough() {
        gw.upstream().enqueue(FakeResponse.chatStream("Hel", "lo").withUsageChunk(12, 2));

        List<String> data = Sse.data(
                gw.chat("{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                        .open()
                        .body());

        assertThat(data).last().isEqualTo("[DONE]");
        String usage = data.get(data.size() - 2);
        assertThat(field(usage, "/usage/prompt_tokens")).isEqualTo("12");
        assertThat(field(usage, "/choices")).isEmpty();
        assertThat(gw.upstream()
                        .takeRequest()
                        .bodyJson()
                        .at("/stream_options/include_usage")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void chunksReachTheClientAsTheyArriveWithoutBuffering() throws Exception {
        gw.upstream().enqueue(FakeResponse.chatStream("one", "two").delayBeforeEachEventMillis(700));

        HttpResponse<InputStream> res = gw.chat(STREAM).open();
        SseDecoder decoder = new SseDecoder(res.body());
        SseEvent first = decoder.next();
        long firstAt = System.nanoTime();
        SseEvent second = decoder.next();
        long gapMillis = (System.nanoTime() - firstAt) / 1_000_000;
        res.body().close();

        assertThat(first.data()).contains("\"role\":\"assistant\"");
        assertThat(second.data()).contains("one");
        // The upstream waits 700 ms between events; a buffering gateway would deliver them together.
        assertThat(gapMillis).isGreaterThan(350);
    }

    @Test
    void aStreamThatBreaksMidWayEndsWithAnErrorEventAndNoDone() {
        gw.upstream().enqueue(FakeResponse.chatStream("a", "b", "c").dropAfter(2));

        List<String> data = Sse.data(gw.chat(STREAM).send(Sse.cutOff()).body());

        assertThat(data).hasSize(3).doesNotContain("[DONE]");
        assertThat(data.get(1)).contains("\"content\":\"a\"");
        assertThat(field(data.get(2), "/error/type")).isIn("upstream_error", "timeout_error");
        assertThat(field(data.get(2), "/error/message")).isNotEmpty();
        OpenApiContract.get().assertValid("ErrorResponse", data.get(2));
        // The gateway keeps serving.
        assertThat(gw.chat(OpenAiPassthroughTest.SIMPLE).send().statusCode()).isEqualTo(200);
    }

    @Test
    void aStreamEndingWithoutDoneIsReportedAsTruncated() {
        gw.upstream().enqueue(FakeResponse.chatStream("a").withoutDone());

        List<String> data = Sse.data(gw.chat(STREAM).send(Sse.cutOff()).body());

        assertThat(data).doesNotContain("[DONE]");
        assertThat(field(data.getLast(), "/error/code")).isEqualTo("stream_truncated");
    }

    @Test
    void anErrorTheProviderSendsMidStreamIsRelayedAsAnErrorNotAFinish() {
        gw.upstream()
                .enqueue(
                        FakeResponse.sse(
                                List.of(
                                        "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":null}]}",
                                        "{\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}")));

        List<String> data = Sse.data(gw.chat(STREAM).send(Sse.cutOff()).body());

        assertThat(data).hasSize(2).doesNotContain("[DONE]");
        assertThat(field(data.get(1), "/error/message"))
                .isEqualTo("The server had an error while processing your request.");
        assertThat(field(data.get(1), "/error/type")).isEqualTo("server_error");
    }

    @Test
    void azureContentFilterChunksWithEmptyChoicesPassThrough() {
        String filter =
                "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":"
                        + "[{\"prompt_index\":0,\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"}}}]}";
        String chunk =
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}]}";
        gw.upstream().enqueue(FakeResponse.sse(List.of(filter, chunk)));

        List<String> data = Sse.data(gw.chat(STREAM)
                .header("x-portkey-provider", "azure-openai")
                .header("x-portkey-custom-host", gw.upstream().baseUrl() + "/openai")
                .header("x-portkey-azure-deployment-id", "d")
                .open()
                .body());

        assertThat(data).containsExactly(filter, chunk, "[DONE]");
    }

    @Test
    void toolCallDeltasPassThroughUnchanged() {
        gw.upstream().enqueue(FakeResponse.toolCallStream("get_weather", "{\"city\"", ":\"Paris\"}"));

        List<String> data = Sse.data(gw.chat(STREAM).open().body());

        assertThat(data).last().isEqualTo("[DONE]");
        String arguments = data.stream()
                .filter(d -> d.contains("tool_calls"))
                .map(d -> field(d, "/choices/0/delta/tool_calls/0/function/arguments"))
                .reduce("", String::concat);
        assertThat(arguments).isEqualTo("{\"city\":\"Paris\"}");
    }

    @Test
    void anUpstreamErrorBeforeTheStreamStartsIsAPlainJsonError() {
        gw.upstream()
                .enqueue(FakeResponse.error(429, "Rate limit reached", "requests", "rate_limit_exceeded")
                        .header("retry-after", "3"));

        HttpResponse<String> res = gw.chat(STREAM).send();

        assertThat(res.statusCode()).isEqualTo(429);
        assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(res.headers().firstValue("retry-after")).hasValue("3");
        assertThat(field(res.body(), "/error/message")).isEqualTo("Rate limit reached");
    }

    private static List<String> concat(List<String> list, String last) {
        return java.util.stream.Stream.concat(list.stream(), java.util.stream.Stream.of(last))
                .toList();
    }
}
