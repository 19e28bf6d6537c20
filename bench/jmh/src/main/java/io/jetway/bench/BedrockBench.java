package io.jetway.bench;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Translation;
import io.jetway.gateway.provider.bedrock.BedrockProvider;
import io.jetway.gateway.provider.bedrock.eventstream.EventStreamDecoder;
import io.jetway.gateway.provider.bedrock.eventstream.EventStreamMessage;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Bedrock Converse (a translating provider, binary event-stream framing): Chat Completions request
 * → Converse body, the Converse answer → chat.completion, and the ConverseStream per upstream
 * event (event-stream decoding with both CRC32s checked, a JSON tree per event, the OpenAI chunk
 * written, its UTF-8 bytes).
 *
 * <p>BedrockRequestMapper, BedrockResponseMapper and BedrockStreamMapper are package-private, so
 * this goes through BedrockProvider as the gateway and its golden tests do:
 * <ul>
 *   <li>{@code requestMapping} is {@code translate}: the mapper plus what Bedrock's translation adds
 *       around it (endpoint URI with the model id percent-encoded, a scan of the raw body for
 *       {@code additional_model_request_fields}, headers with a Bedrock API key as bearer token;
 *       no SigV4 signing, no image fetching: the request has no image URL);</li>
 *   <li>{@code responseMapping} is the translation's {@code answer}, which only calls BedrockResponseMapper;</li>
 *   <li>{@code streamPerChunk} pulls the chunks from the translation's {@code stream}
 *       (EventStreamDecoder + BedrockStreamMapper in the FramedChunkSource all streams use). The
 *       source is not closed: after the terminal event, closing hands the rest of the body to a
 *       virtual thread to keep the connection, which is connection handling, not mapping.</li>
 * </ul>
 */
public class BedrockBench extends BenchDefaults {

    private static final UpstreamRequest UPSTREAM = new UpstreamRequest(
            URI.create("https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse-stream"),
            Map.of(),
            new byte[0],
            Duration.ofSeconds(5),
            false);

    private final ChatRequest request =
            Payloads.chat(Payloads.CHAT_REQUEST.replace("gpt-4o-mini", Payloads.BEDROCK_MODEL));
    private final ChatRequest streamRequest =
            Payloads.chat(Payloads.CHAT_STREAM_REQUEST.replace("gemini-2.5-flash", Payloads.BEDROCK_MODEL));
    private final ProviderCall call = Payloads.call(BedrockProvider.ID, request);
    private final ProviderCall streamCall = Payloads.call(BedrockProvider.ID, streamRequest);
    private final byte[] stream = Payloads.bedrockStream();
    /** The requests here reference no image by URL, so nothing is ever fetched. */
    private final BedrockProvider provider = new BedrockProvider((uri, param) -> {
        throw new IllegalStateException("the benchmark request has no image URL to fetch: " + uri);
    });
    /** The translations of the two calls: what preparing decided, read back per answer and stream. */
    private final Translation translation = provider.translate(call);

    private final Translation streamTranslation = provider.translate(streamCall);
    /** Chunks the whole stream maps to (counted at set-up). */
    private int chunks;

    /** Fails the run if a fixture does not map to what it should (a broken fixture measures nothing). */
    @Setup
    public void check() {
        ProviderRequest prepared = requestMapping();
        Check.contains(
                "requestMapping: uri",
                prepared.uri().toString(),
                "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
        Check.equal(
                "requestMapping: authorization",
                "Bearer key",
                prepared.headers().get("authorization"));
        Check.contains(
                "requestMapping",
                new String(prepared.body(), StandardCharsets.UTF_8),
                "\"system\":[{\"text\":\"You are a helpful assistant.\"}]",
                "Hello! Say something short.",
                "\"maxTokens\":64");

        Check.contains(
                "responseMapping",
                new String(responseMapping(), StandardCharsets.UTF_8),
                "\"object\":\"chat.completion\"",
                "\"model\":\"" + Payloads.BEDROCK_MODEL + "\"",
                "\"content\":\"Hello! How can I help you today?\"",
                "\"finish_reason\":\"stop\"");

        // The frames are well-formed (the gateway's decoder checks both CRCs) and as many as @OperationsPerInvocation
        // says.
        List<String> types = new ArrayList<>();
        try {
            EventStreamDecoder decoder = new EventStreamDecoder(new ByteArrayInputStream(stream));
            for (EventStreamMessage m; (m = decoder.next()) != null; ) {
                types.add(m.stringHeader(":event-type"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("the event-stream fixture does not decode", e);
        }
        Check.equal("streamPerChunk: upstream events", Payloads.BEDROCK_STREAM_EVENTS, types.size());
        Check.equal("streamPerChunk: last event", "metadata", types.getLast());

        // The whole stream, to its proper end (next() == null; no error).
        List<String> all = new ArrayList<>();
        try (ChunkSource source = streamTranslation.stream(UPSTREAM, new BytesResponse(stream))) {
            for (String payload; (payload = source.next()) != null; ) {
                all.add(payload);
            }
        }
        // role, 18 content chunks, finish, usage (the request asks for it)
        Check.equal("streamPerChunk: chunks", 21, all.size());
        Check.contains("streamPerChunk: first chunk", all.getFirst(), "\"role\":\"assistant\"");
        Check.equal("streamPerChunk: content", Payloads.streamText(), Check.content(all));
        Check.contains("streamPerChunk: finish chunk", all.get(19), "\"finish_reason\":\"stop\"");
        Check.contains("streamPerChunk: usage chunk", all.getLast(), "\"completion_tokens\":18");
        chunks = all.size();
    }

    @Benchmark
    public ProviderRequest requestMapping() {
        return provider.translate(call).request();
    }

    @Benchmark
    public byte[] responseMapping() {
        return translation.answer(Payloads.BEDROCK_RESPONSE);
    }

    /**
     * Per upstream event of a 22-message stream (messageStart … metadata; 21 chunks out, the usage
     * chunk included); decoder, mapper and source set-up amortised. The last chunk comes from the
     * last message, so every message is decoded and mapped.
     */
    @Benchmark
    @OperationsPerInvocation(Payloads.BEDROCK_STREAM_EVENTS)
    public void streamPerChunk(Blackhole bh) {
        ChunkSource source = streamTranslation.stream(UPSTREAM, new BytesResponse(stream));
        for (int i = 0; i < chunks; i++) {
            bh.consume(source.next().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** An upstream response whose body is the given bytes. */
    private static final class BytesResponse implements UpstreamResponse {
        private final InputStream body;

        BytesResponse(byte[] bytes) {
            this.body = new ByteArrayInputStream(bytes);
        }

        @Override
        public int status() {
            return 200;
        }

        @Override
        public String header(String name) {
            return name.equalsIgnoreCase("content-type") ? "application/vnd.amazon.eventstream" : null;
        }

        @Override
        public void forEachHeader(BiConsumer<String, String> action) {
            action.accept("content-type", "application/vnd.amazon.eventstream");
        }

        @Override
        public InputStream body() {
            return body;
        }

        @Override
        public byte[] readAll() {
            try {
                return body.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
