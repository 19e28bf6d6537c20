package io.jetway.bench;

import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.anthropic.AnthropicProvider;
import io.jetway.gateway.provider.anthropic.AnthropicReader;
import io.jetway.gateway.provider.anthropic.AnthropicRequestMapper;
import io.jetway.gateway.provider.anthropic.AnthropicStreamMapper;
import io.jetway.sse.SseDecoder;
import io.jetway.sse.SseEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Anthropic (a translating provider): Chat Completions request → Messages body, the Messages
 * answer → chat.completion, and the stream per upstream event (SSE decoding, a JSON tree per
 * event, the OpenAI chunk written, its UTF-8 bytes). The same calls as AnthropicProvider's
 * translation (request mapper, answer, stream mapper); the payloads are the latency benchmark's
 * (bench/upstream/anthropic.json, anthropic.sse).
 */
public class AnthropicBench extends BenchDefaults {

    private final ChatRequest request =
            Payloads.chat(Payloads.CHAT_REQUEST.replace("gpt-4o-mini", Payloads.ANTHROPIC_MODEL));
    private final ChatRequest streamRequest =
            Payloads.chat(Payloads.CHAT_STREAM_REQUEST.replace("gemini-2.5-flash", Payloads.ANTHROPIC_MODEL));
    private final ProviderCall call = Payloads.call(AnthropicProvider.ID, request);
    private final ProviderCall streamCall = Payloads.call(AnthropicProvider.ID, streamRequest);
    private final byte[] stream = Payloads.anthropicStream();
    /** What the provider's translation decided while preparing (once per request, not per answer). */
    private final AnthropicReader reader =
            (AnthropicReader) new AnthropicProvider().translate(call).reader();

    private final AnthropicReader streamReader =
            (AnthropicReader) new AnthropicProvider().translate(streamCall).reader();
    private final CallFacts.Recorder facts = new CallFacts.Recorder();

    /** Fails the run if a fixture does not map to what it should (a broken fixture measures nothing). */
    @Setup
    public void check(Blackhole bh) throws IOException {
        String body = new String(requestMapping().body(), StandardCharsets.UTF_8);
        Check.contains(
                "requestMapping",
                body,
                "\"model\":\"" + Payloads.ANTHROPIC_MODEL + "\"",
                "\"system\":",
                "You are a helpful assistant.",
                "Hello! Say something short.",
                "\"max_tokens\":64");

        String completion = new String(responseMapping(), StandardCharsets.UTF_8);
        Check.contains(
                "responseMapping",
                completion,
                "\"object\":\"chat.completion\"",
                "\"content\":\"Hello! How can I help you today?\"",
                "\"finish_reason\":\"stop\"");

        List<String> chunks = new ArrayList<>();
        int events = mapStream(bh, chunks);
        Check.equal("streamPerChunk: upstream events", Payloads.ANTHROPIC_STREAM_EVENTS, events);
        // role, 18 content chunks, finish, usage (the request asks for it)
        Check.equal("streamPerChunk: chunks", 21, chunks.size());
        Check.contains("streamPerChunk: first chunk", chunks.getFirst(), "\"role\":\"assistant\"");
        Check.equal("streamPerChunk: content", Payloads.streamText(), Check.content(chunks));
        Check.contains("streamPerChunk: finish chunk", chunks.get(19), "\"finish_reason\":\"stop\"");
        Check.contains("streamPerChunk: usage chunk", chunks.getLast(), "\"completion_tokens\":18");
    }

    @Benchmark
    public AnthropicRequestMapper.Mapped requestMapping() {
        return AnthropicRequestMapper.map(call.effective(), AnthropicRequestMapper.Options.ANTHROPIC_API);
    }

    @Benchmark
    public byte[] responseMapping() {
        return reader.answer(Payloads.ANTHROPIC_RESPONSE, facts);
    }

    /**
     * Per upstream event of a 24-event stream (message_start … message_stop, a ping included; 21
     * chunks out, the usage chunk included); decoder and mapper set-up amortised.
     */
    @Benchmark
    @OperationsPerInvocation(Payloads.ANTHROPIC_STREAM_EVENTS)
    public void streamPerChunk(Blackhole bh) throws IOException {
        mapStream(bh, null);
    }

    /** The whole stream through the decoder and a fresh mapper; the number of events read. */
    private int mapStream(Blackhole bh, List<String> keep) throws IOException {
        SseDecoder decoder = new SseDecoder(new ByteArrayInputStream(stream));
        AnthropicStreamMapper mapper = streamReader.streamMapper(facts);
        List<String> out = new ArrayList<>(4);
        int events = 0;
        for (SseEvent event; (event = decoder.next()) != null; ) {
            events++;
            out.clear();
            boolean done = mapper.onEvent(event, out);
            for (String payload : out) {
                bh.consume(payload.getBytes(StandardCharsets.UTF_8));
                if (keep != null) {
                    keep.add(payload);
                }
            }
            if (done) {
                break;
            }
        }
        return events;
    }
}
