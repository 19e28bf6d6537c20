package io.jetway.bench;

import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.google.GeminiRequestMapper;
import io.jetway.gateway.provider.google.GeminiResponseMapper;
import io.jetway.gateway.provider.google.GeminiStreamMapper;
import io.jetway.gateway.provider.google.GoogleProvider;
import io.jetway.sse.SseDecoder;
import io.jetway.sse.SseEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Gemini (a translating provider): Chat Completions request → generateContent body, the
 * generateContent answer → chat.completion, and the stream per upstream event (SSE decoding, a
 * JSON tree per event, the OpenAI chunk written, its UTF-8 bytes).
 */
public class GeminiBench extends BenchDefaults {

    private final ChatRequest request = Payloads.chat(Payloads.CHAT_REQUEST.replace("gpt-4o-mini", "gemini-2.5-flash"));
    private final ChatRequest streamRequest = Payloads.chat(Payloads.CHAT_STREAM_REQUEST);
    private final ProviderCall call = Payloads.call(GoogleProvider.ID, request);
    private final ProviderCall streamCall = Payloads.call(GoogleProvider.ID, streamRequest);
    private final byte[] stream = Payloads.geminiStream();
    private final GeminiRequestMapper requestMapper = new GeminiRequestMapper();
    private final GeminiResponseMapper responseMapper = new GeminiResponseMapper(GoogleProvider.ID);
    /** What the provider's translation decided while preparing (once per request, not per answer). */
    private final AnswerPlan plan = AnswerPlan.of(call);

    private final AnswerPlan streamPlan = AnswerPlan.of(streamCall);
    private final CallFacts.Recorder facts = new CallFacts.Recorder();

    @Benchmark
    public Object requestMapping() {
        CreateChatCompletionRequest req = call.effective().body();
        return requestMapper.map(req, true);
    }

    @Benchmark
    public byte[] responseMapping() {
        return responseMapper.map(plan, Payloads.GEMINI_RESPONSE, facts);
    }

    /** Per upstream event of a 21-event stream, usage chunk included (decoder set-up amortised). */
    @Benchmark
    @OperationsPerInvocation(Payloads.STREAM_EVENTS)
    public void streamPerChunk(Blackhole bh) throws IOException {
        SseDecoder decoder = new SseDecoder(new ByteArrayInputStream(stream));
        GeminiStreamMapper mapper = new GeminiStreamMapper(GoogleProvider.ID, streamPlan, facts);
        List<String> out = new ArrayList<>(4);
        for (SseEvent event; (event = decoder.next()) != null; ) {
            out.clear();
            mapper.onEvent(event, out);
            for (String payload : out) {
                bh.consume(payload.getBytes(StandardCharsets.UTF_8));
            }
        }
        out.clear();
        mapper.onEnd(out);
        for (String payload : out) {
            bh.consume(payload.getBytes(StandardCharsets.UTF_8));
        }
    }
}
