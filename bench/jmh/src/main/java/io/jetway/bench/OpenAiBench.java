package io.jetway.bench;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.provider.core.EffectiveRequest;
import io.jetway.gateway.provider.openai.OpenAiAnswers;
import io.jetway.gateway.provider.openai.OpenAiRequestMapper;
import io.jetway.gateway.provider.openai.OpenAiStreamMapper;
import io.jetway.sse.SseDecoder;
import io.jetway.sse.SseEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.infra.Blackhole;

/**
 * OpenAI-format providers: the request as the caller sent it (byte passthrough), with a provider's
 * exclusion list that the body does not hit (a byte search) and does hit (a JSON tree round trip),
 * the stream relay per upstream event (SSE decoding, the mapper, the UTF-8 bytes the response
 * writer sends), and the well-formedness check of a non-stream answer.
 */
public class OpenAiBench extends BenchDefaults {

    private final ChatRequest request = Payloads.chat(Payloads.CHAT_REQUEST);
    private final ChatRequest requestWithExtras = Payloads.chat(Payloads.CHAT_REQUEST_WITH_EXTRAS);
    private final byte[] stream = Payloads.openAiStream();

    private final OpenAiRequestMapper passthrough = new OpenAiRequestMapper(Set.of(), Map.of());
    /** Groq's list (CompatibleProviders): logprobs, logit_bias, top_logprobs, metadata, store. */
    private final OpenAiRequestMapper exclusions =
            new OpenAiRequestMapper(Set.of("logprobs", "logit_bias", "top_logprobs", "metadata", "store"), Map.of());
    /** Exclusions plus renames, as for Mistral (seed → random_seed, max_completion_tokens → max_tokens). */
    private final OpenAiRequestMapper exclusionsAndRenames = new OpenAiRequestMapper(
            Set.of("logprobs", "logit_bias", "top_logprobs", "metadata", "store"),
            Map.of("seed", "random_seed", "max_completion_tokens", "max_tokens"));

    @Benchmark
    public Object requestPassthrough() {
        return passthrough.map(EffectiveRequest.of(request, null));
    }

    @Benchmark
    public Object requestExclusionsNotPresent() {
        return exclusions.map(EffectiveRequest.of(request, null));
    }

    @Benchmark
    public Object requestExclusionsAndRenamesPresent() {
        return exclusionsAndRenames.map(EffectiveRequest.of(requestWithExtras, null));
    }

    /** The check every 2xx non-stream answer passes (one JSON object, scanned without building a tree). */
    @Benchmark
    public Object answerCheck() {
        return OpenAiAnswers.checked("openai", Payloads.OPENAI_RESPONSE);
    }

    /** Per upstream event of a 21-event stream (decoder set-up amortised over the stream). */
    @Benchmark
    @OperationsPerInvocation(Payloads.STREAM_EVENTS)
    public void streamPerChunk(Blackhole bh) throws IOException {
        SseDecoder decoder = new SseDecoder(new ByteArrayInputStream(stream));
        OpenAiStreamMapper mapper = new OpenAiStreamMapper("openai");
        List<String> out = new ArrayList<>(4);
        for (SseEvent event; (event = decoder.next()) != null; ) {
            out.clear();
            boolean done = mapper.onEvent(event, out);
            for (String payload : out) {
                bh.consume(payload.getBytes(StandardCharsets.UTF_8));
            }
            if (done) {
                break;
            }
        }
    }
}
