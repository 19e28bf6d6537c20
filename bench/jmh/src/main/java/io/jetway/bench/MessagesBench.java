package io.jetway.bench;

import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.Endpoint;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.messages.MessagesAnswerMapper;
import io.jetway.gateway.messages.MessagesStream;
import io.jetway.gateway.messages.TranslatedMessages;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.Providers;
import io.jetway.gateway.provider.anthropic.MessagesRelay;
import io.jetway.sse.SseDecoder;
import io.jetway.sse.SseEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code /v1/messages} (issue 19): what the Messages path adds to a provider's own work. Translated
 * (to an OpenAI-format provider): the Messages request mapped to a chat request and typed; the
 * chat answer mapped to a message; the chat stream per chunk as Anthropic's events. Native (to
 * Anthropic): the relay per upstream event (the events read for facts: three of them parsed).
 */
public class MessagesBench extends BenchDefaults {

    static final String MESSAGES_REQUEST = """
            {"model":"gpt-4o-mini","max_tokens":64,"system":"You are a helpful assistant.",\
            "messages":[{"role":"user","content":"Hello! Say something short."}]}""";

    private final ProviderCall call = call(MESSAGES_REQUEST, false);
    private final io.jetway.gateway.provider.Provider openai =
            Providers.defaults().get("openai", "p");
    private final List<String> chatChunks = chunks();
    private final byte[] anthropicStream = Payloads.anthropicStream();

    private static ProviderCall call(String body, boolean stream) {
        Target target = new Target(
                "openai", "sk-bench", null, null, new EnumMap<>(ProviderOption.class), null, Map.of(), false);
        return new ProviderCall(
                ChatRequest.of(Endpoint.MESSAGES, body.getBytes(StandardCharsets.UTF_8), "gpt-4o-mini", stream),
                target,
                "trace-bench",
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** The OpenAI stream's 21 chunk payloads, as the OpenAI-format provider hands them on. */
    private static List<String> chunks() {
        List<String> out = new ArrayList<>();
        try {
            SseDecoder sse = new SseDecoder(new ByteArrayInputStream(Payloads.openAiStream()));
            for (SseEvent e = sse.next(); e != null; e = sse.next()) {
                if (!e.isDone()) {
                    out.add(e.data());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Setup
    public void check(Blackhole bh) throws IOException {
        Check.contains(
                "translatedRequest",
                new String(translatedRequest().request().body(), StandardCharsets.UTF_8),
                "\"role\":\"system\"",
                "\"max_tokens\":64");
        Check.contains(
                "translatedAnswer",
                new String(translatedAnswer(), StandardCharsets.UTF_8),
                "\"type\":\"message\"",
                "\"type\":\"text\"",
                "\"stop_reason\":\"end_turn\"");
        List<String> events = new ArrayList<>();
        translated(events::add);
        Check.contains("translatedStreamPerChunk: first", events.getFirst(), "event: message_start");
        Check.contains("translatedStreamPerChunk: last", events.getLast(), "event: message_stop");
        List<String> relayed = new ArrayList<>();
        relay(relayed);
        Check.equal("nativeRelayPerEvent: events", Payloads.ANTHROPIC_STREAM_EVENTS, relayed.size());
    }

    @Benchmark
    public io.jetway.gateway.provider.Translation translatedRequest() {
        return TranslatedMessages.translate(openai, call);
    }

    @Benchmark
    public byte[] translatedAnswer() {
        return MessagesAnswerMapper.map(Payloads.OPENAI_RESPONSE);
    }

    /** Per chat chunk of a 21-chunk stream (26 events out: start, block start/stop, 18 deltas, delta, stop). */
    @Benchmark
    @OperationsPerInvocation(Payloads.STREAM_EVENTS)
    public void translatedStreamPerChunk(Blackhole bh) {
        translated(bh::consume);
    }

    /** Per upstream event of Anthropic's 24-event stream, relayed. */
    @Benchmark
    @OperationsPerInvocation(Payloads.ANTHROPIC_STREAM_EVENTS)
    public void nativeRelayPerEvent(Blackhole bh) throws IOException {
        List<String> out = new ArrayList<>(2);
        relayInto(out, bh);
    }

    private void translated(java.util.function.Consumer<String> sink) {
        java.util.Iterator<String> it = chatChunks.iterator();
        MessagesStream stream = new MessagesStream(
                new ChunkSource() {
                    @Override
                    public String next() {
                        return it.hasNext() ? it.next() : null;
                    }

                    @Override
                    public void close() {}
                },
                "msg_bench",
                "gpt-4o-mini");
        for (String e = stream.next(); e != null; e = stream.next()) {
            sink.accept(e);
        }
    }

    private void relay(List<String> out) throws IOException {
        relayInto(out, null);
    }

    private void relayInto(List<String> out, Blackhole bh) throws IOException {
        SseDecoder sse = new SseDecoder(new ByteArrayInputStream(anthropicStream));
        MessagesRelay relay = new MessagesRelay(new CallFacts.Recorder(), "anthropic");
        for (SseEvent e = sse.next(); e != null; e = sse.next()) {
            relay.onEvent(e, out);
            if (bh != null) {
                bh.consume(out.getLast().getBytes(StandardCharsets.UTF_8));
                out.clear();
            }
        }
    }
}
