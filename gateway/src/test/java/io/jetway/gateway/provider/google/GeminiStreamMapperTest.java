package io.jetway.gateway.provider.google;

import static io.jetway.gateway.provider.google.GeminiFixtures.call;
import static io.jetway.gateway.provider.google.GeminiFixtures.caseBytes;
import static io.jetway.gateway.provider.google.GeminiFixtures.caseText;
import static io.jetway.gateway.provider.google.GeminiFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.SseChunkSource;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Gemini stream through the shared {@link SseChunkSource}, as the gateway runs it: the cases beyond
 * the golden ones, which run as conformance cases ({@code conformance/google/documented-*}: chunk for
 * chunk, strict and not, accumulated against the same answer whole).
 */
class GeminiStreamMapperTest {

    private static final String STREAM_WITH_USAGE = """
            {"model":"gemini-2.5-flash","stream":true,"stream_options":{"include_usage":true},
             "messages":[{"role":"user","content":"hi"}]}""";
    private static final String STREAM = """
            {"model":"gemini-2.5-flash","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    /** All client payloads of a stream, or the error it ended with. */
    private static List<String> drain(String requestJson, boolean strict, byte[] sse) {
        ProviderCall call = call(requestJson, strict);
        UpstreamRequest request = new UpstreamRequest(
                URI.create("https://generativelanguage.googleapis.com/v1beta/x"),
                Map.of(),
                new byte[0],
                Duration.ofSeconds(5),
                false);
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        UpstreamResponse response = new UpstreamResponse() {
            private final InputStream body = new ByteArrayInputStream(sse);

            @Override
            public int status() {
                return 200;
            }

            @Override
            public void forEachHeader(java.util.function.BiConsumer<String, String> action) {
                // no headers
            }

            @Override
            public String header(String name) {
                return null;
            }

            @Override
            public InputStream body() {
                return body;
            }

            @Override
            public byte[] readAll() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };
        io.jetway.gateway.core.ChunkSource source = SseChunkSource.of(
                request, response, new GeminiStreamMapper("google", AnswerPlan.of(call), new CallFacts.Recorder()));
        List<String> out = new ArrayList<>();
        try {
            for (String payload = source.next(); payload != null; payload = source.next()) {
                out.add(payload);
            }
        } finally {
            // A finished stream is released after its remaining body is read, on another thread.
            assertThat(awaitQuietly(closed))
                    .as("the upstream response is released")
                    .isTrue();
        }
        return out;
    }

    private static byte[] sse(String... payloads) {
        StringBuilder sb = new StringBuilder();
        for (String p : payloads) {
            sb.append("data: ").append(p.replace("\n", "")).append("\r\n\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sendsNoUsageChunkUnlessAskedFor() {
        List<String> chunks = drain(STREAM, true, caseBytes("documented-text", "stream.upstream"));
        assertThat(chunks).hasSize(4).noneMatch(c -> c.contains("\"usage\""));
        assertThat(json(chunks.get(3)).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void reportsAStreamThatEndsBeforeTheFinishReasonAsTruncated() {
        byte[] cut = sse("""
                {"candidates":[{"content":{"parts":[{"text":"The capital"}],"role":"model"},"index":0}]}""");
        assertThatThrownBy(() -> drain(STREAM, true, cut)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("stream_truncated");
        });
    }

    @Test
    void reportsAnEmptyStreamAsTruncated() {
        assertThatThrownBy(() -> drain(STREAM, true, new byte[0]))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo("stream_truncated"));
    }

    @Test
    void reportsInputCutOffInsideAnEventAsTruncatedEvenAfterTheFinishReason() {
        byte[] finished = caseBytes("documented-text", "stream.upstream");
        byte[] cut = (new String(finished, StandardCharsets.UTF_8) + "data: {\"candidates\":")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> drain(STREAM, true, cut))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo("stream_truncated"));
    }

    @Test
    void waitsForEveryCandidateToFinish() {
        byte[] oneOfTwo = sse("""
                {"candidates":[{"content":{"parts":[{"text":"a"}],"role":"model"},"index":0,"finishReason":"STOP"},
                               {"content":{"parts":[{"text":"b"}],"role":"model"},"index":1}]}""");
        assertThatThrownBy(() -> drain(STREAM, true, oneOfTwo))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo("stream_truncated"));

        byte[] both = sse("""
                {"candidates":[{"content":{"parts":[{"text":"a"}],"role":"model"},"index":0,"finishReason":"STOP"},
                               {"content":{"parts":[{"text":"b"}],"role":"model"},"index":1}]}""", """
                {"candidates":[{"content":{"parts":[{"text":"c"}],"role":"model"},"index":1,"finishReason":"MAX_TOKENS"}]}""");
        List<String> chunks = drain(STREAM, true, both);
        assertThat(chunks)
                .anyMatch(c -> json(c).at("/choices/0/index").asInt() == 1
                        && "length"
                                .equals(json(c).at("/choices/0/finish_reason").asText()));
    }

    @Test
    void endsTheStreamWithGooglesErrorWhenOneArrivesMidStream() {
        byte[] broken = sse("""
                {"candidates":[{"content":{"parts":[{"text":"The"}],"role":"model"},"index":0}]}""", """
                {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}""");
        assertThatThrownBy(() -> drain(STREAM, true, broken)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.type()).isEqualTo("rate_limit_error");
            assertThat(e.getMessage()).isEqualTo("Resource has been exhausted (e.g. check quota).");
        });
    }

    @Test
    void reportsABlockedPromptInTheFirstChunkAsAnError() {
        byte[] blocked =
                sse(caseText("answer-prompt-blocked", "answer.upstream.json").replace("\n", ""));
        assertThatThrownBy(() -> drain(STREAM, true, blocked))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo("content_filter"));
    }

    @Test
    void ignoresADoneMarkerAProxyMightAdd() {
        byte[] withDone =
                (caseText("documented-text", "stream.upstream") + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
        assertThat(drain(STREAM, true, withDone)).hasSize(4);
    }

    static boolean awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            return latch.await(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
